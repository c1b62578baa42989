// Package output writes a built site to disk. Every file goes to a fresh
// staging folder beside the destination, which replaces the destination
// only when the whole build succeeded: a failed build leaves the last good
// site untouched, and files of deleted transcripts do not linger. No path
// can leave the destination.
package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Writer writes the files of one build. It is safe for concurrent use.
type Writer struct {
	dest    string
	staging string

	mu    sync.Mutex
	dirs  map[string]bool
	files map[string]bool
	count int
}

// New starts a build into dest.
func New(dest string) (*Writer, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".building-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, err
	}
	return &Writer{dest: dest, staging: staging, dirs: map[string]bool{"": true}, files: map[string]bool{}}, nil
}

// Clean checks an output path: slash-separated, relative, with no ".."
// element, no NUL and no backslash, so it stays under the destination on
// every system.
func Clean(rel string) (string, error) {
	if rel == "" || strings.ContainsAny(rel, "\x00\\") || strings.HasPrefix(rel, "/") {
		return "", fmt.Errorf("output path %q is not a relative path", rel)
	}
	for _, part := range strings.Split(rel, "/") {
		if part == ".." || part == "." {
			return "", fmt.Errorf("output path %q climbs out of the destination", rel)
		}
	}
	c := path.Clean(rel)
	if c == "." {
		return "", fmt.Errorf("output path %q names the destination itself", rel)
	}
	return c, nil
}

// Write writes one file. Writing the same path twice is an error: two pages
// would claim one URL.
func (w *Writer) Write(rel string, data []byte) error {
	rel, err := Clean(rel)
	if err != nil {
		return err
	}
	if err := w.claim(rel); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(w.staging, filepath.FromSlash(rel)), data, 0o644)
}

// Copy copies a file from disk.
func (w *Writer) Copy(rel, from string) error {
	rel, err := Clean(rel)
	if err != nil {
		return err
	}
	if err := w.claim(rel); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(filepath.Join(w.staging, filepath.FromSlash(rel)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func (w *Writer) claim(rel string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files[rel] {
		return fmt.Errorf("%s is written twice: two things claim one URL", rel)
	}
	if w.dirs[rel] {
		return fmt.Errorf("%s is both a file and a folder", rel)
	}
	w.files[rel] = true
	w.count++
	var missing []string
	for d := path.Dir(rel); d != "." && !w.dirs[d]; d = path.Dir(d) {
		if w.files[d] {
			return fmt.Errorf("%s is both a file and a folder", d)
		}
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(filepath.Join(w.staging, filepath.FromSlash(missing[i])), 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
		w.dirs[missing[i]] = true
	}
	return nil
}

// Has reports whether rel has been written.
func (w *Writer) Has(rel string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.files[rel]
}

// Count is the number of files written.
func (w *Writer) Count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.count
}

// Commit puts the staged site in place of the destination.
func (w *Writer) Commit() error {
	old := ""
	if _, err := os.Lstat(w.dest); err == nil {
		old = w.staging + ".old"
		if err := os.Rename(w.dest, old); err != nil {
			return fmt.Errorf("moving the previous output aside: %w", err)
		}
	}
	if err := os.Rename(w.staging, w.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, w.dest)
		}
		return fmt.Errorf("putting the new output in place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort drops the staged files, leaving the destination as it was.
func (w *Writer) Abort() error { return os.RemoveAll(w.staging) }
