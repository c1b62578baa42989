package pipeline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

func TestDemoArchive(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, baseURL, basePath, host string
	}{
		{"root", "", "/", ""},
		{"project sub-path", "https://owner.github.io/repo/", "/repo/", "owner.github.io"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "public")
			res := mustBuild(t, pipeline.Options{Source: sitetest.RepoRoot(t), Destination: out, BaseURL: tc.baseURL, LeaveRecords: true})
			// Built for "/", the one warning is that the sitemap and
			// feeds cannot be absolute.
			want := 0
			if tc.host == "" {
				want = 1
			}
			if len(res.Warnings) != want || (res.Relative != "") != (want == 1) {
				t.Errorf("the demo archive builds with warnings: %v", res.Warnings)
			}
			if res.Transcripts < 6 {
				t.Errorf("the demo archive has %d transcripts; want at least 6", res.Transcripts)
			}
			for _, p := range []string{
				"index.html", "transcripts/index.html", "speakers/index.html", "topics/index.html",
				"index.xml", "sitemap.xml", "robots.txt", "404.html", ".nojekyll",
				"assets/style.css", "assets/highlight.css", "about/index.html",
				"speakers/mayor-okafor/index.html", "speakers/mayor-okafor/index.xml",
				"topics/flood-defences/index.html", "topics/flood-defences/index.xml",
				"transcripts/ferry-that-ran-on-time/index.html",
				"transcripts/ferry-that-ran-on-time/index.json",
				"favicon.svg",
			} {
				if _, err := os.Stat(filepath.Join(out, p)); err != nil {
					t.Errorf("missing %s", p)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "transcripts", "2025-06-30-flood-gate-trial-briefing")); err == nil {
				t.Error("a draft was built without --drafts")
			}
			r := checkLinks(t, out, tc.basePath, tc.host)
			checkXML(t, out)
			if r.Fragments == 0 {
				t.Error("no link with a #fragment was checked")
			}
			if tc.host != "" {
				// Every page names its address under the base URL (but
				// 404.html, served at every missing address), and the
				// feeds, sitemap, robots.txt and index.json were followed.
				if r.Canonical != r.Pages-1 {
					t.Errorf("%d of %d pages have a canonical URL", r.Canonical, r.Pages)
				}
				if r.URLs < res.Transcripts*2 {
					t.Errorf("only %d feed, sitemap and JSON URLs were checked", r.URLs)
				}
				feed, _ := os.ReadFile(filepath.Join(out, "index.xml"))
				if !bytes.Contains(feed, []byte("https://owner.github.io/repo/transcripts/")) {
					t.Error("feed entries do not use the base URL")
				}
				sm, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
				if bytes.Contains(sm, []byte("<loc>/")) || !bytes.Contains(sm, []byte("<loc>https://owner.github.io/repo/")) {
					t.Error("sitemap entries are not absolute URLs under the base URL")
				}
			}
		})
	}
}

