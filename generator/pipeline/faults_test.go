package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/synth"
)

// The promise under test: whatever happens to a build (a destination it
// cannot write, a disk that fills, a kill -9), the previous output is
// intact and complete, and the next good build succeeds with no clean-up.

// intact fails the test unless dir holds the previous output, before,
// file for file and byte for byte.
func intact(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	if d := sitetest.Diff(sitetest.Files(t, dir), before); d != "" {
		t.Errorf("the previous output changed:\n%s", d)
	}
}

func smallSite(t *testing.T, dir, title string) {
	t.Helper()
	sitetest.Write(t, dir, map[string]string{
		"content/site.yaml":        "title: " + title + "\n",
		"content/transcripts/a.md": "---\ntitle: " + title + "\ndate: 2024-01-01\nspeakers: [Ann]\n---\n\nAnn: hello\n",
	})
}

// mountTmpfs mounts a tmpfs of size bytes at dir, or skips the test saying
// why: only root (or a user namespace) may mount.
func mountTmpfs(t *testing.T, dir string, size int) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0755", size)); err != nil {
		t.Skipf("cannot mount a tmpfs at %s (%v): this fault is tested only where the tests may mount (root, or CI with sudo)", dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
}

// TestReadOnlyDestination: the folder holding the destination cannot be
// written (a read-only mount, or for a user without rights, a read-only
// folder): the build fails with an error, the previous site is untouched,
// and once the folder is writable again the next build succeeds.
func TestReadOnlyDestination(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	smallSite(t, site, "First")
	parent := t.TempDir()
	readOnly := func(on bool) {}
	if os.Geteuid() == 0 {
		// Root ignores permissions; a read-only mount binds it.
		mountTmpfs(t, parent, 8<<20)
		readOnly = func(on bool) {
			flags := uintptr(syscall.MS_REMOUNT)
			if on {
				flags |= syscall.MS_RDONLY
			}
			if err := syscall.Mount("tmpfs", parent, "tmpfs", flags, "size=8388608"); err != nil {
				t.Fatalf("remount: %v", err)
			}
		}
	} else {
		readOnly = func(on bool) {
			mode := os.FileMode(0o755)
			if on {
				mode = 0o555
			}
			if err := os.Chmod(parent, mode); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
	}
	dest := filepath.Join(parent, "public")
	mustBuild(t, pipeline.Options{Source: site, Destination: dest})
	before := sitetest.Files(t, dest)

	smallSite(t, site, "Second")
	readOnly(true)
	_, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest})
	if err == nil {
		t.Error("a build into a read-only folder succeeded")
	}
	intact(t, dest, before)

	readOnly(false)
	mustBuild(t, pipeline.Options{Source: site, Destination: dest})
	if b, _ := os.ReadFile(filepath.Join(dest, "transcripts", "a", "index.html")); !strings.Contains(string(b), "Second") {
		t.Error("the next build did not replace the output")
	}
}

// TestDiskFull: the destination's file system fills up part-way through
// a build: the build fails, the previous site is untouched, and once space
// is freed the next build succeeds.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	smallSite(t, site, "First")
	parent := t.TempDir()
	mountTmpfs(t, parent, 4<<20)
	dest := filepath.Join(parent, "public")
	mustBuild(t, pipeline.Options{Source: site, Destination: dest})
	before := sitetest.Files(t, dest)

	// A static file larger than what is left: the copy fails part-way.
	static := filepath.Join(site, "content", "static")
	if err := os.MkdirAll(static, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(static, "big.bin"), make([]byte, 6<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	smallSite(t, site, "Second")
	_, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest})
	if err == nil {
		t.Fatal("a build larger than the disk succeeded")
	}
	if !errors.Is(err, syscall.ENOSPC) && !strings.Contains(err.Error(), "no space left") {
		t.Errorf("error %v does not say the disk is full", err)
	}
	intact(t, dest, before)

	if err := os.Remove(filepath.Join(static, "big.bin")); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, pipeline.Options{Source: site, Destination: dest})
	if b, _ := os.ReadFile(filepath.Join(dest, "transcripts", "a", "index.html")); !strings.Contains(string(b), "Second") {
		t.Error("the next build did not replace the output")
	}
}

// TestFaultChild is the child process of TestKilledBuild: it builds the
// site it is given, and is killed part-way. Run alone it does nothing.
func TestFaultChild(t *testing.T) {
	src, dest := os.Getenv("VERBATIM_FAULT_SOURCE"), os.Getenv("VERBATIM_FAULT_DEST")
	if src == "" {
		return
	}
	if _, err := pipeline.Run(pipeline.Options{Source: src, Destination: dest}); err != nil {
		t.Fatal(err)
	}
}

// TestKilledBuild kills a build with SIGKILL once it has written some of
// its output, at several moments: each time the previous site is intact
// and complete, and the next build, run as usual, succeeds.
func TestKilledBuild(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a large archive; not with -short")
	}
	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	dest := filepath.Join(parent, "public")
	smallSite(t, site, "Previous")
	mustBuild(t, pipeline.Options{Source: site, Destination: dest})
	before := sitetest.Files(t, dest)

	if err := os.RemoveAll(filepath.Join(site, "content")); err != nil {
		t.Fatal(err)
	}
	if err := synth.Write(site, synth.Options{Transcripts: 1200, Words: 150, Seed: 7}); err != nil {
		t.Fatal(err)
	}

	for _, after := range []int{50, 400, 1000} { // of about 3,000
		t.Run(fmt.Sprintf("after %d files", after), func(t *testing.T) {
			// Files being written, beside the destination: a build that
			// ended and put its site in place counts none, and is not
			// taken for one killed part-way.
			base := countFiles(parent, site, dest)
			cmd := exec.Command(os.Args[0], "-test.run=^TestFaultChild$", "-test.count=1")
			// One core for the build, and twice the files the last kill
			// waits for: a build that outran the polling of its files
			// would end before it is killed, as builds got faster.
			cmd.Env = append(os.Environ(), "VERBATIM_FAULT_SOURCE="+site, "VERBATIM_FAULT_DEST="+dest, "GOMAXPROCS=1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The build says nothing of its progress: its files are
			// counted as they appear, until it has written enough or ends.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			exited := make(chan error, 1)
			go func() {
				exited <- cmd.Wait()
				cancel()
			}()
			wrote := sitetest.Until(ctx, 2*time.Millisecond, func() bool { return countFiles(parent, site, dest)-base >= after })
			killed := wrote && cmd.Process.Signal(syscall.SIGKILL) == nil
			err := <-exited
			if !killed {
				t.Fatalf("the build ended (%v) before it wrote %d files, so it was not killed part-way: make the archive larger", err, after)
			}
			intact(t, dest, before)
			if left := leftovers(t, parent); len(left) > 0 {
				t.Logf("the killed build left %v beside the destination", left)
			}
		})
	}

	// The next build needs no clean-up, and replaces the site.
	res := mustBuild(t, pipeline.Options{Source: site, Destination: dest})
	if res.Transcripts != 1200 {
		t.Errorf("the next build has %d transcripts, want 1200", res.Transcripts)
	}
	if _, err := os.Stat(filepath.Join(dest, "transcripts", "a", "index.html")); err == nil {
		t.Error("the previous site's page is still there after the next build")
	}
}

// countFiles counts the files under dir but not under skip.
func countFiles(dir string, skip ...string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if slices.Contains(skip, p) {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// leftovers lists what a build left beside the destination.
func leftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != "site" && e.Name() != "public" {
			out = append(out, e.Name())
		}
	}
	return out
}
