package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

const (
	quiet   = 30 * time.Millisecond
	timeout = 3 * time.Second
)

// start watches a fresh site folder holding content/transcripts/a.md and
// content/site.yaml.
func start(t *testing.T, setup func(dir string)) (string, *Watcher) {
	t.Helper()
	return startQuiet(t, setup, quiet)
}

func startQuiet(t *testing.T, setup func(dir string), quiet time.Duration) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "content/transcripts/a.md", "a")
	write(t, dir, "content/site.yaml", "title: T\n")
	if setup != nil {
		setup(dir)
	}
	w, err := New(Options{Root: dir, Paths: []string{"content", "themes"}, Ignore: []string{filepath.Join(dir, "content", "out")}, Quiet: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return dir, w
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	sitetest.Write(t, dir, map[string]string{rel: text})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// next waits for a batch and returns its paths relative to dir.
func next(t *testing.T, dir string, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return rels(dir, b)
	case <-time.After(timeout):
		t.Fatal("no batch came")
		return nil
	}
}

func rels(dir string, b Batch) []string {
	var out []string
	for _, p := range b.Paths {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			r = p
		}
		out = append(out, filepath.ToSlash(r))
	}
	return out
}

// none checks that no batch comes within a few debounce periods.
func none(t *testing.T, dir string, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %q", rels(dir, b))
	case <-time.After(8 * quiet):
	}
}

func TestChanges(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		act   func(t *testing.T, dir string)
		want  []string // each must be in the batch
		not   []string // none may be
	}{
		{
			name: "create",
			act:  func(t *testing.T, dir string) { write(t, dir, "content/transcripts/b.md", "b") },
			want: []string{"content/transcripts/b.md"},
		},
		{
			name: "write",
			act:  func(t *testing.T, dir string) { write(t, dir, "content/transcripts/a.md", "a2") },
			want: []string{"content/transcripts/a.md"},
		},
		{
			name: "site.yaml",
			act:  func(t *testing.T, dir string) { write(t, dir, "content/site.yaml", "title: U\n") },
			want: []string{"content/site.yaml"},
		},
		{
			name: "atomic save through a hidden temporary file",
			act: func(t *testing.T, dir string) {
				write(t, dir, "content/transcripts/.a.md.tmp", "a2")
				must(t, os.Rename(filepath.Join(dir, "content/transcripts/.a.md.tmp"), filepath.Join(dir, "content/transcripts/a.md")))
			},
			want: []string{"content/transcripts/a.md"},
			not:  []string{"content/transcripts/.a.md.tmp"},
		},
		{
			name: "atomic save through a visible temporary file",
			act: func(t *testing.T, dir string) {
				write(t, dir, "content/transcripts/a.md.tmp1", "a2")
				must(t, os.Rename(filepath.Join(dir, "content/transcripts/a.md.tmp1"), filepath.Join(dir, "content/transcripts/a.md")))
			},
			want: []string{"content/transcripts/a.md"},
		},
		{
			name: "delete",
			act:  func(t *testing.T, dir string) { must(t, os.Remove(filepath.Join(dir, "content/transcripts/a.md"))) },
			want: []string{"content/transcripts/a.md"},
		},
		{
			name: "rename",
			act: func(t *testing.T, dir string) {
				must(t, os.Rename(filepath.Join(dir, "content/transcripts/a.md"), filepath.Join(dir, "content/transcripts/b.md")))
			},
			want: []string{"content/transcripts/a.md", "content/transcripts/b.md"},
		},
		{
			name: "new folder with files written at once",
			act: func(t *testing.T, dir string) {
				write(t, dir, "content/transcripts/2026/x/y.md", "y")
				write(t, dir, "content/transcripts/2026/z.md", "z")
			},
			want: []string{"content/transcripts/2026/x/y.md", "content/transcripts/2026/z.md"},
		},
		{
			name: "themes made after start",
			act:  func(t *testing.T, dir string) { write(t, dir, "themes/default/templates/home.html", "x") },
			want: []string{"themes/default/templates/home.html"},
		},
		{
			name: "editors' files are left out",
			act: func(t *testing.T, dir string) {
				for _, n := range []string{".a.md.swp", "a.md.swp", "a.md.swx", "a.md~", "4913", ".#a.md", "#a.md#", ".hidden"} {
					write(t, dir, "content/transcripts/"+n, "x")
				}
				write(t, dir, "content/.git/HEAD", "x")
				write(t, dir, "content/.turnids/a.txt", "x") // the build's turn records
				write(t, dir, "content/.turnids/2024/b.txt", "x")
				write(t, dir, "content/out/index.html", "x")
				write(t, dir, "public/index.html", "x")
				write(t, dir, "go.mod", "x")
				write(t, dir, "content/transcripts/b.md", "b")
			},
			want: []string{"content/transcripts/b.md"},
			not:  []string{"content/.turnids/a.txt", "content/.turnids/2024/b.txt", "content/transcripts/a.md.swp", "content/transcripts/4913", "content/transcripts/a.md~", "content/out/index.html", "public/index.html", "go.mod"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, w := start(t, nil)
			tc.act(t, dir)
			got := next(t, dir, w)
			for _, p := range tc.want {
				if !slices.Contains(got, p) {
					t.Errorf("batch %q lacks %s", got, p)
				}
			}
			for _, p := range tc.not {
				if slices.Contains(got, p) {
					t.Errorf("batch %q has %s", got, p)
				}
			}
			for _, p := range got {
				if Ignored(filepath.Base(p)) {
					t.Errorf("batch %q has the editor's file %s", got, p)
				}
			}
		})
	}
}