// A transcript written by hand in the contract's syntax: every turn goes to
// the right speaker, in index.json, in the HTML and on the speakers' pages.
func TestTurnsAttributed(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/site.yaml":         "title: Test\n",
		"content/speakers/vance.md": "---\nname: Eleanor Vance\naliases: [THE CHAIR]\nrole: Chair\n---\nChairs the committee.\n",
		"content/transcripts/hearing.md": "---\n" +
			"title: Hearing on the harbour\n" +
			"date: 2022-05-04\n" +
			"media: https://example.org/a.mp3\n" +
			"speakers:\n  - vance\n  - Tobias Grieve\n  - {id: q, name: Question, aliases: [Q]}\n" +
			"topics: [Harbour Works]\n---\n" +
			"Opening words from the clerk, before anyone speaks.\n\n" +
			"**Eleanor Vance:** We begin.\n\n" +
			"A second paragraph from the chair.\n\n" +
			"[00:01:05] **Tobias Grieve**: Thank you,\nChair.\n\n" +
			"Q:\u00a0What about the wall?\n\n" +
			"THE CHAIR:\n\n" +
			"The words come in the next paragraph.\n\n" +
			"Note: this is not a label.\n\n" +
			"## Afterwards\n\n" +
			"Not part of any turn.\n\n" +
			"[12:30] Tobias Grieve: Last word.\n",
	})
	out := filepath.Join(dir, "public")
	mustBuild(t, pipeline.Options{Source: dir})
	j := sitetest.ReadTranscriptJSON(t, out, "hearing")
	type want struct {
		speaker, time, text string
	}
	wants := []want{
		{"vance", "", "We begin.\n\nA second paragraph from the chair."},
		{"tobias-grieve", "00:01:05", "Thank you, Chair."},
		{"q", "", "What about the wall?"},
		{"vance", "", "The words come in the next paragraph.\n\nNote: this is not a label."},
		{"tobias-grieve", "00:12:30", "Last word."},
	}
	if len(j.Turns) != len(wants) {
		t.Fatalf("got %d turns, want %d: %+v", len(j.Turns), len(wants), j.Turns)
	}
	for i, w := range wants {
		got := j.Turns[i]
		if got.N != i+1 || got.Speaker != w.speaker || got.Time != w.time || got.Text != w.text {
			t.Errorf("turn %d = %+v, want %+v", i+1, got, w)
		}
	}
	if len(j.Topics) != 1 || j.Topics[0] != "harbour-works" {
		t.Errorf("topics = %v", j.Topics)
	}
	if len(j.Speakers) != 3 || j.Speakers[0].Name != "Eleanor Vance" || j.Speakers[1].ID != "tobias-grieve" {
		t.Errorf("speakers = %+v", j.Speakers)
	}

	pages := sitetest.Pages(t, out)
	tp := pages["transcripts/hearing/index.html"]
	turns := sitetest.FindAll(tp.Doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && strings.HasPrefix(sitetest.Attr(n, "id"), "t") && sitetest.Attr(n, "data-speaker") != ""
	})
	if len(turns) != len(wants) {
		t.Fatalf("HTML has %d turn elements, want %d", len(turns), len(wants))
	}
	for i, n := range turns {
		if sitetest.Attr(n, "id") != "t"+strconv.Itoa(i+1) || sitetest.Attr(n, "data-speaker") != wants[i].speaker {
			t.Errorf("turn element %d: id=%q data-speaker=%q", i+1, sitetest.Attr(n, "id"), sitetest.Attr(n, "data-speaker"))
		}
	}
	// A timestamp is its turn's link (a script makes it play the media).
	if sitetest.Find(turns[1], func(n *html.Node) bool {
		return sitetest.Attr(n, "href") == "#t2" && sitetest.Text(n) == "00:01:05"
	}) == nil {
		t.Error("the timestamp 00:01:05 of turn 2 does not link to #t2")
	}

	// The chair's page lists both of her turns, each linking to the turn.
	sp := pages["speakers/vance/index.html"]
	for _, n := range []string{"1", "4"} {
		if sitetest.Find(sp.Doc, func(x *html.Node) bool { return sitetest.Attr(x, "href") == "/transcripts/hearing/#t"+n }) == nil {
			t.Errorf("speakers/vance/ does not link to turn %s", n)
		}
	}
	if sitetest.Find(sp.Doc, func(x *html.Node) bool { return sitetest.Attr(x, "href") == "/transcripts/hearing/#t2" }) != nil {
		t.Error("speakers/vance/ links to another speaker's turn")
	}
	if _, ok := pages["speakers/tobias-grieve/index.html"]; !ok {
		t.Error("a speaker with no profile has no page")
	}
	checkLinks(t, out, "/", "")
}

