package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/build"
)

// A one-off build lets go of the archive's Markdown once the model is
// built, and the pages whose bodies were not kept rendered read their
// files again. Those pages must be the very pages a build that keeps
// everything writes.
func TestPagesFromMarkdownReadAgain(t *testing.T) {
	src := repoRoot(t)
	outs := t.TempDir()
	kept := filepath.Join(outs, "kept")
	reread := filepath.Join(outs, "reread")
	watch := filepath.Join(outs, "watch")

	mustBuild(t, build.Options{Source: src, Destination: kept})
	if _, err := build.RunWith(build.Options{Source: src, Destination: reread}, 0, nil); err != nil {
		t.Fatalf("build with no body kept: %v", err)
	}
	b, err := build.NewBuilder(build.Options{Source: src, Destination: watch})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(nil); err != nil {
		t.Fatalf("watch-mode build: %v", err)
	}

	want := treeOf(t, kept)
	pages := 0
	for p, body := range want {
		if strings.HasPrefix(p, "transcripts/") && strings.HasSuffix(p, "/index.html") && strings.Contains(body, `class="turn`) {
			pages++
		}
	}
	if pages < 3 {
		t.Fatalf("the demo archive gave %d transcript pages with turns: nothing to compare", pages)
	}
	for name, dir := range map[string]string{"no body kept": reread, "watch mode": watch} {
		got := treeOf(t, dir)
		if len(got) != len(want) {
			t.Errorf("%s: %d files, the one-off build %d", name, len(got), len(want))
		}
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s: %s differs from the one-off build's", name, p)
			}
		}
	}
}

// A transcript edited after the model was built, before its page is
// rendered from the file read again, fails the build with the file named;
// the last good output stays.
func TestSourceEditedDuringBuild(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Hello.\n",
		"content/transcripts/b.md": "---\ntitle: B\ndate: 2020-01-02\nspeakers: [ann]\n---\n**Ann:** Again.\n",
		"content/speakers/ann.md":  "---\nname: Ann\n---\n",
	})
	out := filepath.Join(dir, "public")
	mustBuild(t, build.Options{Source: dir})
	good := treeOf(t, out)

	a := filepath.Join(dir, "content/transcripts/a.md")
	_, err := build.RunWith(build.Options{Source: dir}, 0, func() {
		if err := os.WriteFile(a, []byte("---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n**Ann:** Goodbye.\n"), 0o644); err != nil {
			t.Error(err)
		}
	})
	if err == nil {
		t.Fatal("a transcript edited while the build ran was rendered from its new text without a word")
	}
	if msg := err.Error(); !strings.Contains(msg, "content/transcripts/a.md") || !strings.Contains(msg, "changed while the site was being built") {
		t.Errorf("the error does not name the file and what happened: %v", err)
	}
	if !build.IsInputError(err) {
		t.Errorf("reported as a failure of the machine, not of the source: %v", err)
	}
	sameTree(t, out, good)

	// The next build reads the file as it is now.
	mustBuild(t, build.Options{Source: dir})
	page := treeOf(t, out)["transcripts/a/index.html"]
	if !strings.Contains(page, "Goodbye.") {
		t.Error("the build after the edit does not show the new text")
	}
}
