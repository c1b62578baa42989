package pipeline_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/verbatim-archive/verbatim/generator/browser"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/search"
	"github.com/verbatim-archive/verbatim/generator/serve"
)

// result is one result of the search page, as the browser shows it.
type result struct {
	Href    string   `json:"href"`
	Speaker string   `json:"speaker"`
	Turn    int      `json:"turn"`
	Date    string   `json:"date"`
	Shown   string   `json:"shown"` // the date as the page writes it
	Snippet string   `json:"snippet"`
	Marks   []string `json:"marks"`
}

const readResults = `[...document.querySelectorAll("#search-results li")].map(li => ({
	href: li.querySelector("a").getAttribute("href"),
	speaker: li.dataset.speaker || "",
	turn: +li.dataset.turn,
	date: li.querySelector("time").getAttribute("datetime"),
	shown: li.querySelector("time").textContent,
	snippet: li.querySelector(".search-result-snippet").textContent,
	marks: [...li.querySelectorAll("mark")].map(m => m.textContent),
}))`

// serveDemo builds the demo archive under the sub-path /repo/, reading its
// turn records and writing none, and serves it as "generator serve" does,
// until the test ends. It gives the built folder and the server.
func serveDemo(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	return serveBuilt(t, sitetest.RepoRoot(t))
}