// Bad input names file and line, every problem is reported at once, and the
// last good output stays.
func TestErrorsNameFileAndLine(t *testing.T) {
	good := "---\ntitle: Good\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Hello.\n"
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"unknown transcript", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-02\nspeakers: [ann]\n---\n\nann: See [[nowhere]].\n"},
			[]string{"content/transcripts/a.md:7: link to unknown transcript [[nowhere]]"}},
		{"unknown turn", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-02\nspeakers: [ann]\n---\nann: See [[good#t9]].\n"},
			[]string{"content/transcripts/a.md:6: link to turn t9 of good, which has 1 turn"}},
		{"unknown speaker and topic, all reported", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-02\nspeakers: [ann]\n---\nann: [[speaker:bob]]\n\nand [[topic:nothing]]\n\n[x](missing.md)\n"},
			[]string{"a.md:6: link to unknown speaker [[speaker:bob]]", "a.md:8: link to unknown topic [[topic:nothing]]", "a.md:10: link to content/transcripts/missing.md, which does not exist"}},
		{"broken YAML", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: [2020\nspeakers: [ann]\n---\n"},
			[]string{"content/transcripts/a.md:"}},
		{"unclosed front matter", map[string]string{"content/transcripts/a.md": "---\ntitle: A\n"},
			[]string{"content/transcripts/a.md:1: front matter is not closed"}},
		{"bad date", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: yesterday\nspeakers: [ann]\n---\n"},
			[]string{"content/transcripts/a.md:3: date:"}},
		{"missing title and speakers", map[string]string{"content/transcripts/a.md": "---\ndate: 2020-01-01\n---\n"},
			[]string{"a.md:1: title is required", "a.md:1: speakers is required"}},
		{"bad slug", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nslug: ../../etc\nspeakers: [ann]\n---\n"},
			[]string{"content/transcripts/a.md:4: slug \"../../etc\""}},
		{"an unknown key of a speaker, a topic without an id", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann, {id: ann, party: x}]\ntopics: [\"!!!\"]\n---\n"},
			[]string{"content/transcripts/a.md:4: speakers: unknown key \"party\"", "content/transcripts/a.md:5: topics: cannot make an id from \"!!!\""}},
		{"duplicate slug", map[string]string{"content/transcripts/x/good.md": good},
			[]string{"slug \"good\" is already used"}},
		{"TOML error", map[string]string{"content/transcripts/a.md": "+++\ntitle = \"A\"\ndate = \n+++\n"},
			[]string{"content/transcripts/a.md:3:"}},
		{"javascript media", map[string]string{"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\nmedia: \"javascript:alert(1)\"\n---\n"},
			[]string{"content/transcripts/a.md:5: media must be an http(s) URL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"content/transcripts/good.md": good}
			dir := sitetest.Site(t, files)
			out := filepath.Join(dir, "public")
			mustBuild(t, pipeline.Options{Source: dir})
			before, _ := os.ReadFile(filepath.Join(out, "transcripts/good/index.html"))

			sitetest.Write(t, dir, tc.files)
			// From the site folder, as an author runs it: the messages
			// name files from there.
			t.Chdir(dir)
			_, err := pipeline.Run(pipeline.Options{Source: "."})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			l := diag.Flatten(err)
			if len(l) == 0 {
				t.Fatalf("error is not a list of file:line problems: %v", err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error\n%s\ndoes not contain %q", msg, w)
				}
			}
			after, _ := os.ReadFile(filepath.Join(out, "transcripts/good/index.html"))
			if len(before) == 0 || !bytes.Equal(before, after) {
				t.Error("a failed build changed the last good output")
			}
		})
	}
}

func TestUnknownSettingWarns(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{"content/site.yaml": "title: X\ncolour: blue\nbase_url: https://example.org/\n"})
	res := mustBuild(t, pipeline.Options{Source: dir})
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "site.yaml:2: unknown setting \"colour\"") {
		t.Errorf("warnings = %v", res.Warnings)
	}
}

// Deleted transcripts leave no files behind, and two builds of the same
// source are byte-identical.
func TestRebuildReplacesOutput(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Hi.\n",
		"content/transcripts/b.md": "---\ntitle: B\ndate: 2020-01-02\nspeakers: [ann]\n---\nann: Hi [[a]].\n",
	})
	out := filepath.Join(dir, "public")
	mustBuild(t, pipeline.Options{Source: dir})
	first := sitetest.Tree(t, out)
	mustBuild(t, pipeline.Options{Source: dir})
	if d := sitetest.Diff(sitetest.Tree(t, out), first); d != "" {
		t.Errorf("a second build of the same source differs from the first:\n%s", d)
	}
	os.Remove(filepath.Join(dir, "content/transcripts/b.md"))
	mustBuild(t, pipeline.Options{Source: dir})
	if _, err := os.Stat(filepath.Join(out, "transcripts/b")); err == nil {
		t.Error("the output of a deleted transcript lingers")
	}
}

