package i18n

import (
	"encoding/json"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/themes"
)

// wordsJS is the theme's words module, as the generator embeds it.
const wordsJS = "default/static/assets/words.js"

// wordsDriver runs words.js on each language's file and cases, read from
// standard input, and writes what it made of each.
const wordsDriver = `import { readFileSync } from "node:fs";
import { words } from "./words.mjs";
const input = JSON.parse(readFileSync(0, "utf8"));
const out = {};
for (const [tag, data] of Object.entries(input.langs)) {
  const w = words(data);
  out[tag] = {
    dates: input.days.map((ms) => w.date(ms)),
    numbers: input.numbers.map((n) => w.number(n)),
    turns: input.numbers.map((n) => w.t("turns", n)),
    page: w.t("no_match", { Query: "x" }),
  };
}
process.stdout.write(JSON.stringify(out));
`

type jsWords struct {
	Dates, Numbers, Turns []string
	Page                  string
}

// TestWordsJSAgrees holds the search page's dates, numbers and plural
// forms, which the browser writes with Intl, to the pages', which the
// generator writes: for each built-in language, the same text on a few
// days and counts. It runs words.js under Node, whose Intl has the CLDR
// data the browsers have.
func TestWordsJSAgrees(t *testing.T) {
	node := sitetest.Node(t, "words.js against the generator's dates and plurals")
	// The generator's CLDR data is release 48: an older Node (Debian's,
	// with the system's ICU) writes some dates and numbers otherwise
	// (Arabic digits before release 48), which says nothing of words.js.
	if v, err := exec.Command(node, "-p", "process.versions.cldr").Output(); err != nil || cldrMajor(string(v)) < 48 {
		t.Skipf("\n\n*** %s has CLDR %q, older than the generator's 48: a Node with ICU 78 or later checks words.js ***\n", node, strings.TrimSpace(string(v)))
	}
	c := builtin(t)
	days := []time.Time{
		time.Date(2021, 7, 7, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 21, 0, 0, 0, 0, time.UTC),
		time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 5, 9, 0, 0, 0, 0, time.UTC),
	}
	numbers := []int{0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111, 1000, 1234, 12345, 1000000, 2000000}
	in := struct {
		Langs   map[string]json.RawMessage `json:"langs"`
		Days    []int64                    `json:"days"`
		Numbers []int                      `json:"numbers"`
	}{Langs: map[string]json.RawMessage{}, Numbers: numbers}
	for _, d := range days {
		in.Days = append(in.Days, d.UnixMilli())
	}
	for _, tag := range Builtin {
		b, err := c.Lang(tag).BrowserJSON()
		if err != nil {
			t.Fatal(err)
		}
		in.Langs[tag] = b
	}
	out := runWordsJS(t, node, in)
	for _, tag := range Builtin {
		l, js := c.Lang(tag), out[tag]
		for i, d := range days {
			if got := l.Date(d); i >= len(js.Dates) || js.Dates[i] != got {
				t.Errorf("%s: %s: words.js %q, Go %q", tag, d.Format("2006-01-02"), at(js.Dates, i), got)
			}
		}
		for i, n := range numbers {
			if got := l.Number(n); at(js.Numbers, i) != got {
				t.Errorf("%s: number %d: words.js %q, Go %q", tag, n, at(js.Numbers, i), got)
			}
			if got := l.Text("js_turns", n); at(js.Turns, i) != got {
				t.Errorf("%s: %d turns: words.js %q, Go %q", tag, n, at(js.Turns, i), got)
			}
		}
		if got := l.Text("js_no_match", map[string]any{"Query": "x"}); js.Page != got {
			t.Errorf("%s: a phrase with a field: words.js %q, Go %q", tag, js.Page, got)
		}
	}
}

// cldrMajor is the major number of a CLDR version, "48.0" -> 48.
func cldrMajor(v string) int {
	n, _ := strconv.Atoi(strings.SplitN(strings.TrimSpace(v), ".", 2)[0])
	return n
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(none)"
}

func runWordsJS(t *testing.T, node string, in any) map[string]jsWords {
	t.Helper()
	src, err := fs.ReadFile(themes.Default, wordsJS)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]jsWords
	sitetest.RunNode(t, node, map[string][]byte{"words.mjs": src, "driver.mjs": []byte(wordsDriver)}, "driver.mjs", in, &out)
	return out
}
