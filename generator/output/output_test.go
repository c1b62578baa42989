package output_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/output"
)

// built writes files into dest as a first build and gives its manifest.
func built(t *testing.T, dest string, files map[string]string) *output.Manifest {
	t.Helper()
	w, err := output.New(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	for rel, s := range files {
		if err := w.Write(rel, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	m, _, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestConcurrentWrites has many goroutines write while one commits: every
// file given before Commit is in place, and run under -race this checks the
// hand-over to the writing goroutine.
func TestConcurrentWrites(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	var prev *output.Manifest
	for round := range 3 {
		w, err := output.New(dest, prev)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 200 {
					rel := fmt.Sprintf("d%d/f%d/index.html", g, i)
					// Round 1 changes a tenth of the files; round 2 none.
					body := fmt.Sprintf("%s round %d", rel, min(round, 1)*(1-min(i%10, 1)))
					if err := w.Write(rel, []byte(body)); err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					want[rel] = body
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		m, ch, err := w.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if got := sitetest.Files(t, dest); len(got) != len(want) {
			t.Fatalf("round %d: %d files in place, want %d", round, len(got), len(want))
		} else {
			for rel, body := range want {
				if got[rel] != body {
					t.Fatalf("round %d: %s holds %q, want %q", round, rel, got[rel], body)
				}
			}
		}
		wantWritten := map[int]int{0: 1600, 1: 160, 2: 0}[round]
		if len(ch.Written) != wantWritten {
			t.Errorf("round %d: %d files written, want %d", round, len(ch.Written), wantWritten)
		}
		prev = m
	}
}

// TestWriteWhileCommitting races Writes against Commit: each Write either
// lands before the commit or is refused, never sends on a closed queue,
// and Commit never hangs.
func TestWriteWhileCommitting(t *testing.T) {
	t.Parallel()
	for range 20 {
		dest := filepath.Join(t.TempDir(), "public")
		w, err := output.New(dest, nil)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				for i := range 50 {
					err := w.Write(fmt.Sprintf("g%d/%d.html", g, i), []byte("x"))
					if err != nil && !strings.Contains(err.Error(), "after the build was committed") {
						t.Error(err)
					}
				}
			})
		}
		m, _, err := w.Commit()
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		// The manifest holds exactly what is on disk: a refused Write left
		// no trace in it.
		got := sitetest.Files(t, dest)
		if len(got) != len(m.Files) {
			t.Fatalf("%d files on disk, %d in the manifest", len(got), len(m.Files))
		}
		for rel := range m.Files {
			if _, ok := got[rel]; !ok {
				t.Fatalf("%s is in the manifest but not on disk", rel)
			}
		}
	}
}

// TestWriteAfterCommit: a late Write is an error and does not change the
// manifest the next build trusts.
func TestWriteAfterCommit(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	w, err := output.New(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	m, _, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("b.html", []byte("b")); err == nil {
		t.Fatal("Write after Commit succeeded")
	}
	if err := w.KeepAllBut(); err == nil {
		t.Fatal("KeepAllBut after Commit succeeded")
	}
	if _, ok := m.Files["b.html"]; ok || len(m.Files) != 1 {
		t.Fatalf("manifest changed by a late Write: %v", m.Files)
	}

	// Abort leaves the destination as it was and refuses later Writes.
	w2, err := output.New(dest, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Write("a.html", []byte("changed")); err != nil {
		t.Fatal(err)
	}
	if err := w2.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := w2.Write("c.html", []byte("c")); err == nil {
		t.Fatal("Write after Abort succeeded")
	}
	if got := sitetest.Files(t, dest); len(got) != 1 || got["a.html"] != "a" {
		t.Fatalf("destination after an aborted build: %v", got)
	}
}

// TestWriteFailure: a file the writing goroutine cannot write fails the
// Commit, and the destination keeps the last good build.
func TestWriteFailure(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	w, err := output.New(dest, built(t, dest, map[string]string{"index.html": "good"}))
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Write("index.html", []byte("new"))
	// A name longer than any file system allows fails in the background,
	// for root too, which writes through permissions.
	long := strings.Repeat("x", 300) + ".html"
	_ = w.Write(long, []byte("y"))
	for i := range 100 {
		// Later Writes may already see the failure; either way Commit must.
		_ = w.Write(fmt.Sprintf("p%d.html", i), []byte("z"))
	}
	if _, _, err := w.Commit(); err == nil || !strings.Contains(err.Error(), long[:20]) {
		t.Fatalf("Commit after a failed write: %v, want an error naming the file", err)
	}
	if got := sitetest.Files(t, dest); len(got) != 1 || got["index.html"] != "good" {
		t.Fatalf("destination after a failed build: %v", got)
	}
}

// A build's scratch file holds what is written to it, and neither it nor
// anything else of the build is left beside the destination.
func TestScratch(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	w, err := output.New(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, done, err := w.Scratch()
	if err != nil {
		t.Fatal(err)
	}
	// Unlinked at once where the system allows, so that a killed build
	// leaves nothing.
	if runtime.GOOS != "windows" {
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			if strings.Contains(e.Name(), "scratch") {
				t.Errorf("the open scratch file %s has a name beside the destination", e.Name())
			}
		}
	}
	if _, err := f.Write([]byte("postings of a transcript")); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 9)
	if _, err := f.ReadAt(got, 9); err != nil || string(got) != "of a tran" {
		t.Fatalf("read back %q, %v", got, err)
	}
	if err := w.Write("index.html", []byte("<p>hi</p>")); err != nil {
		t.Fatal(err)
	}
	done()
	if _, _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "public" {
			t.Errorf("%s is left beside the destination", e.Name())
		}
	}
}

// TestKeepAllBut: a rebuild keeps every file of the previous build but
// those it names, which it may write again, as files or as folders; a
// kept file written again fails; and the next rebuild keeps
// from the manifest it leaves.
func TestKeepAllBut(t *testing.T) {
	t.Parallel()
	first := map[string]string{"a.html": "a", "b/c.html": "c", "b/d/e.html": "e", "gone/f.html": "f"}
	tests := []struct {
		name   string
		drop   []string
		write  map[string]string
		first  bool              // a file is written before KeepAllBut
		want   map[string]string // nil: the build fails and the first stays
		errHas string
	}{
		{"one rewritten, one gone", []string{"b/c.html", "gone/f.html"}, map[string]string{"b/c.html": "c2"}, false,
			map[string]string{"a.html": "a", "b/c.html": "c2", "b/d/e.html": "e"}, ""},
		{"none dropped", nil, nil, false, first, ""},
		{"a file dropped for a folder", []string{"a.html"}, map[string]string{"a.html/x.html": "x"}, false,
			map[string]string{"a.html/x.html": "x", "b/c.html": "c", "b/d/e.html": "e", "gone/f.html": "f"}, ""},
		{"a folder dropped for a file", []string{"b/d/e.html"}, map[string]string{"b/d": "d"}, false,
			map[string]string{"a.html": "a", "b/c.html": "c", "b/d": "d", "gone/f.html": "f"}, ""},
		{"a kept file written", nil, map[string]string{"a.html": "a2"}, false, nil, "written twice"},
		{"a kept folder written as a file", []string{"b/c.html"}, map[string]string{"b": "b"}, false, nil, "both a file and a folder"},
		{"after another file", nil, map[string]string{"new.html": "n"}, true, nil, "before any other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dest := filepath.Join(t.TempDir(), "public")
			w, err := output.New(dest, built(t, dest, first))
			if err != nil {
				t.Fatal(err)
			}
			for rel, s := range tt.write {
				if tt.first {
					if e := w.Write(rel, []byte(s)); e != nil {
						t.Fatal(e)
					}
				}
			}
			err = w.KeepAllBut(tt.drop...)
			for rel, s := range tt.write {
				if e := w.Write(rel, []byte(s)); e != nil && err == nil && !tt.first {
					err = e
				}
			}
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("got error %v, want one saying %q", err, tt.errHas)
				}
				if err := w.Abort(); err != nil {
					t.Fatal(err)
				}
				if got := sitetest.Files(t, dest); fmt.Sprint(got) != fmt.Sprint(first) {
					t.Fatalf("destination after a failed build: %v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := w.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if got := sitetest.Files(t, dest); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("destination: %v, want %v", got, tt.want)
			}
			if len(m.Files) != len(tt.want) {
				t.Errorf("manifest has %d files, want %d", len(m.Files), len(tt.want))
			}
			if _, err := os.Stat(filepath.Join(dest, "gone")); tt.want["gone/f.html"] == "" && err == nil {
				t.Error("the folder of a removed file is still there")
			}
			// The next rebuild keeps all from that manifest.
			w, err = output.New(dest, m)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.KeepAllBut(); err != nil {
				t.Fatal(err)
			}
			if _, _, err := w.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := sitetest.Files(t, dest); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("destination after a rebuild that keeps all: %v, want %v", got, tt.want)
			}
		})
	}
}

