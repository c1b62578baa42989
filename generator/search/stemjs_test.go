package search

import (
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/themes"
)

// stemDriverJS stems each language's words with its module of stem/, and
// makes each text's terms with tokenize.js and that stemmer alone.
const stemDriverJS = `import { readFileSync } from "node:fs";
import { terms } from "./tokenize.js";
const lists = JSON.parse(readFileSync(0, "utf8")), out = {};
for (const [lang, texts] of Object.entries(lists)) {
  const { stem } = await import("./stem/" + lang + ".js");
  const st = [{ key: lang, stem }];
  out[lang] = { stems: texts.map((w) => stem(w.normalize("NFC").toLowerCase())), terms: texts.map((s) => terms(s, undefined, st)) };
}
process.stdout.write(JSON.stringify(out));
`

// TestStemJS holds the Snowball stemmers of the theme (stem/<lang>.js,
// which stem a query in the browser) to the Go ones that stem the index,
// on the word list of each language in testdata/stem: each word must have
// the same stem, and each line the same terms through tokenize.js as
// through Terms.
func TestStemJS(t *testing.T) {
	t.Parallel()
	node := sitetest.Node(t, "the stem/<lang>.js stemmers against the Go ones")
	files := map[string][]byte{"package.json": []byte(`{"type": "module"}`), "driver.js": []byte(stemDriverJS)}
	assets := "default/static/assets/search"
	if err := fs.WalkDir(themes.Default, assets, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (p == assets+"/tokenize.js" || path.Dir(p) == assets+"/stem") {
			files[strings.TrimPrefix(p, assets+"/")], err = fs.ReadFile(themes.Default, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	lists := map[string][]string{}
	for lang := range stemmers {
		if _, ok := files["stem/"+lang+".js"]; !ok {
			t.Errorf("no stem/%s.js in the theme: run go run ./generator/search/internal/stemgen", lang)
			continue
		}
		lists[lang] = readWordList(t, filepath.Join("testdata", "stem", lang+".txt"))
	}
	var out map[string]struct {
		Stems []string   `json:"stems"`
		Terms [][]string `json:"terms"`
	}
	sitetest.RunNode(t, node, files, "driver.js", lists, &out)
	for lang, texts := range lists {
		got := out[lang]
		if len(got.Stems) != len(texts) || len(got.Terms) != len(texts) {
			t.Fatalf("%s: node gave %d stems and %d term lists for %d texts", lang, len(got.Stems), len(got.Terms), len(texts))
		}
		bad := 0
		for i, text := range texts {
			if goStem := snowball(lang, text); got.Stems[i] != goStem && bad < 10 {
				bad++
				t.Errorf("%s: %q: stem/%s.js %q, Go %q", lang, text, lang, got.Stems[i], goStem)
			}
			if goTerms := Terms(text, lang); !slices.Equal(got.Terms[i], goTerms) && bad < 10 {
				bad++
				t.Errorf("%s: %q:\n tokenize.js %q\n Terms       %q", lang, text, got.Terms[i], goTerms)
			}
		}
	}
}
