package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/check"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// front makes a transcript's front matter; its body starts on line 6 when
// extra is empty, one line later for each line of extra.
func front(title, speakers, extra string) string {
	return "---\ntitle: " + title + "\ndate: 2020-01-01\nspeakers: " + speakers + "\n" + extra + "---\n"
}

// Each kind of finding, on a small archive: the findings expected, written
// as check prints them but for the site folder in front of file names.
func TestFindings(t *testing.T) {
	t.Parallel()
	const a = "content/transcripts/a.md"
	cases := []struct {
		name    string
		files   map[string]string
		baseURL string
		want    []string
	}{
		{"clean", map[string]string{
			a:                               front("A", "[ann, Bo Lind]", "media: https://example.org/a.mp3\n") + "[00:01] ann: Hi.[^1]\n\n[00:02] **Bo Lind:** Hello. ![map](/images/map.png)\n\n[^1]: A note.\n",
			"content/static/images/map.png": "png",
			"content/pages/about.md":        "---\ntitle: About\n---\nSee [[a#t2]] and [the map](../images/map.png \"relative to /about/\")\n",
		}, "https://archive.example.net/", nil},
		{"build error: dangling cross-links", map[string]string{
			a: front("A", "[ann]", "") + "ann: See [[nowhere]] and [[speaker:bob]].\n",
		}, "", []string{
			a + ":6: error: link to unknown transcript [[nowhere]]",
			a + ":6: error: link to unknown speaker [[speaker:bob]]",
		}},
		{"build error: duplicate slug", map[string]string{
			a:                            front("A", "[ann]", "") + "ann: Hi.\n",
			"content/transcripts/x/a.md": front("A again", "[ann]", "") + "ann: Hi.\n",
		}, "", []string{"content/transcripts/x/a.md:1: error: slug \"a\" is already used by"}},
		{"front matter typos", map[string]string{
			a: front("A", "[ann]", "sumary: Short.\nTitle: Again\nepisode: 3\n") + "ann: Hi.\n",
		}, "", []string{
			a + ":5: warning: unknown front matter key \"sumary\": did you mean \"summary\"?",
			a + ":6: warning: unknown front matter key \"Title\": did you mean \"title\"?",
		}},
		{"speaker typo in a key leaves no speakers", map[string]string{
			a: "---\ntitle: A\ndate: 2020-01-01\nspeakrs: [ann]\n---\nann: Hi.\n",
		}, "", []string{
			a + ":1: error: speakers is required",
			a + ":4: warning: unknown front matter key \"speakrs\": did you mean \"speakers\"?",
		}},
		{"settings: unknown key", map[string]string{
			"content/site.yaml": "title: X\ncolour: blue\n",
			a:                   front("A", "[ann]", "") + "ann: Hi.\n",
		}, "", []string{"content/site.yaml:2: warning: unknown setting \"colour\""}},
		{"a label a typo from a speaker's is an error", map[string]string{
			a: front("A", "[Sergey Lavrov]", "") + "Sergey Lavrov: One.\n\n**Sergey Lavro:** Two.\n",
		}, "", []string{a + ":8: error: \"Sergey Lavro:\" is not a speaker of this transcript; did you mean \"Sergey Lavrov\"?"}},
		{"a bold label of no speaker near none is a warning", map[string]string{
			a: front("A", "[Sergey Lavrov]", "") + "Sergey Lavrov: One.\n\n**Interpreter:** Two.\n",
		}, "", []string{a + ":8: warning: \"**Interpreter:**\" looks like a speaker label, but \"Interpreter\" is not the name or an alias of one speaker of this transcript, so it starts no turn: list the speaker in the front matter"}},
		{"a label spelt otherwise is its speaker's, with a warning", map[string]string{
			a: front("A", "[{id: rene, name: René Pickhardt}, {id: kirby, name: MR. KIRBY}]", "") + "René Pickhardt: One.\n\nRene Pickhardt: Two.\n\n**Mr. Kirby:** Three.\n",
		}, "", []string{
			a + ":8: warning: \"Rene Pickhardt:\" is taken as \"René Pickhardt:\", spelt otherwise",
			a + ":10: warning: \"Mr. Kirby:\" is taken as \"MR. KIRBY:\", spelt otherwise",
		}},
		{"listed but never speaks", map[string]string{
			a: front("A", "[ann, {id: bo, name: Bo Lind, aliases: [BL]}]", "") + "ann: Hi.\n",
		}, "", []string{a + ":4: warning: speaker \"bo\" is listed but no turn is theirs: start their turns with \"Bo Lind:\" or \"BL:\", or take them off the list"}},
		{"an alias two speakers share, used, is an error where it is used", map[string]string{
			a: front("A", "[{id: ann, aliases: [Chair]}, {id: bo, aliases: [Chair]}]", "") + "ann: Hi.\n\nbo: Hello.\n\nCHAIR: Order.\n",
		}, "", []string{a + ":10: error: \"CHAIR:\" is a label of \"ann\" and \"bo\", so it starts no turn and its words would go to the speaker before it: write the name or id of the one who speaks"}},
		{"timestamps out of order and without media", map[string]string{
			a: front("A", "[ann]", "") + "[00:02:00] ann: One.\n\n[00:01:00] ann: Two.\n",
		}, "", []string{
			a + ":6: warning: turns have timestamps but the transcript has no media",
			a + ":8: warning: timestamp 00:01:00 is earlier than the one before it, 00:02:00 on line 6",
		}},
		{"footnotes unused and undefined", map[string]string{
			a: front("A", "[ann]", "") + "ann: One.[^missing]\n\n[^spare]: Never used.\n",
		}, "", []string{
			a + ":6: warning: footnote [^missing] is referred to but not defined",
			a + ":8: warning: footnote [^spare] is defined but nothing refers to it",
		}},
		{"missing image and file", map[string]string{
			a:                                   front("A", "[ann]", "") + "ann: ![map](map.png)\n\n[report](/files/report.pdf)\n\n![up](../../static/images/harbour.svg)\n",
			"content/static/images/harbour.svg": "<svg/>",
		}, "", []string{
			a + ":6: error: image \"map.png\" is missing: on the page /transcripts/a/ it leads to /transcripts/a/map.png, which the site does not have",
			a + ":8: error: link to \"/files/report.pdf\" is missing",
			a + ":10: error: image \"../../static/images/harbour.svg\" is missing: on the page /transcripts/a/ it leads to /static/images/harbour.svg, which the site does not have; content/static/images/harbour.svg is published at the root of the site, so from this page write \"../../images/harbour.svg\"",
		}},
		{"a path from the site's root under a sub-path", map[string]string{
			a:                               front("A", "[ann]", "") + "ann: ![map](/images/map.png)\n\n![gone](/images/gone.png)\n",
			"content/static/images/map.png": "png",
		}, "https://owner.github.io/repo/", []string{
			a + ":8: error: image \"/images/gone.png\" is missing: on the page /repo/transcripts/a/ it leads to /repo/images/gone.png, which the site does not have",
		}},
		{"a path from the site's root under a sub-path, found", map[string]string{
			a:                               front("A", "[ann]", "") + "ann: ![map](/images/map.png) [about](/about/)\n",
			"content/static/images/map.png": "png",
			"content/pages/about.md":        "---\ntitle: About\n---\nUs.\n",
		}, "https://owner.github.io/repo/", nil},
		{"output: broken links and anchors of a theme", map[string]string{
			a:                                   front("A", "[ann]", "") + "ann: Hi.\n",
			"themes/default/templates/404.html": "{{define \"main\"}}\n<a href=\"{{.Link \"nowhere/\"}}\">x</a>\n<a href=\"{{.Link \"transcripts/a/#t9\"}}\">y</a>\n<a href=\"transcripts/\">z</a>\n{{end}}",
		}, "", []string{
			"public/404.html:", "error: link \"/nowhere/\" leads to /nowhere/, which the site does not have",
			"error: link \"/transcripts/a/#t9\": transcripts/a/index.html has no element with id \"t9\"",
			"error: link \"transcripts/\" is relative, but 404.html is served at any address that has no page",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := built(t, tc.files)
			r, err := check.Run(check.Options{Source: dir, BaseURL: tc.baseURL})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				s := f.String()
				got = append(got, strings.TrimPrefix(s, filepath.ToSlash(dir)+"/"))
			}
			all := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no finding like\n\t%s\nin\n\t%s", w, strings.ReplaceAll(all, "\n", "\n\t"))
				}
			}
			if len(tc.want) == 0 && len(got) > 0 {
				t.Errorf("findings on a clean site:\n\t%s", strings.ReplaceAll(all, "\n", "\n\t"))
			}
			if len(tc.want) == 0 && !r.Built {
				t.Error("a clean site was not built and checked")
			}
		})
	}
}

