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
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

const minimal = "---\ntitle: T\ndate: 2024-01-01\nspeakers: [ann]\n---\n\nAnn: hi\n"

// TestHostileNames builds sites whose slugs, ids and file names would
// leave their folder, or could not exist on Windows: each is refused with
// its file and line.
func TestHostileNames(t *testing.T) {
	tr := func(front string) string {
		return "---\ntitle: T\ndate: 2024-01-01\n" + front + "\n---\n\nAnn: hi\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // in the error, with file:line
	}{
		{"slug ..", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: ..")}, "content/transcripts/a.md:5: slug"},
		{"slug ../x", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: ../../x")}, "content/transcripts/a.md:5: slug"},
		{"slug absolute", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: /etc/x")}, "content/transcripts/a.md:5: slug"},
		{"slug NUL", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: \"a\\0b\"")}, "content/transcripts/a.md:5: slug"},
		{"slug backslash", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: '..\\x'")}, "content/transcripts/a.md:5: slug"},
		{"slug CON", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: CON")}, "content/transcripts/a.md:5: slug \"CON\" is a name Windows keeps"},
		{"slug nul.txt", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: nul.txt")}, "content/transcripts/a.md:5: slug \"nul.txt\" is a name Windows keeps"},
		{"slug com1", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: com1")}, "content/transcripts/a.md:5: slug \"com1\" is a name Windows keeps"},
		{"slug trailing dot", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\nslug: a.")}, "content/transcripts/a.md:5: slug \"a.\""},
		{"file aux.md", map[string]string{"content/transcripts/aux.md": minimal}, "content/transcripts/aux.md:1: slug \"aux\" is a name Windows keeps"},
		{"speaker id", map[string]string{"content/transcripts/a.md": tr("speakers: [{id: lpt1, name: Ann}]")}, "content/transcripts/a.md:4: speakers: the id \"lpt1\" is a name Windows keeps"},
		{"speaker name", map[string]string{"content/transcripts/a.md": tr("speakers: [Nul]")}, "content/transcripts/a.md:4: speakers: the id \"nul\" is a name Windows keeps"},
		{"speaker id ..", map[string]string{"content/transcripts/a.md": tr("speakers: [{id: ../x, name: Ann}]")}, "content/transcripts/a.md:4: speakers: \"../x\" is not a valid id"},
		{"topic", map[string]string{"content/transcripts/a.md": tr("speakers: [ann]\ntopics: [prn]")}, "content/transcripts/a.md:5: topics: the id \"prn\" is a name Windows keeps"},
		{"speaker file", map[string]string{"content/transcripts/a.md": minimal, "content/speakers/con.md": "---\nname: C\n---\n"}, "content/speakers/con.md: file name \"con.md\" is a name Windows keeps"},
		{"topic file", map[string]string{"content/transcripts/a.md": minimal, "content/topics/com9.md": "---\ntitle: C\n---\n"}, "content/topics/com9.md: file name \"com9.md\" is a name Windows keeps"},
		{"page", map[string]string{"content/transcripts/a.md": minimal, "content/pages/con/about.md": "---\ntitle: C\n---\n"}, "content/pages/con/about.md: the path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sitetest.Site(t, tc.files)
			wd, _ := os.Getwd()
			if err := os.Chdir(dir); err != nil {
				t.Fatal(err)
			}
			defer os.Chdir(wd)
			_, err := pipeline.Run(pipeline.Options{Source: ".", Destination: filepath.Join(t.TempDir(), "public")})
			if err == nil {
				t.Fatal("built")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n%v\nwant it to say %q", err, tc.want)
			}
		})
	}
}

// snapshotOutside hashes every file and link under dir but skip (the destination).
func snapshotOutside(t *testing.T, dir, skip string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == skip {
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
