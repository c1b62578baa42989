package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name    string
		before  string // the file's bytes before, "" for no file
		replace bool
		want    string // the file's bytes after
		exist   bool   // the error wraps fs.ErrExist
	}{
		{name: "new", want: "new"},
		{name: "new, replacing", replace: true, want: "new"},
		{name: "kept", before: "old", want: "old", exist: true},
		{name: "replaced", before: "old", replace: true, want: "new"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "made", "by", "Write")
			p := filepath.Join(dir, "a.md")
			if tc.before != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(tc.before), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Write(p, []byte("new"), tc.replace)
			if errors.Is(err, fs.ErrExist) != tc.exist || (err != nil && !tc.exist) {
				t.Errorf("error %v; want one wrapping fs.ErrExist: %v", err, tc.exist)
			}
			if b, _ := os.ReadFile(p); string(b) != tc.want {
				t.Errorf("the file holds %q, want %q", b, tc.want)
			}
			if st, err := os.Stat(p); err == nil && tc.want == "new" && st.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want 0644", st.Mode().Perm())
			}
			if m, _ := filepath.Glob(filepath.Join(dir, ".*")); len(m) > 0 {
				t.Errorf("temporary files left: %v", m)
			}
		})
	}
}

// A dangling symbolic link is a file there: Write neither replaces it nor
// follows it to make a file where it points.
func TestWriteKeepsADanglingLink(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	if err := os.Symlink("elsewhere.md", p); err != nil {
		t.Skip(err)
	}
	if err := Write(p, []byte("new"), false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("over a symbolic link: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere.md")); err == nil {
		t.Error("Write followed the link")
	}
}
