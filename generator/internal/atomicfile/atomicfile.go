// Package atomicfile writes a file so that no reader sees half of it and,
// when asked, so that no file already there is replaced: the import
// command's transcripts and the files "new" starts a site with.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes data to path, making its folder if need be: into a
// temporary file beside it, synced to disk and made readable by all
// (0644), then moved into place. With replace false an existing file is
// kept and the error wraps fs.ErrExist, even for a file that appeared
// while Write was writing: the temporary file is linked into place, which
// fails where a rename would replace. On a file system without hard links
// the check made before writing has to do. Errors in writing name path.
func Write(path string, data []byte, replace bool) error {
	if !replace {
		if _, err := os.Lstat(path); err == nil {
			return exists(path)
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // after a rename or a link there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if replace {
		return os.Rename(name, path)
	}
	if err := os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return exists(path)
		}
		return os.Rename(name, path)
	}
	return nil
}

func exists(path string) error {
	return fmt.Errorf("%s: %w", path, fs.ErrExist)
}
