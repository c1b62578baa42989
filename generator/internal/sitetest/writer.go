package sitetest

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// MemWriter keeps the files a build writes in memory; several goroutines
// may write at once. The zero MemWriter is ready to use.
type MemWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

// Write keeps a copy of data as the file rel; a file written twice is an
// error, as no build writes one file twice.
func (w *MemWriter) Write(rel string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files == nil {
		w.files = map[string][]byte{}
	}
	if _, dup := w.files[rel]; dup {
		return fmt.Errorf("%s written twice", rel)
	}
	w.files[rel] = append([]byte(nil), data...)
	return nil
}

// Files are the files written, by path; not to be called while writes go on.
func (w *MemWriter) Files() map[string][]byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.files
}

// CountWriter counts the files and bytes a build writes, and drops them.
type CountWriter struct{ Files, Bytes atomic.Int64 }

// Write counts data.
func (w *CountWriter) Write(rel string, data []byte) error {
	w.Files.Add(1)
	w.Bytes.Add(int64(len(data)))
	return nil
}
