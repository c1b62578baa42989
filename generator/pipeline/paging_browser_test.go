package pipeline_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/verbatim-archive/verbatim/generator/browser"
	"github.com/verbatim-archive/verbatim/generator/search"
	"github.com/verbatim-archive/verbatim/generator/synth"
)

// TestSearchPagingInBrowser searches, in Chromium, words frequent enough
// in a synthetic archive that their postings have a head and a tail: the
// page shows the best results from the heads, with no count, and More
// results, clicked until it hides, lists every matching turn once (turns
// and title documents worked out here from index.json), then counts them.
func TestSearchPagingInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds an archive of 2.4 million words; not with -short")
	}
	ctx := browser.Start(t, 180*time.Second)
	src := t.TempDir()
	if err := synth.Write(src, synth.Options{Transcripts: 300, Words: 8000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	out, ts := serveBuilt(t, src)

	words := []string{"security", "cooperation", "situation"}
	var want []string
	dirs, err := os.ReadDir(filepath.Join(out, "transcripts"))
	if err != nil {
		t.Fatal(err)
	}
	has := func(text string) bool {
		terms := search.Terms(text, "en")
		for _, w := range words {
			if !slices.Contains(terms, search.Term(w, "en")) {
				return false
			}
		}
		return true
	}
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(out, "transcripts", d.Name(), "index.json"))
		if err != nil {
			continue
		}
		var j struct {
			Slug, Title, Summary string
			Turns                []struct {
				N    int
				Text string
			}
		}
		if err := json.Unmarshal(b, &j); err != nil {
			t.Fatal(err)
		}
		if has(j.Title + "\n" + j.Summary) {
			want = append(want, j.Slug+"/")
		}
		for _, tu := range j.Turns {
			if has(tu.Text) {
				want = append(want, j.Slug+"#t"+strconv.Itoa(tu.N))
			}
		}
	}
	if len(want) < 30 {
		t.Fatalf("%d turns have %v: the test needs more pages", len(want), words)
	}

	// A space after the last word: it does not find the words it begins.
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/repo/search/?q="+strings.Join(words, "+")+"+")); err != nil {
		t.Fatal(err)
	}
	rs := waitResults(t, ctx)
	if s := eval[string](t, ctx, `document.getElementById("search-status").textContent`); !strings.HasPrefix(s, "Best results") {
		t.Errorf("status %q: the first page should come from the heads of the words", s)
	}
	if len(rs) != 10 {
		t.Errorf("%d results on the first page, want 10", len(rs))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#search-facets .count").length`); n != 0 {
		t.Errorf("%d facet counts shown from the heads alone", n)
	}
	for pages := 1; !eval[bool](t, ctx, `document.getElementById("search-more").hidden`); pages++ {
		if pages > len(want)/10+2 {
			t.Fatalf("More results still shown after %d pages of %d results", pages, len(want))
		}
		shown := len(rs)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#search-more"))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#search-results li").length > `+strconv.Itoa(shown),
			chromedp.WithPollingTimeout(15*time.Second))); err != nil {
			t.Fatalf("page %d did not come: %v", pages+1, err)
		}
		rs = eval[[]result](t, ctx, readResults)
	}
	var got []string
	for _, r := range rs {
		got = append(got, strings.TrimPrefix(keyOf(r.Href), "/repo/transcripts/"))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("paging listed %d results, want the %d turns with %v", len(got), len(want), words)
		for _, k := range want {
			if _, ok := slices.BinarySearch(got, k); !ok {
				t.Logf("missing %s", k)
			}
		}
	}
	if got := count(t, ctx); got != len(want) {
		t.Errorf("status counts %d results once all are read, want %d", got, len(want))
	}
}
