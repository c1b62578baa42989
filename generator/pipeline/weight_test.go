package pipeline_test

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
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
		if links := strings.Contains(page, `href="index.vtt"`); links != c.captions {
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
	if !strings.Contains(res.TooHeavy, "more than 1000 bytes") || !strings.Contains(res.TooHeavy, "largest files are assets/") || !strings.Contains(res.TooHeavy, "assets/*.css") {
		t.Errorf("the warning does not say the limit and the heaviest files: %q", res.TooHeavy)
	}
	if !slices.Contains(res.Warnings, res.TooHeavy) {
		t.Errorf("the warning is not among the build's warnings %q", res.Warnings)
	}
}

// BenchmarkWeight builds the synthetic archives of 2,000 and 20,000
// transcripts and reports the site's bytes (folders counted as du -sb
// counts them) and files, and logs them by kind of file:
//
//	go test -run '^$' -bench Weight -benchtime 1x -v ./generator/pipeline/
func BenchmarkWeight(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := archive(b, n)
			for range b.N {
				out := filepath.Join(b.TempDir(), "public")
				if _, err := pipeline.Run(pipeline.Options{Source: src, Destination: out}); err != nil {
					b.Fatal(err)
				}
				kinds, bytes, files := weighOutput(b, out)
				b.ReportMetric(float64(bytes)/(1<<20), "MB")
				b.ReportMetric(float64(files), "files")
				for _, k := range slices.Sorted(maps.Keys(kinds)) {
					b.Logf("%-22s %7d %8.1f MB", k, kinds[k][1], float64(kinds[k][0])/(1<<20))
				}
			}
		})
	}
}

// weighOutput sums a built site by kind of file: [bytes, files] each,
// folders as a kind of their own.
func weighOutput(b *testing.B, out string) (kinds map[string][2]int64, bytes, files int64) {
	kinds = map[string][2]int64{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		k := weightKind(filepath.ToSlash(rel), d.IsDir())
		c := kinds[k]
		c[0] += info.Size()
		c[1]++
		kinds[k] = c
		bytes += info.Size()
		if !d.IsDir() {
			files++
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return kinds, bytes, files
}

func weightKind(rel string, dir bool) string {
	parts := strings.Split(rel, "/")
	switch {
	case dir:
		return "folders"
	case parts[0] == "transcripts" && len(parts) == 3 && parts[1] != "page":
		return "transcript " + parts[2]
	case parts[0] == "search":
		return "search index"
	case len(parts) > 1 && (parts[0] == "speakers" || parts[0] == "topics" || parts[0] == "transcripts"):
		kind := map[string]string{"speakers": "speaker", "topics": "topic", "transcripts": "transcript"}[parts[0]]
		if strings.HasSuffix(rel, ".xml") {
			return kind + " feeds"
		}
		if kind == "transcript" {
			return "transcript lists"
		}
		return kind + " pages"
	}
	return "other"
}

// TestWarnsAtThePublishedSize: the limit is measured on the tar archive the
// Pages workflow uploads, made here with the workflow's own tar command,
// not on the sum of the files, which is smaller by a header and padding a
// file. Result.Published is that archive's size after a full build and
// after saves that add a transcript (new files and folders), lengthen one
// and delete one, which a save tallies from what it wrote and removed; a
// site warns when the archive is one byte over the limit, and not when it
// is at it.
func TestWarnsAtThePublishedSize(t *testing.T) {
	tarCmd, err := exec.LookPath("tar")
	if err != nil {
		t.Fatal("no tar: install it (apt-get install tar) to check the published size")
	}
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello.\n",
		"content/transcripts/b.md": "---\ntitle: B\ndate: 2020-01-02\nspeakers: [ann, bo]\n---\n**Ann:** Hello.\n\n**Bo:** Hi.\n",
	})
	out := filepath.Join(dir, "public")
	archived := func() int64 {
		t.Helper()
		// As actions/upload-pages-artifact runs it.
		archive, err := exec.Command(tarCmd, "--dereference", "--hard-dereference", "--directory", out, "-cf", "-", "--exclude=.git", "--exclude=.github", ".").Output()
		if err != nil {
			t.Fatalf("tar: %v", err)
		}
		return int64(len(archive))
	}
	b, err := pipeline.NewBuilder(pipeline.Options{Source: dir, Destination: out})
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name string
		edit func() []string
	}{
		{"the first build", func() []string { return nil }},
		{"a transcript with a long name added", func() []string {
			// Its files' paths pass the 100 bytes of a tar header's name.
			write("content/transcripts/"+strings.Repeat("long-", 17)+"name.md", "---\ntitle: L\ndate: 2020-01-04\nspeakers: [bob]\n---\n**Bob:** Long.\n")
			return []string{"content/transcripts/" + strings.Repeat("long-", 17) + "name.md"}
		}},
		{"a transcript added", func() []string {
			write("content/transcripts/c.md", "---\ntitle: C\ndate: 2020-01-03\nspeakers: [bob]\n---\n**Bob:** New.\n")
			return []string{"content/transcripts/c.md"}
		}},
		{"a transcript lengthened", func() []string {
			write("content/transcripts/a.md", "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello."+strings.Repeat(" And more.", 300)+"\n")
			return []string{"content/transcripts/a.md"}
		}},
		{"a transcript deleted", func() []string {
			if err := os.Remove(filepath.Join(dir, "content", "transcripts", "b.md")); err != nil {
				t.Fatal(err)
			}
			return []string{"content/transcripts/b.md"}
		}},
	}
	var res *pipeline.Result
	for _, st := range steps {
		if res, err = b.Build(st.edit()); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := archived(); res.Published != got {
			t.Errorf("%s: Published = %d, the archive is %d bytes", st.name, res.Published, got)
		}
	}
	published := archived()
	if published <= res.Bytes {
		t.Fatalf("the archive (%d bytes) is not larger than the files (%d)", published, res.Bytes)
	}
	if res := mustBuild(t, pipeline.Options{Source: dir, Destination: out, WarnAbove: published}); res.TooHeavy != "" {
		t.Errorf("a site of exactly the limit as published warns: %s", res.TooHeavy)
	}
	res = mustBuild(t, pipeline.Options{Source: dir, Destination: out, WarnAbove: published - 1})
	if !strings.Contains(res.TooHeavy, "as published") {
		t.Errorf("a site one byte over the limit as published (%d bytes) does not warn: %q", published, res.TooHeavy)
	}
}
