// Package wholefile reads and writes whole files with as few system calls
// as a system allows: a build reads every Markdown file of an archive
// and writes every file of its site, thousands of each. On Linux, os.Open
// and os.Create spend five calls beyond open, read or write, and close on
// each file, asking the network poller to watch it (which it refuses for
// a regular file) and setting the file back to blocking; here a file is
// opened, read or written, and closed, nothing else.
package wholefile

import (
	"fmt"
	"io/fs"
)

// TooLargeError says a file holds more bytes than Read was allowed.
type TooLargeError struct {
	Path string
	Size int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %d bytes, too large to read", e.Path, e.Size)
}

// Read reads the file at path whole. A file of more than max bytes, as
// the system gives its size when it is opened, is not read: the error is
// a *TooLargeError. Other errors are *fs.PathError, as os gives them.
func Read(path string, max int64) ([]byte, error) { return read(path, max) }

// Write writes data to the file at path, created with perm if it is not
// there, replacing what it held. Errors are *fs.PathError, as os gives
// them.
func Write(path string, data []byte, perm fs.FileMode) error { return write(path, data, perm) }
