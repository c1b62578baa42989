package wholefile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("word "), 100_000)
	for _, tc := range []struct {
		name    string
		data    []byte // nil: no file
		max     int64
		tooBig  bool
		missing bool
	}{
		{name: "empty", data: []byte{}, max: 10},
		{name: "small", data: []byte("---\ntitle: A\n---\nbody\n"), max: 100},
		{name: "at the limit", data: []byte("12345"), max: 5},
		{name: "over the limit", data: []byte("123456"), max: 5, tooBig: true},
		{name: "large", data: big, max: int64(len(big))},
		{name: "absent", missing: true, max: 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if !tc.missing {
				if err := os.WriteFile(p, tc.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Read(p, tc.max)
			var tl *TooLargeError
			switch {
			case tc.missing:
				var pe *fs.PathError
				if !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) || pe.Path != p {
					t.Fatalf("error %v, want a path error that the file does not exist", err)
				}
			case tc.tooBig:
				if !errors.As(err, &tl) || tl.Size != int64(len(tc.data)) {
					t.Fatalf("error %v, want too large at %d bytes", err, len(tc.data))
				}
			case err != nil:
				t.Fatal(err)
			case !bytes.Equal(got, tc.data):
				t.Fatalf("read %d bytes, want the %d written", len(got), len(tc.data))
			}
		})
	}
}

func TestReadFolder(t *testing.T) {
	if _, err := Read(t.TempDir(), 100); err == nil {
		t.Fatal("a folder was read as a file")
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.html")
	for _, data := range [][]byte{[]byte("a longer first version"), []byte("short"), nil, bytes.Repeat([]byte("x"), 1<<20)} {
		if err := Write(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("file holds %d bytes, want the %d written last", len(got), len(data))
		}
	}
	if st, err := os.Stat(p); err != nil || st.Mode().Perm()&0o600 != 0o600 {
		t.Fatalf("mode %v, %v: want the owner to read and write", st.Mode(), err)
	}
	err := Write(filepath.Join(dir, "none", "b.html"), []byte("x"), 0o644)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("writing into a missing folder: %v, want that it does not exist", err)
	}
}
