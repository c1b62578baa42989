package search

import (
	"bufio"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/themes"
)

// tokenizeJS is the theme's tokeniser, as the generator embeds it.
const tokenizeJS = "default/static/assets/search/tokenize.js"

// driverJS runs the tokeniser on the texts of a JSON array read from
// standard input and writes its stop list and each text's terms.
const driverJS = `import { readFileSync } from "node:fs";
import { STOP, terms } from "./tokenize.mjs";
const texts = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({ stop: STOP, terms: texts.map((s) => terms(s)) }));
`

// TestTokenizeJS holds the theme's tokeniser, which makes a query's terms
// in the browser, to this one, which made the index's: each text of
// testdata/words.txt must give the same terms, stop words in the same
// places, and the stop lists must be the same. It runs the module under
// Node, without a browser.
func TestTokenizeJS(t *testing.T) {
	t.Parallel()
	node := sitetest.Node(t, "search/tokenize.js against token.go")
	texts := readWordList(t, "testdata/words.txt")
	out := runTokenizeJS(t, node, texts)
	if out.Stop != stopList {
		t.Errorf("tokenize.js's STOP is\n%q\ntoken.go's stopList is\n%q", out.Stop, stopList)
	}
	if len(out.Terms) != len(texts) {
		t.Fatalf("tokenize.js gave terms for %d texts, not %d", len(out.Terms), len(texts))
	}
	for i, text := range texts {
		if js, gos := out.Terms[i], Terms(text, "en"); !slices.Equal(js, gos) {
			t.Errorf("%q:\n tokenize.js %q\n token.go    %q", text, js, gos)
		}
	}
}

// readWordList reads the texts of a word list: a line as it stands, or a
// Go string literal when it begins with a double quote; empty lines and
// lines beginning with # are left out.
func readWordList(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, `"`):
			s, err := strconv.Unquote(line)
			if err != nil {
				t.Fatalf("%s:%d: not a Go string: %v", name, n, err)
			}
			line = s
		}
		texts = append(texts, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(texts) == 0 {
		t.Fatalf("%s: no texts", name)
	}
	return texts
}

type jsTokens struct {
	Stop  string     `json:"stop"`
	Terms [][]string `json:"terms"`
}

// runTokenizeJS runs the embedded tokenize.js on texts under node. The
// module is copied as tokenize.mjs, so that any Node that has ES modules
// loads it as one, whatever package.json is or is not around it.
func runTokenizeJS(t *testing.T, node string, texts []string) jsTokens {
	t.Helper()
	src, err := fs.ReadFile(themes.Default, tokenizeJS)
	if err != nil {
		t.Fatal(err)
	}
	var out jsTokens
	sitetest.RunNode(t, node, map[string][]byte{"tokenize.mjs": src, "driver.mjs": []byte(driverJS)}, "driver.mjs", texts, &out)
	return out
}
