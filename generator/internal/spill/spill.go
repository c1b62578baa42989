// Package spill keeps what a one-off build makes before it writes it (the
// bodies rendered while the model is built, the search index's postings,
// the archive's turns as data) out of memory: appended to a temporary
// file and read back when it is needed, so that memory does not grow with
// the archive. Many goroutines append and read back at once.
package spill

import (
	"io"
	"sync"
)

// File is where the bytes go: a one-off build's temporary file, which
// must start empty.
type File interface {
	io.Writer
	io.ReaderAt
}

// Log appends to a File. A write that fails turns it off, and Err says
// why: what was written before stays readable, and its callers keep what
// comes after in memory. The zero Log is off. It is safe for concurrent
// use.
type Log struct {
	mu  sync.Mutex
	f   File
	end int64 // the file's length so far
	err error
}

// To makes the log append to f from now on, with places counted from f's
// start; nil turns it off.
func (l *Log) To(f File) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f, l.end, l.err = f, 0, nil
}

// On reports whether the log takes bytes.
func (l *Log) On() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f != nil
}

// Err tells why the log stopped taking bytes (a full disk, say), or nil.
func (l *Log) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Append writes parts one after the other, with nothing between them (so
// that a caller need not copy them into one), and says where they start;
// false when the log is off or the write failed.
func (l *Log) Append(parts ...[]byte) (At, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return At{}, false
	}
	at := At{f: l.f, off: l.end}
	for _, p := range parts {
		n, err := l.f.Write(p)
		l.end += int64(n)
		if err != nil {
			l.f, l.err = nil, err
			return At{}, false
		}
	}
	return at, true
}

// At is where appended bytes start; the zero At is no place.
type At struct {
	f   File
	off int64
}

// Spilled reports whether a names a place in a file.
func (a At) Spilled() bool { return a.f != nil }

// Plus is the place n bytes further on.
func (a At) Plus(n int) At { return At{f: a.f, off: a.off + int64(n)} }

// Read fills b with the bytes at a.
func (a At) Read(b []byte) error {
	_, err := a.f.ReadAt(b, a.off)
	return err
}