// serveBuilt builds the archive at src as serveDemo builds the demo, and
// serves it until the test ends.
func serveBuilt(t *testing.T, src string) (string, *httptest.Server) {
	t.Helper()
	out := t.TempDir()
	if _, err := pipeline.Run(pipeline.Options{Source: src, Destination: out, BaseURL: "https://example.org/repo/", LeaveRecords: true}); err != nil {
		t.Fatal(err)
	}
	srv, err := serve.New(serve.Options{Dir: out, BasePath: "/repo/"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return out, ts
}

// TestSearchInBrowser builds the demo archive under a sub-path, serves it
// as "generator serve" does, and searches it in Chromium: words, a speaker
// filter, a phrase, a date range, the URL, diacritics, no results, and a
// result's link to its turn. Expected results are worked out here from the
// turns' text in index.json, not from the index.
func TestSearchInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browser.Start(t, 120*time.Second)
	out, ts := serveDemo(t)
	turns := demoTurns(t, out)

	// expect lists the turns (slug#tN) whose text holds every term, by
	// speaker when speaker is set.
	expect := func(speaker string, terms ...string) []string {
		var keys []string
		for _, tu := range turns {
			if speaker != "" && tu.speaker != speaker {
				continue
			}
			ok := true
			for _, want := range terms {
				ok = ok && slices.Contains(search.Terms(tu.text, "en"), want)
			}
			if ok {
				keys = append(keys, tu.key)
			}
		}
		return keys
	}

	open := func(t *testing.T, query string) []result {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/repo/search/"+query)); err != nil {
			t.Fatal(err)
		}
		return waitResults(t, ctx)
	}

	t.Run("words as typed, URL kept", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/repo/search/"),
			chromedp.SendKeys(chromedp.ID("search-q"), "sea wall")); err != nil {
			t.Fatal(err)
		}
		rs := waitResults(t, ctx)
		if len(rs) == 0 {
			t.Fatal("no results for sea wall")
		}
		for _, r := range rs {
			if len(r.Marks) == 0 {
				t.Errorf("%s: snippet %q has no marked word", r.Href, r.Snippet)
			}
			for _, m := range r.Marks {
				if tm := search.Term(m, "en"); tm != "sea" && !strings.HasPrefix(tm, "wall") {
					t.Errorf("%s: marked %q, not a word of the query", r.Href, m)
				}
			}
			if !strings.HasPrefix(r.Href, "/repo/transcripts/") {
				t.Errorf("result link %s is not under the base path", r.Href)
			}
		}
		loc := eval[string](t, ctx, `location.search`)
		if q, _ := url.ParseQuery(strings.TrimPrefix(loc, "?")); q.Get("q") != "sea wall" {
			t.Errorf("URL query is %q, want q=sea wall", loc)
		}
	})

	t.Run("speaker filter", func(t *testing.T) {
		rs := open(t, "?q=flood&speaker=mayor-okafor")
		want := expect("mayor-okafor", "flood")
		if len(want) == 0 {
			t.Fatal("the demo archive has no turn of mayor-okafor with flood: the test needs one")
		}
		if got := count(t, ctx); got != len(want) {
			t.Errorf("status counts %d results, want %d: %v", got, len(want), want)
		}
		for _, r := range rs {
			if r.Speaker != "mayor-okafor" {
				t.Errorf("%s: turn of %q in results filtered by mayor-okafor", r.Href, r.Speaker)
			}
			if !slices.Contains(want, keyOf(r.Href)) {
				t.Errorf("%s: not a turn of mayor-okafor with flood", r.Href)
			}
		}
		pressed := eval[string](t, ctx, `document.querySelector('button[data-facet=speaker][aria-pressed=true]').dataset.value`)
		if pressed != "mayor-okafor" {
			t.Errorf("pressed speaker facet is %q", pressed)
		}
	})

	t.Run("speaker facet click", func(t *testing.T) {
		open(t, "?q=flood")
		all := count(t, ctx)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[data-facet=speaker][data-value=tomas-lindqvist]`))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes("speaker=tomas-lindqvist") && document.querySelector('button[data-facet=speaker][aria-pressed=true]') !== null`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatal("clicking a speaker facet did not filter:", err)
		}
		rs := waitResults(t, ctx)
		if n := count(t, ctx); n != len(expect("tomas-lindqvist", "flood")) || n >= all {
			t.Errorf("facet filter: %d results of %d, want %d", n, all, len(expect("tomas-lindqvist", "flood")))
		}
		for _, r := range rs {
			if r.Speaker != "tomas-lindqvist" {
				t.Errorf("%s: speaker %q after filtering by tomas-lindqvist", r.Href, r.Speaker)
			}
		}
	})

	t.Run("phrase", func(t *testing.T) {
		words := open(t, "?q="+url.QueryEscape(`flood gate`))
		rs := open(t, "?q="+url.QueryEscape(`"flood gate"`))
		if len(rs) == 0 {
			t.Fatal("no results for the phrase")
		}
		phrase := regexp.MustCompile(`(?i)\bflood[\s-]+gates?\b`)
		n := 0
		for _, r := range rs {
			if r.Turn == 0 {
				continue // the title and summary
			}
			tu := turns.get(keyOf(r.Href))
			if tu == nil || !phrase.MatchString(tu.text) {
				t.Errorf("%s: does not hold the phrase flood gate", r.Href)
			}
			n++
		}
		if n > len(words) {
			t.Errorf("the phrase has more results (%d) than its words (%d)", n, len(words))
		}
	})

	t.Run("date range", func(t *testing.T) {
		rs := open(t, "?q=harbour&from=2024&to=2024")
		if len(rs) == 0 {
			t.Fatal("no results for harbour in 2024")
		}
		for _, r := range rs {
			if !strings.HasPrefix(r.Date, "2024-") {
				t.Errorf("%s: dated %s, outside 2024", r.Href, r.Date)
			}
			// Written as every other page writes dates: "5 March 2024".
			if d, err := time.Parse("2006-01-02", r.Date); err != nil || r.Shown != d.Format("2 January 2006") {
				t.Errorf("%s: the date %s is shown as %q", r.Href, r.Date, r.Shown)
			}
		}
		all := open(t, "?q=harbour")
		if len(all) <= len(rs) {
			t.Errorf("the date range kept %d of %d results", len(rs), len(all))
		}
	})

	t.Run("diacritics", func(t *testing.T) {
		rs := open(t, "?q=cafes")
		found := false
		for _, r := range rs {
			found = found || slices.Contains(r.Marks, "cafés")
		}
		if !found {
			t.Errorf("cafes did not find cafés: %+v", rs)
		}
	})

	t.Run("speaker × topic with no words lists every turn", func(t *testing.T) {
		const speaker, topic = "mayor-okafor", "flood-defences"
		var want []string
		for _, tu := range turns {
			if tu.speaker == speaker && slices.Contains(tu.topics, topic) {
				want = append(want, tu.key)
			}
		}
		if len(want) <= 1 {
			t.Fatalf("the demo archive has %d turns of %s on %s: the test needs more", len(want), speaker, topic)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/repo/search/?speaker="+speaker+"&topic="+topic)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("search").dataset.done === "" && /^\d+ turns? by /.test(document.getElementById("search-status").textContent)`,
			chromedp.WithPollingTimeout(15*time.Second))); err != nil {
			t.Fatalf("the view did not list the turns: %v (status %q)", err, eval[string](t, ctx, `document.getElementById("search-status").textContent`))
		}
		if got := count(t, ctx); got != len(want) {
			t.Errorf("status counts %d turns, want %d", got, len(want))
		}
		// Every page of them, "More results" until there are none.
		for range len(want) {
			if eval[bool](t, ctx, `document.getElementById("search-more").hidden`) {
				break
			}
			n := eval[int](t, ctx, `document.querySelectorAll("#search-results li").length`)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("search-more"))); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll("#search-results li").length > %d`, n), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for _, r := range eval[[]result](t, ctx, readResults) {
			if r.Speaker != speaker {
				t.Errorf("%s: a turn of %q", r.Href, r.Speaker)
			}
			if r.Snippet == "" {
				t.Errorf("%s: no text shown", r.Href)
			}
			got = append(got, keyOf(r.Href))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("listed %v\nwant every turn of %s on %s: %v", got, speaker, topic, want)
		}
	})

	t.Run("no results", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/repo/search/?q=zqxjvv")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("search-status").textContent.includes("No turns match")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatal("no message for a query without results")
		}
	})

	t.Run("result link lands on its turn", func(t *testing.T) {
		rs := open(t, "?q=flood&speaker=tomas-lindqvist")
		if len(rs) == 0 {
			t.Fatal("no results")
		}
		first := rs[0]
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil,
			chromedp.Click(chromedp.CSS("#search-results a")))); err != nil {
			t.Fatal("following the result link:", err)
		}
		got := eval[map[string]string](t, ctx, `(() => {
			const el = document.getElementById(location.hash.slice(1));
			return {path: location.pathname + location.hash, speaker: el ? el.dataset.speaker : "", text: el ? el.textContent : ""};
		})()`)
		if got["path"] != first.Href {
			t.Errorf("landed on %s, want %s", got["path"], first.Href)
		}
		if got["speaker"] != "tomas-lindqvist" {
			t.Errorf("the turn at %s is by %q", got["path"], got["speaker"])
		}
		if !strings.Contains(strings.ToLower(got["text"]), "flood") {
			t.Errorf("the turn at %s does not say flood", got["path"])
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		open(t, "?q=harbour")
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("search-q")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		got := eval[string](t, ctx, `document.activeElement.getAttribute("href")`)
		second := eval[string](t, ctx, `document.querySelectorAll("#search-results a")[1].getAttribute("href")`)
		if got != second {
			t.Errorf("two arrows down focus %q, want the second result %q", got, second)
		}
	})

	t.Run("tokeniser agrees with Go", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/repo/search/")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`typeof verbatimSearch === "object"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatal(err)
		}
		for _, s := range tokenCases {
			js := eval[[]string](t, ctx, fmt.Sprintf(`verbatimSearch.terms(%s)`, strconv.Quote(s)))
			if goTerms := search.Terms(s, "en"); !slices.Equal(js, goTerms) && !(len(js) == 0 && len(goTerms) == 0) {
				t.Errorf("%q: search.js makes %q, Go %q", s, js, goTerms)
			}
		}
	})
}

