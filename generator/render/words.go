package render

import (
	"fmt"
	"html/template"
	"sort"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// MarkdownWords are the labels the markdown converter gives a body's links
// in the language tag: the "↩" of a note, the marks of removed turns.
func (th *Theme) MarkdownWords(tag string) markdown.Words {
	l := th.Lang(tag)
	return markdown.Words{NoteBack: l.Text("back_to_text"),
		TurnRemoved: l.Text("turn_removed"), TurnMerged: l.Text("turn_merged")}
}

// languages are the languages the site's pages are in: the site's, and
// each transcript's own, sorted.
func languages(site *model.Site) []string {
	seen := map[string]bool{site.Config.Language: true}
	for _, t := range site.Transcripts {
		if t.Language != "" {
			seen[t.Language] = true
		}
	}
	out := make([]string, 0, len(seen))
	for l := range seen {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// browserWords writes assets/i18n/<language>.json for each language of
// the site's pages: the words of the theme's scripts (words.js), fetched
// once by the pages that run them rather than written into every page.
func (r *renderer) browserWords() error {
	for _, tag := range languages(r.site) {
		if !safeTag(tag) {
			continue // no file name; its pages' scripts show their keys
		}
		b, err := r.theme.Lang(tag).BrowserJSON()
		if err != nil {
			return fmt.Errorf("the words of language %q: %w", tag, err)
		}
		if err := r.w.Write("assets/i18n/"+tag+".json", append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// safeTag reports whether a language tag can be a file name as it stands:
// letters, digits, "-" and "_", as BCP 47 tags are.
func safeTag(tag string) bool {
	for _, c := range tag {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return tag != ""
}

// LanguageProblems says, for each language the site's pages are in, what
// of the theme's words is not in it (i18n.Language.Problems): warnings,
// not errors, as the page still reads in English.
func LanguageProblems(site *model.Site, th *Theme) []string {
	var out []string
	for _, tag := range languages(site) {
		out = append(out, th.Lang(tag).Problems()...)
	}
	return out
}

// LangOf is the lang (and dir) attributes of a transcript shown on a page
// in another language, such as an Arabic transcript on an English
// speaker's page, so that its title and excerpts are read and laid out in
// its own; empty when it is in the page's language.
func (v *View) LangOf(t *model.Transcript) template.HTMLAttr {
	if t.Language == "" || t.Language == v.Lang || !safeTag(t.Language) {
		return ""
	}
	attrs := ` lang="` + t.Language + `"`
	if d := v.theme.Lang(t.Language).Dir; d != v.Words.Dir {
		attrs += ` dir="` + d + `"`
	}
	return template.HTMLAttr(attrs)
}