// built writes a site and builds it, as its author would before a check,
// so that its turn records are there; a site that does not build is left
// without them.
func built(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := sitetest.Site(t, files)
	_, _ = pipeline.Run(pipeline.Options{Source: dir, Destination: filepath.Join(t.TempDir(), "public")})
	return dir
}

// Errors fail a check; warnings only with strict.
func TestFailed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		body           string
		failed, strict bool
	}{
		{"ann: Hi.\n", false, false},
		{"ann: Hi.\n\n[^x]: Unused.\n", false, true},
		{"ann: [[nowhere]]\n", true, true},
	} {
		dir := built(t, map[string]string{"content/transcripts/a.md": front("A", "[ann]", "") + tc.body})
		r, err := check.Run(check.Options{Source: dir, BaseURL: "https://example.org/"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Failed(false) != tc.failed || r.Failed(true) != tc.strict {
			t.Errorf("%q: failed %v, strict %v; want %v, %v (%v)", tc.body, r.Failed(false), r.Failed(true), tc.failed, tc.strict, r.Findings)
		}
	}
}

// A folder that is no site is one finding, not a crash.
func TestNoSite(t *testing.T) {
	t.Parallel()
	r, err := check.Run(check.Options{Source: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 1 || r.Findings[0].Severity != check.Error || !strings.Contains(r.Findings[0].Message, "no content folder") {
		t.Errorf("findings = %+v", r.Findings)
	}
}

func TestDemoArchiveIsClean(t *testing.T) {
	t.Parallel()
	root := sitetest.RepoRoot(t)
	for _, base := range []string{"https://owner.github.io/", "https://owner.github.io/repo/"} {
		r, err := check.Run(check.Options{Source: root, BaseURL: base})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			t.Errorf("%s: %s", base, f)
		}
		if !r.Built || r.Output == nil || r.Output.Links == 0 {
			t.Errorf("%s: the demo's output was not checked", base)
		}
	}
}

// check says when the turn records were not committed: none at all, or
// one older than its transcript.
func TestTurnRecords(t *testing.T) {
	t.Parallel()
	a := "content/transcripts/a.md"
	files := map[string]string{a: front("A", "[ann, bob]", "") + "ann: Hi there, how are you today?\n\nbob: Fine, thank you very much.\n"}
	never := sitetest.Site(t, files)
	stale := built(t, files)
	sitetest.Write(t, stale, map[string]string{a: front("A", "[ann, bob]", "") + "bob: A new first turn, never recorded.\n\nann: Hi there, how are you today?\n\nbob: Fine, thank you very much.\n"})
	renamed := built(t, files)
	if err := os.Rename(filepath.Join(renamed, a), filepath.Join(renamed, "content/transcripts/b.md")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir, want string
	}{
		{"never built", never, "warning: no turn records (content/.turnids): the site was never built, or the folder was not committed"},
		{"edited since", stale, "content/.turnids/a.txt: warning: the turn record is out of date: "},
		{"renamed since", renamed, "b.md: warning: the transcript was renamed from a, and its turn record content/.turnids/a.txt has not moved with it yet"},
		{"up to date", built(t, files), ""},
	} {
		r, err := check.Run(check.Options{Source: tc.dir, BaseURL: "https://example.org/"})
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, f := range r.Findings {
			all = append(all, strings.TrimPrefix(f.String(), filepath.ToSlash(tc.dir)+"/"))
		}
		got := strings.Join(all, "\n")
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: findings\n%s\nwant %q", tc.name, got, tc.want)
		}
	}
}
