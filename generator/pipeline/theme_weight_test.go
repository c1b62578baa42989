package pipeline_test

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

// themeBudget is what the CSS and JavaScript of a transcript page may
// weigh together, uncompressed: fetched once and cached for every page.
// Each turn's citation and quotation take about 5 KB of it, and words.js,
// which gives the scripts their words in the page's language, about 2 KB.
const themeBudget = 46 * 1024

// fetched are the attributes through which a page makes the browser
// request something as it loads.
func fetched(n *html.Node) []string {
	if n.Type != html.ElementNode {
		return nil
	}
	var out []string
	switch n.Data {
	case "link":
		rel, _ := sitetest.LookupAttr(n, "rel")
		switch strings.ToLower(rel) {
		case "stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon":
			if v, ok := sitetest.LookupAttr(n, "href"); ok {
				out = append(out, v)
			}
		}
	case "script", "img", "iframe", "source", "track", "embed", "input":
		if v, ok := sitetest.LookupAttr(n, "src"); ok {
			out = append(out, v)
		}
	case "video", "audio":
		if v, ok := sitetest.LookupAttr(n, "poster"); ok {
			out = append(out, v)
		}
		// A recording elsewhere is the author's choice; the theme asks
		// nothing of it until the reader plays it.
		if v, ok := sitetest.LookupAttr(n, "src"); ok {
			if p, _ := sitetest.LookupAttr(n, "preload"); p != "none" {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestDemoTheme checks the built-in theme on the pages of the demo
// archive, built once.
func TestDemoTheme(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: sitetest.RepoRoot(t), Destination: out, LeaveRecords: true})
	pages := sitetest.Pages(t, out)
	for _, c := range []struct {
		name  string
		check func(t *testing.T, out string, pages map[string]*sitetest.Page)
	}{
		{"weight", themeWeight},
		{"without JavaScript", themeWithoutJavaScript},
		{"speaker and topic pages", themeSpeakerTopicPages},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.check(t, out, pages)
		})
	}
}

// themeWeight holds the theme to its budget: the stylesheets and scripts
// of every transcript page weigh less than 40 KB together, and no page,
// stylesheet or script asks another host for anything as it loads.
func themeWeight(t *testing.T, out string, pages map[string]*sitetest.Page) {
	heaviest, heaviestPage, transcripts := 0, "", 0
	for rel, pg := range pages {
		weight := 0
		sitetest.Walk(pg.Doc, func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "style" || n.Data == "script") {
				weight += len(sitetest.Text(n))
			}
			for _, ref := range fetched(n) {
				u, err := url.Parse(ref)
				if err != nil {
					t.Errorf("%s: %q: %v", rel, ref, err)
					continue
				}
				if u.Host != "" || u.Scheme != "" {
					t.Errorf("%s: <%s> loads %s from another host", rel, n.Data, ref)
					continue
				}
				isAsset := n.Data == "script" || (n.Data == "link" && strings.Contains(ref, ".css"))
				if !isAsset {
					continue
				}
				p := u.Path
				if !strings.HasPrefix(p, "/") {
					p = path.Join("/", path.Dir(rel), p)
				}
				b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
				if err != nil {
					t.Errorf("%s: %s: %v", rel, ref, err)
					continue
				}
				weight += len(b)
				if n.Data == "link" {
					if m := regexp.MustCompile(`(?i)@import|@font-face|url\(\s*["']?(https?:)?//`).Find(b); m != nil {
						t.Errorf("%s: %s has %q: a request to another host, or a font", rel, p, m)
					}
				}
			}
		})
		if strings.HasPrefix(rel, "transcripts/") && strings.Count(rel, "/") == 2 && !strings.Contains(rel, "/page/") {
			transcripts++
			if weight > heaviest {
				heaviest, heaviestPage = weight, rel
			}
			if weight >= themeBudget {
				t.Errorf("%s: CSS and JS weigh %d bytes; the budget is %d", rel, weight, themeBudget)
			}
		}
	}
	if transcripts == 0 {
		t.Fatal("no transcript page was weighed")
	}
	t.Logf("heaviest transcript page: %s, %d bytes of CSS and JS", heaviestPage, heaviest)
}

