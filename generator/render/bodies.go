package render

import (
	"bytes"
	"encoding/binary"
	"errors"
	"html/template"
	"io"
	"sync"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// Bodies keeps transcripts' bodies rendered while the model is built, which
// parses each of them anyway, so that rendering the pages does not parse
// them a second time: parsing is the larger part of turning Markdown into
// HTML. In memory it holds at most a budget of bytes, so that memory does
// not grow with the archive; a body past the budget is parsed again when
// its page is rendered. With a spill (SpillTo) every body waits there
// instead, out of memory, however large the archive. Each body is handed
// out once and then forgotten.
type Bodies struct {
	mu     sync.Mutex
	budget int
	m      map[*model.Transcript]body
	spill  Spill
	end    int64 // the spill's length so far
}

// Spill holds rendered bodies out of memory between Keep and their page:
// a one-off build's temporary file. It must start empty.
type Spill interface {
	io.Writer
	io.ReaderAt
}

type body struct {
	html  template.HTML
	turns []markdown.Turn
	err   error
	size  int
	// A spilled body is instead size bytes at at in spill: its HTML,
	// then its turns (encodeTurns).
	spill Spill
	at    int64
	html0 int // the HTML's length
}

// NewBodies makes a store of at most budget bytes.
func NewBodies(budget int) *Bodies {
	return &Bodies{budget: budget, m: map[*model.Transcript]body{}}
}

// SpillTo makes the bodies kept from now on wait in s rather than in
// memory. A failure to write one turns spilling off and leaves that body
// to be parsed again; nothing already in s is lost.
func (b *Bodies) SpillTo(s Spill) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.spill, b.end = s, 0
}

// Keep renders a transcript's parsed body and keeps it, if the budget
// allows. It is safe for concurrent use, as model.Build parses on every
// core.
func (b *Bodies) Keep(t *model.Transcript, doc *markdown.Document) {
	b.mu.Lock()
	spill := b.spill
	full := spill == nil && b.budget < doc.Size()
	b.mu.Unlock()
	if full {
		return
	}
	var buf bytes.Buffer
	buf.Grow(doc.Size()*5/2 + 1024) // a transcript's HTML is about 2.5 times its Markdown
	err := doc.Render(&buf)
	turns := doc.Turns()
	if spill != nil && err == nil {
		html := buf.Len()
		blob := encodeTurns(buf.Bytes(), turns)
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.spill != spill {
			return
		}
		if _, err := spill.Write(blob); err != nil {
			// What was written stays readable; the rest is parsed again.
			b.spill = nil
			return
		}
		b.m[t] = body{spill: spill, at: b.end, size: len(blob), html0: html}
		b.end += int64(len(blob))
		return
	}
	size := buf.Len() + 64*len(turns)
	for _, tu := range turns {
		size += len(tu.Text)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if size > b.budget {
		return
	}
	b.budget -= size
	// The converter escapes whatever the author wrote unless the site
	// allows raw HTML, so its output is trusted here.
	b.m[t] = body{html: template.HTML(buf.String()), turns: turns, err: err, size: size}
}

// take hands out a kept body and frees its share of the budget. A spilled
// body that cannot be read back is as if it had not been kept.
func (b *Bodies) take(t *model.Transcript) (body, bool) {
	if b == nil {
		return body{}, false
	}
	b.mu.Lock()
	bd, ok := b.m[t]
	if ok {
		delete(b.m, t)
		if bd.spill == nil {
			b.budget += bd.size
		}
	}
	b.mu.Unlock()
	if !ok || bd.spill == nil {
		return bd, ok
	}
	raw := make([]byte, bd.size)
	if _, err := bd.spill.ReadAt(raw, bd.at); err != nil {
		return body{}, false
	}
	// The turns' strings share one string, apart from the HTML's, so
	// that what outlives the page (a term of the search index, say) does
	// not hold the HTML too.
	turns, err := decodeTurns(string(raw[bd.html0:]))
	if err != nil {
		return body{}, false
	}
	return body{html: template.HTML(raw[:bd.html0]), turns: turns}, true
}

// encodeTurns appends turns to buf: their count, then each turn's fields,
// numbers as uvarints and strings as a length and bytes.
func encodeTurns(buf []byte, turns []markdown.Turn) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(turns)))
	str := func(s string) {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	for _, tu := range turns {
		buf = binary.AppendUvarint(buf, uint64(tu.N))
		str(tu.Speaker)
		str(tu.Time)
		buf = binary.AppendUvarint(buf, uint64(tu.Seconds))
		str(tu.Text)
		buf = binary.AppendUvarint(buf, uint64(tu.Words))
		buf = binary.AppendUvarint(buf, uint64(tu.Line))
	}
	return buf
}

var errDamaged = errors.New("damaged spill")

// decodeTurns reads what encodeTurns wrote; its strings share s's bytes.
func decodeTurns(s string) ([]markdown.Turn, error) {
	var err error
	num := func() int {
		v, n := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		if n <= 0 || v > uint64(len(s))<<8 {
			err = errDamaged
			return 0
		}
		s = s[n:]
		return int(v)
	}
	str := func() string {
		l := num()
		if err != nil || l > len(s) {
			err = errDamaged
			return ""
		}
		v := s[:l]
		s = s[l:]
		return v
	}
	n := num()
	if err != nil || n > len(s) {
		return nil, errDamaged
	}
	turns := make([]markdown.Turn, n)
	for i := range turns {
		tu := &turns[i]
		tu.N, tu.Speaker, tu.Time, tu.Seconds = num(), str(), str(), num()
		tu.Text, tu.Words, tu.Line = str(), num(), num()
		if err != nil {
			return nil, err
		}
	}
	return turns, nil
}
