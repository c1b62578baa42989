package pipeline_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// A one-off build does not hold the archive's Markdown: it reads each
// transcript's body when the model parses it, renders it there and then,
// and keeps the HTML in a temporary file for the page; without that file,
// it keeps what its memory budget allows and parses the rest again from
// the file. Every way must give the very pages a watch-mode build, which
// keeps everything, writes.
func TestPagesFromMarkdownReadAgain(t *testing.T) {
	t.Parallel()
	src := sitetest.RepoRoot(t)
	outs := t.TempDir()
	watch := filepath.Join(outs, "watch")
	b, err := pipeline.NewBuilder(pipeline.Options{Source: src, Destination: watch, LeaveRecords: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(nil); err != nil {
		t.Fatalf("watch-mode build: %v", err)
	}
	want := sitetest.Files(t, watch)
	pages := 0
	for p, body := range want {
		if strings.HasPrefix(p, "transcripts/") && strings.HasSuffix(p, "/index.html") && strings.Contains(body, `class="turn`) {
			pages++
		}
	}
	if pages < 3 {
		t.Fatalf("the demo archive gave %d transcript pages with turns: nothing to compare", pages)
	}

	for _, c := range []struct {
		name  string
		knobs pipeline.Knobs
		warns bool // that the temporary files failed
	}{
		{"spilled", pipeline.Knobs{}, false},
		{"held in memory", pipeline.Knobs{Budget: 1 << 30, NoSpill: true}, false},
		{"parsed again", pipeline.Knobs{Budget: 0, NoSpill: true}, false},
		{"disk full part-way", pipeline.Knobs{SpillLimit: 20 << 10}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(outs, strings.ReplaceAll(c.name, " ", "-"))
			res, err := pipeline.RunWith(pipeline.Options{Source: src, Destination: out, LeaveRecords: true}, c.knobs)
			if err != nil {
				t.Fatal(err)
			}
			warned := slices.ContainsFunc(res.Warnings, func(w string) bool {
				return strings.Contains(w, "temporary file beside the destination could not be made or written") && strings.Contains(w, "no space left")
			})
			if warned != c.warns {
				t.Errorf("warned of the temporary files: %v, want %v (%q)", warned, c.warns, res.Warnings)
			}
			got := sitetest.Files(t, out)
			if len(got) != len(want) {
				t.Errorf("%d files, the watch-mode build %d", len(got), len(want))
			}
			for p, w := range want {
				if got[p] != w {
					t.Errorf("%s differs from the watch-mode build's", p)
				}
			}
		})
	}
}

// The transcripts' pages of a one-off build come from the temporary file,
// not from the Markdown read a third time: with every transcript gone
// from the source once the model is built, the build still writes them.
func TestPagesFromTheSpill(t *testing.T) {
	t.Parallel()
	// A long recording too: its last turn, the last bytes of its part of
	// the file, has a large line number and time.
	var long strings.Builder
	long.WriteString("---\ntitle: C\ndate: 2020-01-03\nspeakers: [ann, bob]\nmedia: https://example.org/c.mp3\n---\n")
	for i := 0; i < 300; i++ {
		who := []string{"Ann", "Bob"}[i%2]
		fmt.Fprintf(&long, "[%d:%02d:%02d] **%s:** Point number %d.\n\n", i*20/3600, i*20/60%60, i*20%60, who, i)
	}
	long.WriteString("[2:00:00] **Bob:** Thanks.\n")
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello, *world*.\n",
		"content/transcripts/b.md": "---\ntitle: B\ndate: 2020-01-02\nspeakers: [ann]\n---\n**Ann:** Again [[a]].\n",
		"content/transcripts/c.md": long.String(),
		"content/speakers/ann.md":  "---\nname: Ann\n---\n",
		"content/speakers/bob.md":  "---\nname: Bob\n---\n",
	})
	out := filepath.Join(dir, "public")
	if _, err := pipeline.RunWith(pipeline.Options{Source: dir}, pipeline.Knobs{ModelBuilt: func() {
		if err := os.RemoveAll(filepath.Join(dir, "content/transcripts")); err != nil {
			t.Error(err)
		}
	}}); err != nil {
		t.Fatalf("the pages were not rendered from the spill: %v", err)
	}
	files := sitetest.Files(t, out)
	if a := files["transcripts/a/index.html"]; !strings.Contains(a, "Hello, <em>world</em>.") {
		t.Errorf("transcripts/a/index.html lacks its body:\n%s", a)
	}
	if j := files["transcripts/b/index.json"]; !strings.Contains(j, `"text":"Again A."`) {
		t.Errorf("transcripts/b/index.json lacks its turns:\n%s", j)
	}
	if c := files["transcripts/c/index.json"]; !strings.Contains(c, `{"n":301,"speaker":"bob","time":"02:00:00","text":"Thanks."}`) {
		t.Errorf("transcripts/c/index.json lacks its last turn: %s", c[max(0, len(c)-300):])
	}
	if vtt := files["transcripts/c/index.vtt"]; !strings.Contains(vtt, "Thanks.") {
		t.Errorf("transcripts/c/index.vtt lacks its last turn")
	}
	// So do the turns' excerpts on the speaker's page, which the model
	// left to the same file.
	if sp := files["speakers/ann/index.html"]; !strings.Contains(sp, "</a> Hello, world.</li>") || !strings.Contains(sp, "</a> Again A.</li>") {
		t.Errorf("speakers/ann/index.html lacks the excerpts:\n%s", sp)
	}
	// Nothing of the temporary files is left beside the destination.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), "building") {
			t.Errorf("%s left beside the destination", e.Name())
		}
	}
}