func TestOnlyIgnoredGivesNoBatch(t *testing.T) {
	dir, w := start(t, nil)
	for _, n := range []string{".a.md.swp", "a.md~", "4913", ".#a.md", "#a.md#"} {
		write(t, dir, "content/transcripts/"+n, "x")
	}
	write(t, dir, "content/out/page.html", "x")
	write(t, dir, "public/page.html", "x")
	none(t, dir, w)
}

func TestBurstIsOneBatch(t *testing.T) {
	// A longer quiet period than elsewhere, so that a slow machine writing
	// the files does not pause long enough to split the burst.
	dir, w := startQuiet(t, nil, 100*time.Millisecond)
	var want []string
	for i := range 50 {
		rel := fmt.Sprintf("content/transcripts/t%02d.md", i)
		write(t, dir, rel, "x")
		want = append(want, rel)
	}
	got := next(t, dir, w)
	for _, p := range want {
		if !slices.Contains(got, p) {
			t.Fatalf("batch lacks %s: %q", p, got)
		}
	}
	none(t, dir, w)
}

// TestSaveDuringRebuild holds the first batch as a rebuild would: changes
// made meanwhile come as exactly one more batch. (That a batch made ready
// while nobody receives waits, rather than going out alone, is the
// batcher's, which TestBatcherHoldsWhileBusy shows on a fake clock.)
func TestSaveDuringRebuild(t *testing.T) {
	dir, w := start(t, nil)
	write(t, dir, "content/transcripts/a.md", "1")
	if got := next(t, dir, w); !slices.Equal(got, []string{"content/transcripts/a.md"}) {
		t.Fatalf("first batch %q", got)
	}
	// "Rebuilding": nobody receives while both are saved.
	write(t, dir, "content/transcripts/a.md", "2")
	write(t, dir, "content/transcripts/b.md", "3")
	got := next(t, dir, w)
	if !slices.Equal(got, []string{"content/transcripts/a.md", "content/transcripts/b.md"}) {
		t.Fatalf("second batch %q", got)
	}
	none(t, dir, w)
}

func TestNewFolderIsWatched(t *testing.T) {
	dir, w := start(t, nil)
	must(t, os.MkdirAll(filepath.Join(dir, "content/transcripts/2026/deep"), 0o755))
	got := next(t, dir, w)
	if !slices.Contains(got, "content/transcripts/2026") {
		t.Fatalf("batch %q lacks the new folder", got)
	}
	write(t, dir, "content/transcripts/2026/deep/n.md", "n")
	if got := next(t, dir, w); !slices.Equal(got, []string{"content/transcripts/2026/deep/n.md"}) {
		t.Fatalf("batch %q", got)
	}
}

func TestRemovedAndRenamedFolders(t *testing.T) {
	dir, w := start(t, func(dir string) {
		for _, rel := range []string{"content/transcripts/old/x/a.md", "content/transcripts/gone/b.md"} {
			p := filepath.Join(dir, rel)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, nil, 0o644)
		}
	})
	must(t, os.Rename(filepath.Join(dir, "content/transcripts/old"), filepath.Join(dir, "content/transcripts/new")))
	must(t, os.RemoveAll(filepath.Join(dir, "content/transcripts/gone")))
	got := next(t, dir, w)
	for _, p := range []string{"content/transcripts/old", "content/transcripts/new", "content/transcripts/new/x/a.md", "content/transcripts/gone"} {
		if !slices.Contains(got, p) {
			t.Errorf("batch %q lacks %s", got, p)
		}
	}
	// A file in the renamed folder is reported under its new name.
	write(t, dir, "content/transcripts/new/x/a.md", "changed")
	if got := next(t, dir, w); !slices.Equal(got, []string{"content/transcripts/new/x/a.md"}) {
		t.Fatalf("batch %q", got)
	}
	for d := range w.watched() {
		if r, _ := filepath.Rel(dir, d); r == "content/transcripts/old" || r == "content/transcripts/gone" || r == "content/transcripts/old/x" {
			t.Errorf("%s is still watched", r)
		}
	}
}

func TestContentReplaced(t *testing.T) {
	dir, w := start(t, nil)
	must(t, os.Rename(filepath.Join(dir, "content"), filepath.Join(dir, "content-old")))
	write(t, dir, "content-new/transcripts/c.md", "c")
	must(t, os.Rename(filepath.Join(dir, "content-new"), filepath.Join(dir, "content")))
	got := next(t, dir, w)
	if !slices.Contains(got, "content") || !slices.Contains(got, "content/transcripts/c.md") {
		t.Fatalf("batch %q", got)
	}
	write(t, dir, "content/transcripts/c.md", "c2")
	if got := next(t, dir, w); !slices.Equal(got, []string{"content/transcripts/c.md"}) {
		t.Fatalf("batch %q", got)
	}
}

func TestCloseEndsBatches(t *testing.T) {
	_, w := start(t, nil)
	must(t, w.Close())
	select {
	case _, ok := <-w.Batches():
		if ok {
			t.Fatal("a batch after Close")
		}
	case <-time.After(timeout):
		t.Fatal("Batches not closed")
	}
	must(t, w.Close())
}

func TestIgnored(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"a.md", false},
		{"4913.md", false},
		{"notes#1.md", false},
		{"a.md.swp", true},
		{".a.md.swp", true},
		{"a.md.swx", true},
		{"a.md~", true},
		{"4913", true},
		{".#a.md", true},
		{"#a.md#", true},
		{".DS_Store", true},
		{".git", true},
	} {
		if got := Ignored(tc.name); got != tc.want {
			t.Errorf("Ignored(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// watched lists the folders with a watch. Reading w.dirs from the test
// while the loop runs would race, so it asks fsnotify.
func (w *Watcher) watched() map[string]bool {
	m := map[string]bool{}
	for _, p := range w.fs.WatchList() {
		m[p] = true
	}
	return m
}
