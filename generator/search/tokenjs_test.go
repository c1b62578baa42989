package search

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

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
	node := findNode(t)
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

// findNode gives the path of node. Without it the test is skipped with a
// loud message, except under CI=true, where it fails, so CI never passes
// by skipping.
func findNode(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"node", "nodejs"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "NO NODE: install Node.js (apt-get install nodejs) to check search/tokenize.js against token.go"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("\n\n*** " + msg + " ***\n")
	return ""
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
	dir := t.TempDir()
	for name, b := range map[string][]byte{"tokenize.mjs": src, "driver.mjs": []byte(driverJS)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join(dir, "driver.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", node, tokenizeJS, err, stderr.Bytes())
	}
	var out jsTokens
	if err := json.Unmarshal(stdout, &out); err != nil {
		t.Fatalf("%s: output %.200q: %v", tokenizeJS, stdout, err)
	}
	return out
}
