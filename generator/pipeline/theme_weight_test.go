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
// weigh together, uncompressed.
const themeBudget = 40 * 1024

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
	mustBuild(t, pipeline.Options{Source: sitetest.RepoRoot(t), Destination: out})
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
// reader without scripts: a player, and timestamps that are links to the
// recording at their time.
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
		if x.Type != html.ElementNode || x.Data != "a" || !sitetest.HasClass(x, "turn-time") {
			return
		}
		n++
		href, _ := sitetest.LookupAttr(x, "href")
		var h, m, s int
		label := strings.TrimSpace(sitetest.Text(x))
		parts := strings.Split(label, ":")
		for i := range parts {
			v, _ := strconv.Atoi(parts[len(parts)-1-i])
			switch i {
			case 0:
				s = v
			case 1:
				m = v
			case 2:
				h = v
			}
		}
		if want := media + "#t=" + strconv.Itoa(h*3600+m*60+s); href != want {
			t.Errorf("timestamp %s links to %q; want %q", label, href, want)
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
// glance: a speaker's years and topics, a topic's speakers, and the
// "speaker × topic" passages, whose every turn is one of that speaker's in
// a transcript of that topic.
func themeSpeakerTopicPages(t *testing.T, _ string, pages map[string]*sitetest.Page) {

	barLabels := func(pg *sitetest.Page, id string) (labels, links []string) {
		sitetest.Walk(pg.Doc, func(n *html.Node) {
			if v, _ := sitetest.LookupAttr(n, "aria-labelledby"); v != id {
				return
			}
			sitetest.Walk(n, func(c *html.Node) {
				if sitetest.HasClass(c, "bar-label") {
					labels = append(labels, strings.TrimSpace(sitetest.Text(c)))
				}
				if sitetest.HasClass(c, "bar-value") && c.Data == "a" {
					h, _ := sitetest.LookupAttr(c, "href")
					links = append(links, h)
				}
			})
		})
		return labels, links
	}

	sp := pages["speakers/mayor-okafor/index.html"]
	years, _ := barLabels(sp, "speaker-years")
	if len(years) < 2 {
		t.Fatalf("the speaker's timeline has years %v", years)
	}
	for i := 1; i < len(years); i++ {
		a, _ := strconv.Atoi(years[i-1])
		b, _ := strconv.Atoi(years[i])
		if b != a+1 {
			t.Errorf("timeline years %v are not consecutive, oldest first", years)
		}
	}
	topics, spLinks := barLabels(sp, "speaker-topics")
	if len(topics) == 0 || len(spLinks) != len(topics) {
		t.Fatalf("the speaker's topics %v link to passages %v", topics, spLinks)
	}

	tp := pages["topics/flood-defences/index.html"]
	speakers, tpLinks := barLabels(tp, "topic-speakers")
	if len(speakers) == 0 || len(tpLinks) != len(speakers) {
		t.Fatalf("the topic's speakers %v link to passages %v", speakers, tpLinks)
	}

	turnSpeaker := func(rel, id string) string {
		var who string
		sitetest.Walk(pages[rel].Doc, func(n *html.Node) {
			if v, _ := sitetest.LookupAttr(n, "id"); v == id {
				who, _ = sitetest.LookupAttr(n, "data-speaker")
			}
		})
		return who
	}
	topicOf := func(rel, topic string) bool {
		for _, l := range pages[rel].Links {
			if l == "/topics/"+topic+"/" {
				return true
			}
		}
		return false
	}
	re := regexp.MustCompile(`^/speakers/([a-z0-9-]+)/topics/([a-z0-9-]+)/$`)
	for _, link := range append(spLinks, tpLinks...) {
		m := re.FindStringSubmatch(link)
		if m == nil {
			t.Errorf("passages link %q is not /speakers/<id>/topics/<topic>/", link)
			continue
		}
		pg := pages[strings.TrimPrefix(link, "/")+"index.html"]
		if pg == nil {
			t.Errorf("%s was not built", link)
			continue
		}
		turns := 0
		for _, l := range pg.Links {
			u, _ := url.Parse(l)
			if !strings.HasPrefix(u.Path, "/transcripts/") || u.Fragment == "" {
				continue
			}
			turns++
			rel := strings.TrimPrefix(u.Path, "/") + "index.html"
			if pages[rel] == nil {
				t.Errorf("%s: links to missing %s", link, u.Path)
				continue
			}
			if who := turnSpeaker(rel, u.Fragment); who != m[1] {
				t.Errorf("%s: turn %s#%s is %q's, not %q's", link, u.Path, u.Fragment, who, m[1])
			}
			if !topicOf(rel, m[2]) {
				t.Errorf("%s: %s is not a transcript of topic %s", link, u.Path, m[2])
			}
		}
		if turns == 0 {
			t.Errorf("%s lists no turns", link)
		}
	}
}