// themeWithoutJavaScript checks what a transcript with media gives a
// reader without scripts: a player, and timestamps that are the links of
// their turns (with scripts, they play the recording from there).
func themeWithoutJavaScript(t *testing.T, _ string, pages map[string]*sitetest.Page) {
	pg := pages["transcripts/ferry-that-ran-on-time/index.html"]
	if pg == nil {
		t.Fatal("the demo transcript with media is missing")
	}
	const media = "https://example.org/media/low-water-02.mp3"
	var player bool
	n := 0
	sitetest.Walk(pg.Doc, func(x *html.Node) {
		if x.Type == html.ElementNode && x.Data == "audio" {
			src, _ := sitetest.LookupAttr(x, "src")
			_, controls := sitetest.LookupAttr(x, "controls")
			player = src == media && controls
		}
		if x.Type != html.ElementNode || !sitetest.HasClass(x, "turn") {
			return
		}
		label := sitetest.Find(x, sitetest.IsTurnLabel)
		if label == nil {
			t.Errorf("turn %s has no label", sitetest.Attr(x, "id"))
			return
		}
		first := label.FirstChild
		if first == nil || first.Data != "a" || !regexp.MustCompile(`^\d\d:\d\d:\d\d$`).MatchString(sitetest.Text(first)) {
			return
		}
		n++
		if href, want := sitetest.Attr(first, "href"), "#"+sitetest.Attr(x, "id"); href != want {
			t.Errorf("timestamp %s links to %q; want %q", sitetest.Text(first), href, want)
		}
	})
	if !player {
		t.Error("no <audio controls> of the transcript's media on its page")
	}
	if n < 5 {
		t.Errorf("%d timestamp links; the demo transcript has more", n)
	}
}

// themeSpeakerTopicPages checks the pages that answer questions at a
// glance: a speaker's years and topics, a topic's speakers, and their links
// to the "speaker × topic" view, which the search page serves: each names
// the speaker and the topic, and counts that speaker's turns in the
// transcripts of that topic. No page is built for a pair.
func themeSpeakerTopicPages(t *testing.T, out string, pages map[string]*sitetest.Page) {
	type bar struct{ label, value, link, count string }
	bars := func(pg *sitetest.Page, id string) []bar {
		var out []bar
		sitetest.Walk(pg.Doc, func(n *html.Node) {
			if v, _ := sitetest.LookupAttr(n, "aria-labelledby"); v != id {
				return
			}
			// A row is its label, its bar, then its count (a link to the
			// pair's turns where there are any).
			sitetest.Walk(n, func(li *html.Node) {
				if li.Type != html.ElementNode || li.Data != "li" {
					return
				}
				var cells []*html.Node
				for c := li.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						cells = append(cells, c)
					}
				}
				if len(cells) < 2 || !sitetest.HasClass(cells[1], "bar") {
					return
				}
				b := bar{label: strings.TrimSpace(sitetest.Text(cells[0]))}
				if len(cells) > 2 {
					v := cells[len(cells)-1]
					b.value = strings.TrimSpace(sitetest.Text(v))
					if v.Data == "a" {
						b.link, _ = sitetest.LookupAttr(v, "href")
						b.count = strings.Fields(b.value)[0]
					}
				}
				out = append(out, b)
			})
		})
		return out
	}

	sp := pages["speakers/mayor-okafor/index.html"]
	var years []string
	for _, b := range bars(sp, "speaker-years") {
		years = append(years, b.label)
	}
	if len(years) < 2 {
		t.Fatalf("the speaker's timeline has years %v", years)
	}
	// A year the speaker does not appear in has no row: the years go up,
	// each with a count of transcripts.
	for i, b := range bars(sp, "speaker-years") {
		if i > 0 {
			a, _ := strconv.Atoi(years[i-1])
			if y, _ := strconv.Atoi(years[i]); y <= a {
				t.Errorf("timeline years %v are not oldest first", years)
			}
		}
		if c, _ := strconv.Atoi(strings.Fields(b.value + " x")[0]); c < 1 {
			t.Errorf("timeline year %s has the row %q, not a count of transcripts", b.label, b.value)
		}
	}
	spBars := bars(sp, "speaker-topics")
	tpBars := bars(pages["topics/flood-defences/index.html"], "topic-speakers")
	if len(spBars) == 0 || len(tpBars) == 0 {
		t.Fatalf("the speaker's topics %v, the topic's speakers %v", spBars, tpBars)
	}

	// The turns of each speaker in the transcripts of each topic, from
	// index.json.
	turns := map[[2]string]int{}
	for _, tu := range demoTurns(t, out) {
		for _, tp := range tu.topics {
			turns[[2]string{tu.speaker, tp}]++
		}
	}
	for _, b := range append(spBars, tpBars...) {
		u, err := url.Parse(b.link)
		if err != nil || u.Path != "/search/" {
			t.Errorf("%s: link %q is not the search page", b.label, b.link)
			continue
		}
		q := u.Query()
		pair := [2]string{q.Get("speaker"), q.Get("topic")}
		if want := strconv.Itoa(turns[pair]); b.count != want || turns[pair] == 0 {
			t.Errorf("%s: link %s says %s turns, want %s", b.label, b.link, b.count, want)
		}
		if pair[0] != "mayor-okafor" && pair[1] != "flood-defences" {
			t.Errorf("%s: link %s is neither the page's speaker nor its topic", b.label, b.link)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "speakers", "mayor-okafor", "topics")); !os.IsNotExist(err) {
		t.Errorf("speakers/mayor-okafor/topics/ is built (%v): the search page serves speaker × topic", err)
	}
}
