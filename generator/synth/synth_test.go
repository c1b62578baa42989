package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHugoLayout checks that the Hugo site holds the very transcripts of the
// archive (so that comparing the two tools compares like with like), with
// each file where that tool looks for it.
func TestHugoLayout(t *testing.T) {
	t.Parallel()
	o := Options{Transcripts: 30, Words: 200, Seed: 3}
	ours, hugo := t.TempDir(), t.TempDir()
	if err := Write(ours, o); err != nil {
		t.Fatal(err)
	}
	o.Hugo = true
	if err := Write(hugo, o); err != nil {
		t.Fatal(err)
	}

	a, b := transcripts(t, ours), transcripts(t, hugo)
	if len(a) != 30 || len(a) != len(b) {
		t.Fatalf("%d transcripts, and %d in the Hugo site; want 30 each", len(a), len(b))
	}
	for name, text := range a {
		if !bytes.Equal(text, b[name]) {
			t.Errorf("%s differs in the Hugo site", name)
		}
	}

	for _, c := range []struct {
		dir, file string
		want      bool
	}{
		{ours, "content/site.yaml", true},
		{ours, "hugo.yaml", false},
		{hugo, "hugo.yaml", true},
		{hugo, "content/site.yaml", false},
	} {
		_, err := os.Stat(filepath.Join(c.dir, c.file))
		if got := err == nil; got != c.want {
			t.Errorf("%s in %s: exists %v, want %v", c.file, c.dir, got, c.want)
		}
	}

	profiles, err := filepath.Glob(filepath.Join(hugo, "content", "speakers", "*", "_index.md"))
	if err != nil || len(profiles) != 20 {
		t.Fatalf("%d speaker term pages in the Hugo site (%v), want 20", len(profiles), err)
	}
	data, err := os.ReadFile(profiles[0])
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, "\ntitle: ") || !strings.Contains(s, "\nother_names: ") || strings.Contains(s, "\naliases:") {
		t.Errorf("a Hugo term page needs a title, and its aliases under other_names:\n%s", s)
	}
}

// transcripts reads every transcript of a site, by its path under content/.
func transcripts(t *testing.T, site string) map[string][]byte {
	t.Helper()
	root := filepath.Join(site, "content", "transcripts")
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[strings.TrimPrefix(p, root)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
