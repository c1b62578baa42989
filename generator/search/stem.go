package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/verbatim-archive/verbatim/generator/model"
	"golang.org/x/text/unicode/norm"
)

// stemmers are the Snowball stemmers of the languages built in, by the
// code of their language. The same algorithms, generated from the same
// Go, are under themes/default/static/assets/search/stem/ for the query
// (go run ./generator/search/internal/stemgen); TestStemJS holds the two
// to one another. English keeps the light stemmer of stem, which finds
// plurals and -ing and -ed forms and is written into tokenize.js itself:
// Porter's would re-rank every English archive and add a module to every
// search page for little gain.
var stemmers = map[string]func(*snowballstem.Env) bool{
	"ar": arabic.Stem,
	"de": german.Stem,
	"es": spanish.Stem,
	"fr": french.Stem,
	"ru": russian.Stem,
}

// Stemmer is the key of the stemmer for a language tag ("ru", "fr-CA",
// "de_AT"): its primary language when a Snowball stemmer is built in for
// it, else "" (the light English one, which leaves words of other
// scripts as they are).
func Stemmer(lang string) string {
	code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	code, _, _ = strings.Cut(code, "_")
	if _, ok := stemmers[code]; ok {
		return code
	}
	return ""
}

// snowball stems a word, as words gives it, with the stemmer of key: in
// NFC and lower case, without the apostrophes that join it, and for French
// without an elided article or pronoun (l'accord -> accord), which the
// stemmer does not take off. A word outside the Basic Multilingual Plane
// is left as it is, so that tokenize.js, which counts in UTF-16 units, can
// stem every word this does.
func snowball(key, w string) string {
	w = strings.ToLower(norm.NFC.String(w))
	if key == "fr" {
		w = elide(w)
	}
	w = dropApostrophes(w)
	for _, r := range w {
		if r > 0xffff || r == unicode.ReplacementChar {
			return w
		}
	}
	env := snowballstem.NewEnv(w)
	stemmers[key](env)
	return env.Current()
}

// elide takes off a French elided word: the l' of l'accord, the qu' of
// qu'il.
func elide(w string) string {
	i := strings.IndexAny(w, "'’")
	if i < 0 {
		return w
	}
	switch w[:i] {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu":
		_, size := utf8.DecodeRuneInString(w[i:])
		return w[i+size:]
	}
	return w
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// stemmersOf lists the stemmers of entries, sorted, or nil when all are
// the light English one.
func stemmersOf(es []*Entry) []string {
	var out []string
	for _, e := range es {
		if !slices.Contains(out, e.stemmer) {
			out = append(out, e.stemmer)
		}
	}
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	slices.Sort(out)
	return out
}

// languages sets the languages of the archive, when it has more than one,
// and the number of each entry's among them.
func (m *meta) languages(es []*Entry) {
	var langs []string
	for _, e := range es {
		if !slices.Contains(langs, e.lang) {
			langs = append(langs, e.lang)
		}
	}
	if len(langs) < 2 {
		return
	}
	slices.Sort(langs)
	m.Languages = langs
	m.Langs = make([]int, len(es))
	for i, e := range es {
		m.Langs[i] = slices.Index(langs, e.lang)
	}
}

// ModuleDir is where the theme keeps the stemmers for the browser, one
// module a language and env.js, their runtime.
const ModuleDir = "assets/search/stem/"

// Modules are the files of ModuleDir a site's search page needs: those of
// the languages its transcripts are in, and the runtime with any. The
// others are not published, so an archive in English carries none.
func Modules(ts []*model.Transcript) map[string]bool {
	need := map[string]bool{}
	seen := map[string]bool{} // an archive has a few languages: each is looked up once
	for _, t := range ts {
		if seen[t.Lang] {
			continue
		}
		seen[t.Lang] = true
		if k := Stemmer(t.Lang); k != "" {
			need[k+".js"], need["env.js"] = true, true
		}
	}
	return need
}