// A transcript edited while a one-off build runs, between reading its
// front matter and parsing its body, or before its page is rendered from
// the file read again, fails the build with the file named; the last good
// output stays, and the next build reads the file as it is now.
func TestSourceEditedDuringBuild(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		knobs func(edit func()) pipeline.Knobs
	}{
		{"before the model parses it", func(edit func()) pipeline.Knobs { return pipeline.Knobs{Loaded: edit} }},
		{"before its page parses it again", func(edit func()) pipeline.Knobs {
			return pipeline.Knobs{NoSpill: true, Budget: 0, ModelBuilt: edit}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := sitetest.Site(t, map[string]string{
				"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello.\n",
				"content/transcripts/b.md": "---\ntitle: B\ndate: 2020-01-02\nspeakers: [ann]\n---\n**Ann:** Again.\n",
				"content/speakers/ann.md":  "---\nname: Ann\n---\n",
			})
			out := filepath.Join(dir, "public")
			mustBuild(t, pipeline.Options{Source: dir})
			good := sitetest.Files(t, out)

			a := filepath.Join(dir, "content/transcripts/a.md")
			_, err := pipeline.RunWith(pipeline.Options{Source: dir}, c.knobs(func() {
				if err := os.WriteFile(a, []byte("---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Goodbye.\n"), 0o644); err != nil {
					t.Error(err)
				}
			}))
			if err == nil {
				t.Fatal("a transcript edited while the build ran was rendered from its new text without a word")
			}
			if msg := err.Error(); !strings.Contains(msg, "content/transcripts/a.md") || !strings.Contains(msg, "changed while the site was being built") {
				t.Errorf("the error does not name the file and what happened: %v", err)
			}
			if !pipeline.IsInputError(err) {
				t.Errorf("reported as a failure of the machine, not of the source: %v", err)
			}
			intact(t, out, good)
			if stale, _ := fs.Glob(os.DirFS(dir), ".public.building*"); len(stale) > 0 {
				t.Errorf("the failed build left %v", stale)
			}

			mustBuild(t, pipeline.Options{Source: dir})
			if page := sitetest.Files(t, out)["transcripts/a/index.html"]; !strings.Contains(page, "Goodbye.") {
				t.Error("the build after the edit does not show the new text")
			}
		})
	}
}