// Long lists are split into pages linked in order.
func TestPagination(t *testing.T) {
	t.Parallel()
	files := map[string]string{"content/site.yaml": "paginate: 3\n"}
	for i := 1; i <= 7; i++ {
		files["content/transcripts/t"+strconv.Itoa(i)+".md"] = "---\ntitle: T" + strconv.Itoa(i) + "\ndate: 2020-01-0" + strconv.Itoa(i) + "\nspeakers: [ann]\ntopics: [tides]\n---\nann: Words.\n"
	}
	dir := sitetest.Site(t, files)
	out := filepath.Join(dir, "public")
	mustBuild(t, pipeline.Options{Source: dir})
	for _, list := range []string{"transcripts/", "speakers/ann/", "topics/tides/"} {
		for _, p := range []string{"index.html", "page/2/index.html", "page/3/index.html"} {
			if _, err := os.Stat(filepath.Join(out, list, p)); err != nil {
				t.Errorf("missing %s%s", list, p)
			}
		}
		if _, err := os.Stat(filepath.Join(out, list, "page/4")); err == nil {
			t.Errorf("%spage/4 exists for 7 items at 3 a page", list)
		}
	}
	checkLinks(t, out, "/", "")
	pages := sitetest.Pages(t, out)
	next := sitetest.Find(pages["transcripts/page/2/index.html"].Doc, func(n *html.Node) bool { return sitetest.Attr(n, "rel") == "next" })
	if next == nil || sitetest.Attr(next, "href") != "/transcripts/page/3/" {
		t.Errorf("page 2 does not link to page 3")
	}
}

func TestDraftsFlag(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/d.md": "---\ntitle: D\ndate: 2020-01-01\nspeakers: [ann]\ndraft: true\n---\nann: Hi.\n",
	})
	out := filepath.Join(dir, "public")
	mustBuild(t, pipeline.Options{Source: dir})
	if _, err := os.Stat(filepath.Join(out, "transcripts/d/index.html")); err == nil {
		t.Error("draft built without --drafts")
	}
	mustBuild(t, pipeline.Options{Source: dir, Drafts: true})
	if _, err := os.Stat(filepath.Join(out, "transcripts/d/index.html")); err != nil {
		t.Error("draft not built with --drafts")
	}
}

// A site overrides one template of the built-in theme by writing a file of
// the same name.
func TestThemeOverride(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/site.yaml":                      "title: Themed\n",
		"themes/default/templates/404.html":      "{{define \"main\"}}<p id=\"custom\">Lost at sea</p>{{end}}",
		"themes/default/static/assets/extra.css": "body{}",
	})
	out := filepath.Join(dir, "public")
	mustBuild(t, pipeline.Options{Source: dir})
	b, _ := os.ReadFile(filepath.Join(out, "404.html"))
	if !bytes.Contains(b, []byte("Lost at sea")) {
		t.Error("the site's 404 template was not used")
	}
	if _, err := os.Stat(filepath.Join(out, "assets/extra.css")); err != nil {
		t.Error("the site's theme asset was not copied")
	}
	if _, err := os.Stat(filepath.Join(out, "assets/style.css")); err != nil {
		t.Error("the built-in stylesheet is missing when a site overrides another file")
	}
}

// TestAllTemplateErrorsReported: a broken template in a transcript's page
// and another in a speaker's are both reported, by a one-off build and by
// a watch-mode Builder. (The transcripts' pages run first, for the search
// index, and their failure once hid every later page's.)
func TestAllTemplateErrorsReported(t *testing.T) {
	t.Parallel()
	builds := []struct {
		name string
		run  func(opt pipeline.Options) error
	}{
		{"one-off", func(opt pipeline.Options) error { _, err := pipeline.Run(opt); return err }},
		{"watch", func(opt pipeline.Options) error {
			b, err := pipeline.NewBuilder(opt)
			if err != nil {
				return err
			}
			_, err = b.Build(nil)
			return err
		}},
	}
	for _, tc := range builds {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := sitetest.Site(t, map[string]string{
				"content/transcripts/a.md":                 "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello.\n",
				"themes/default/templates/transcript.html": "{{define \"main\"}}{{index .Site.Pages 7}}{{end}}",
				"themes/default/templates/speaker.html":    "{{define \"main\"}}{{index .Site.Pages 9}}{{end}}",
			})
			err := tc.run(pipeline.Options{Source: dir})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			for _, want := range []string{"transcripts/a/: themes/default/templates/transcript.html:1:", "speakers/ann/: themes/default/templates/speaker.html:1:"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error\n%v\ndoes not say %q", err, want)
				}
			}
		})
	}
}

func TestDestinationHoldingSourceRefused(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{"content/site.yaml": "title: X\n"})
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: dir}); err == nil {
		t.Fatal("a build into the site folder itself was allowed")
	}
	if _, err := os.Stat(filepath.Join(dir, "content/site.yaml")); err != nil {
		t.Fatal("the source was damaged")
	}
}
