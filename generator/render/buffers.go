package render

import (
	"bytes"
	"sync"
)

// buffers keeps buffers from one page or body to the next, so that a
// build does not make one for each and grow it by doubling. What is put
// back must no longer be referred to: callers copy out what they keep.
type buffers struct{ pool sync.Pool }

// pooled is the largest buffer kept: a rare very large page or body does
// not hold its memory for the rest of the build.
const pooled = 4 << 20

// get gives an empty buffer; a new one is made with room for size bytes
// (the pool is emptied by each garbage collection).
func (bs *buffers) get(size int) *bytes.Buffer {
	buf, _ := bs.pool.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Grow(size)
	return buf
}

// put keeps buf for a later get, unless it is larger than pooled.
func (bs *buffers) put(buf *bytes.Buffer) {
	if buf.Cap() <= pooled {
		buf.Reset()
		bs.pool.Put(buf)
	}
}

// readInto gives n bytes of buf to read into, and keeps nothing of what
// buf held.
func readInto(buf *bytes.Buffer, n int) []byte {
	buf.Reset()
	buf.Grow(n)
	return buf.AvailableBuffer()[:n]
}
