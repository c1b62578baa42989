package pipeline_test

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

const minimal = "---\ntitle: T\ndate: 2024-01-01\nspeakers: [ann]\n---\n\nAnn: hi\n"

// snapshotOutside hashes every file and link under dir but skip (the destination).
func snapshotOutside(t *testing.T, dir, skip string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// The turn records are the one thing a build writes beside its
		// destination, by design (load.RecordsDir).
		if p == skip || d.IsDir() && d.Name() == load.RecordsDir && filepath.Base(filepath.Dir(p)) == "content" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "link " + target
		case d.IsDir():
			out[rel] = "dir"
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNothingWrittenOutside builds hostile sites, which fail or succeed,
// inside a parent folder holding other files and links out of the site,
// and checks that nothing outside the destination changed, and that
// symbolic links out of content/ are reported, not followed.
func TestNothingWrittenOutside(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	secret := filepath.Join(parent, "secret.txt")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sitetest.Write(t, parent, map[string]string{"secret.txt": "SECRET-OUTSIDE", "outside/dir/x.md": minimal})
	site := filepath.Join(parent, "site")
	sitetest.Write(t, site, map[string]string{
		"content/transcripts/a.md":    strings.Replace(minimal, "title: T", "title: T\nslug: a", 1),
		"content/transcripts/b.md":    "---\ntitle: B\ndate: 2024-01-01\nslug: ../../../escaped\nspeakers: [ann]\n---\n",
		"content/transcripts/c.md":    "---\ntitle: C\ndate: 2024-01-01\nspeakers: [\"../../../escaped\", \"..\\\\..\\\\x\"]\ntopics: [\"../../topic\"]\n---\n\n[x](../../../../secret.md)\n",
		"content/pages/../../x.md":    "---\ntitle: X\n---\n",
		"content/static/ok.txt":       "ok",
		"themes/default/static/t.txt": "t",
	})
	links := map[string]string{
		"content/transcripts/leak.md": secret,
		"content/transcripts/leakdir": filepath.Join(parent, "outside", "dir"),
		"content/static/leak.txt":     secret,
		"content/static/leakrel.txt":  "../../../secret.txt",
		"content/static/leakdir":      filepath.Join(parent, "outside"),
		"content/speakers/ann.md":     secret,
	}
	for p, target := range links {
		must(os.MkdirAll(filepath.Dir(filepath.Join(site, filepath.FromSlash(p))), 0o755))
		must(os.Symlink(target, filepath.Join(site, filepath.FromSlash(p))))
	}
	dest := filepath.Join(site, "public")
	before := snapshotOutside(t, parent, dest)

	_, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest})
	if err == nil {
		t.Fatal("the hostile site built")
	}
	for _, p := range []string{"content/transcripts/leak.md", "content/transcripts/leakdir", "content/static/leak.txt", "content/static/leakrel.txt", "content/static/leakdir", "content/speakers/ann.md"} {
		if !strings.Contains(err.Error(), p+": symbolic link points outside content/") && !strings.Contains(err.Error(), p+": ") {
			t.Errorf("the link %s is not reported:\n%v", p, err)
		}
	}
	if after := snapshotOutside(t, parent, dest); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a failed build changed files outside its destination:\nbefore %v\nafter  %v", before, after)
	}

	// Without the refused links and slugs the site builds; still nothing
	// outside public/ changes, and no secret is published.
	for _, p := range []string{"content/transcripts/leak.md", "content/transcripts/leakdir", "content/static/leak.txt", "content/static/leakrel.txt", "content/static/leakdir", "content/speakers/ann.md", "content/transcripts/b.md", "content/transcripts/c.md"} {
		must(os.Remove(filepath.Join(site, filepath.FromSlash(p))))
	}
	before = snapshotOutside(t, parent, dest)
	if _, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest}); err != nil {
		t.Fatalf("build: %v", err)
	}
	if _, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest}); err != nil {
		t.Fatalf("second build: %v", err)
	}
	if after := snapshotOutside(t, parent, dest); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a build changed files outside its destination:\nbefore %v\nafter  %v", before, after)
	}
	for p, b := range sitetest.Files(t, dest) {
		if strings.Contains(b, "SECRET-OUTSIDE") {
			t.Errorf("%s publishes a file from outside the site", p)
		}
	}
}

// TestThemeLinksStayInside: a theme is as much the site's text as content/
// (a pull request can add a file to it), so a symbolic link in it that
// leads out of the theme's folder must not publish what it points at.
func TestThemeLinksStayInside(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(sitetest.Site(t, map[string]string{"secret.txt": "SECRET-OUTSIDE"}), "secret.txt")
	site := sitetest.Site(t, map[string]string{"content/transcripts/a.md": minimal, "themes/default/static/ok.txt": "ok"})
	for _, p := range []string{"themes/default/static/leak.txt", "themes/default/templates/partials/leak.html"} {
		full := filepath.Join(site, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(secret, full); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	_, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest})
	if err == nil {
		if b, err := os.ReadFile(filepath.Join(dest, "leak.txt")); err == nil && strings.Contains(string(b), "SECRET-OUTSIDE") {
			t.Error("a symbolic link in themes/ published a file from outside the site (build.loadTheme reads the theme with os.DirFS, which follows links; an os.Root's FS would not)")
		}
	}
}
