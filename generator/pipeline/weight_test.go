package pipeline_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// TestCaptionsOnlyWithARecording: index.vtt is written, and linked, only
// for a transcript with a recording and timestamps; no other captions
// format is written. Timestamps without a recording stay in index.json.
func TestCaptionsOnlyWithARecording(t *testing.T) {
	const body = "[00:00:01] **Ann:** Hello.\n\n[00:00:05] **Ann:** Again.\n"
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/rec.md":     "---\ntitle: Rec\ndate: 2020-01-01\nspeakers: [ann]\nmedia: https://example.org/rec.mp4\n---\n" + body,
		"content/transcripts/norec.md":   "---\ntitle: No rec\ndate: 2020-01-02\nspeakers: [ann]\n---\n" + body,
		"content/transcripts/untimed.md": "---\ntitle: Untimed\ndate: 2020-01-03\nspeakers: [ann]\nmedia: https://example.org/u.mp3\n---\n**Ann:** Hello.\n",
	})
	out := filepath.Join(dir, "public")
	mustBuild(t, pipeline.Options{Source: dir, Destination: out})
	files := sitetest.Files(t, out)
	for _, c := range []struct {
		slug     string
		captions bool
	}{{"rec", true}, {"norec", false}, {"untimed", false}} {
		vtt, has := files["transcripts/"+c.slug+"/index.vtt"]
		if has != c.captions {
			t.Errorf("%s: index.vtt written: %v, want %v", c.slug, has, c.captions)
		}
		if has && !strings.Contains(vtt, "<v ann>Again.") {
			t.Errorf("%s: index.vtt lacks the turns:\n%s", c.slug, vtt)
		}
		page := files["transcripts/"+c.slug+"/index.html"]
		if links := strings.Contains(page, c.slug+"/index.vtt"); links != c.captions {
			t.Errorf("%s: the page links to index.vtt: %v, want %v", c.slug, links, c.captions)
		}
	}
	if j := files["transcripts/norec/index.json"]; !strings.Contains(j, `"time":"00:00:05"`) {
		t.Errorf("norec/index.json lacks the times: %s", j)
	}
	for p := range files {
		if strings.HasSuffix(p, "/transcript.json") {
			t.Errorf("%s written: index.vtt and index.json hold what it would", p)
		}
	}
}

// The summary line gives the site's size, the sum of its files; a site
// larger than Options.WarnAbove (GitHub Pages' 1 GB unless told) is a
// warning that names its heaviest kinds of file.
func TestSummaryAndWeightWarning(t *testing.T) {
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello.\n",
	})
	out := filepath.Join(dir, "public")
	res := mustBuild(t, pipeline.Options{Source: dir, Destination: out})
	var bytes int64
	for _, s := range sitetest.Files(t, out) {
		bytes += int64(len(s))
	}
	if res.Bytes != bytes {
		t.Errorf("Bytes = %d, the files hold %d", res.Bytes, bytes)
	}
	want := fmt.Sprintf("(%d files, %.0f KB)", res.Files, float64(bytes)/1024)
	if bytes/1024 < 10 {
		want = fmt.Sprintf("(%d files, %.1f KB)", res.Files, float64(bytes)/1024)
	}
	if s := res.Summary(); !strings.Contains(s, want) {
		t.Errorf("summary %q does not hold %q", s, want)
	}
	if res.TooHeavy != "" {
		t.Errorf("a small site is too heavy: %s", res.TooHeavy)
	}

	res = mustBuild(t, pipeline.Options{Source: dir, Destination: out, WarnAbove: 1000})
	if !strings.Contains(res.TooHeavy, "more than 1000 bytes") || !strings.Contains(res.TooHeavy, "largest files are assets/*.css") {
		t.Errorf("the warning does not say the limit and the heaviest files: %q", res.TooHeavy)
	}
	if !slices.Contains(res.Warnings, res.TooHeavy) {
		t.Errorf("the warning is not among the build's warnings %q", res.Warnings)
	}
}