// BenchmarkStage is a first build of a site shaped like the synthetic
// archive's (a folder a transcript, a few files in each): the system calls
// that make each folder and file, and the rename that puts the site in
// place.
func BenchmarkStage(b *testing.B) {
	data := []byte(strings.Repeat("<p>Words spoken, and more of them.</p>\n", 400))
	for b.Loop() {
		b.StopTimer()
		dest := filepath.Join(b.TempDir(), "public")
		b.StartTimer()
		w, err := output.New(dest, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 500 {
			for _, name := range []string{"index.html", "index.json", "captions.vtt", "podcast.json"} {
				if err := w.Write(fmt.Sprintf("transcripts/%d/t%d/%s", i/50, i, name), data); err != nil {
					b.Fatal(err)
				}
			}
		}
		if _, _, err := w.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCompareWithDisk: a build without the previous build's manifest
// writes only the files whose bytes differ from the destination's.
func TestCompareWithDisk(t *testing.T) {
	t.Parallel()
	dest := filepath.Join(t.TempDir(), "public")
	built(t, dest, map[string]string{"same.html": "same", "empty.txt": "", "changed.html": "abcd",
		"longer.html": "abcdef", "shorter.html": "ab", "a/deep.html": "deep"})
	w, err := output.New(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	for rel, s := range map[string]string{"same.html": "same", "empty.txt": "", "changed.html": "abce",
		"longer.html": "abc", "shorter.html": "abc", "a/deep.html": "deep", "new.html": "new"} {
		if err := w.Write(rel, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	_, ch, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"changed.html", "longer.html", "new.html", "shorter.html"}; !slices.Equal(ch.Written, want) {
		t.Errorf("written %v, want %v", ch.Written, want)
	}
	if got := sitetest.Files(t, dest); got["longer.html"] != "abc" || got["shorter.html"] != "abc" || got["changed.html"] != "abce" {
		t.Errorf("destination: %v", got)
	}
}
