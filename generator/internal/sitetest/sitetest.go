// Package sitetest holds what the generator's tests share: a site written
// from a map of files into a temporary folder, a copy of the demo archive,
// a built tree read back into a map and compared with another, the HTML of
// a built site parsed and queried, a transcript's index.json, golden files,
// an in-memory output, and waits bounded by a deadline.
//
// It imports nothing of the generator, so that the tests inside any of its
// packages (markdown's, search's) may use it without an import cycle;
// building a site is a call to pipeline.Run, which a test makes itself.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash path below dir -> contents) into dir, making
// the folders they need.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Site writes files into a new temporary folder and returns it: a site
// folder when the paths start with content/ or themes/.
func Site(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, files)
	return dir
}

// RepoRoot is the root of the repository, whose content/ is the demo
// archive: the nearest folder above the test's own holding go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
}

// CopyDemo copies the demo archive's content/ into a new temporary site
// folder, which a test may edit, and returns that folder.
func CopyDemo(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(RepoRoot(t), "content"))); err != nil {
		t.Fatal(err)
	}
	return dir
}