// tokenCases are texts the tokenisers of Go and search.js must agree on.
var tokenCases = []string{
	"Sanctions, sanctioned; SANCTION!",
	"Herr Müller and Señor Núñez met M. Kommasith.",
	"Сергей Лавров: «Мы»",
	"Tanner's Slip and the harbour’s wall",
	"running stopped increases parties classes bus buses this is",
	"ﬁnal Straße ΟΔΟΣ 4.5 million 2024-25",
	"naïve café résumé",
}

// waitResults waits for a search to settle and returns its results.
func waitResults(t *testing.T, ctx context.Context) []result {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const s = document.getElementById("search-status").textContent;
		const done = document.getElementById("search").dataset.done;
		// done is set once the status line says what the search found, in
		// the page's language.
		return done === document.getElementById("search-q").value && s.trim() !== "";
	})()`, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("search did not finish: %v (status %q)", err, eval[string](t, ctx, `document.getElementById("search-status").textContent`))
	}
	return eval[[]result](t, ctx, readResults)
}

// count is the number of results the status line gives.
func count(t *testing.T, ctx context.Context) int {
	t.Helper()
	s := eval[string](t, ctx, `document.getElementById("search-status").textContent`)
	n, err := strconv.Atoi(strings.Fields(s + " x")[0])
	if err != nil {
		return 0
	}
	return n
}

// keyOf turns a result link into slug#tN.
func keyOf(href string) string {
	p := strings.TrimPrefix(href, "/repo/transcripts/")
	return strings.Replace(p, "/#", "#", 1)
}

type demoTurn struct {
	key, speaker, text string
	topics             []string // of its transcript
}

type turnList []demoTurn

func (l turnList) get(key string) *demoTurn {
	for i := range l {
		if l[i].key == key {
			return &l[i]
		}
	}
	return nil
}

// demoTurns reads every turn of the built archive from index.json.
func demoTurns(t *testing.T, out string) turnList {
	t.Helper()
	dirs, err := os.ReadDir(filepath.Join(out, "transcripts"))
	if err != nil {
		t.Fatal(err)
	}
	var l turnList
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(out, "transcripts", d.Name(), "index.json")); err != nil {
			continue
		}
		j := sitetest.ReadTranscriptJSON(t, out, d.Name())
		for _, tu := range j.Turns {
			l = append(l, demoTurn{key: j.Slug + "#t" + strconv.Itoa(tu.N), speaker: tu.Speaker, text: tu.Text, topics: j.Topics})
		}
	}
	return l
}
