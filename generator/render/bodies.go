package render

import (
	"encoding/binary"
	"errors"
	"html/template"
	"math"
	"sync"

	"github.com/verbatim-archive/verbatim/generator/internal/spill"
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
	spill  spill.Log
	// With a spill, Bodies also keeps every transcript's turn excerpts,
	// for the speaker pages, so that the model need not
	// (model.Options.LeaveExcerpts): in the spill, or in memory if
	// writing it failed. Unlike a body, they are read many times.
	leave    bool
	excerpts map[*model.Transcript]excerpts
	buffers  buffers // to render a body into before it is spilled, and to read it back
}

// excerpts are a transcript's turn excerpts as encodeExcerpts writes them:
// data, or size bytes spilled.
type excerpts struct {
	data  []byte
	spill spill.At
	size  int
}

type body struct {
	html  template.HTML
	turns []markdown.Turn
	err   error
	size  int
	// A spilled body is instead size bytes there: its HTML, then its
	// turns (encodeTurns).
	spill spill.At
	html0 int // the HTML's length
}

// NewBodies makes a store of at most budget bytes.
func NewBodies(budget int) *Bodies {
	return &Bodies{budget: budget, m: map[*model.Transcript]body{}, excerpts: map[*model.Transcript]excerpts{}}
}

// SpillTo makes the bodies kept from now on wait in s rather than in
// memory, with every transcript's turn excerpts (LeavesExcerpts). A
// failure to write turns spilling off and leaves that body to be parsed
// again; nothing already in s is lost.
func (b *Bodies) SpillTo(s spill.File) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.spill.To(s)
	b.leave = s != nil
}

// SpillErr tells why the spill given to SpillTo stopped taking bodies, or
// nil: the bodies since are parsed again for their pages.
func (b *Bodies) SpillErr() error { return b.spill.Err() }

// LeavesExcerpts says the model may leave the turns' excerpts: Bodies
// keeps them (SpillTo), and pages read them with Excerpts.
func (b *Bodies) LeavesExcerpts() bool {
	if b == nil {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.leave
}

// Keep renders a transcript's parsed body and keeps it, if the budget
// allows, and its turns' excerpts if it leaves them. It is safe for
// concurrent use, as model.Build parses on every core.
func (b *Bodies) Keep(t *model.Transcript, doc *markdown.Document) {
	b.mu.Lock()
	spilling, leave := b.spill.On(), b.leave
	full := !spilling && b.budget < doc.Size()
	b.mu.Unlock()
	turns := doc.Turns()
	var exc []byte
	if leave {
		exc = encodeExcerpts(turns)
	}
	if full {
		b.hold(t, exc)
		return
	}
	room := doc.Size()*5/2 + 1024 // a transcript's HTML is about 2.5 times its Markdown
	if spilling {
		room += turnsSize(turns) + len(exc)
	}
	buf := b.buffers.get(room)
	defer b.buffers.put(buf)
	err := doc.Render(buf)
	if spilling && err == nil {
		// The turns and excerpts follow the HTML in the same buffer, sized
		// for all three: one write to the spill, and no buffer made for
		// them.
		html := buf.Len()
		buf.Write(encodeTurns(buf.AvailableBuffer(), turns))
		bodySize := buf.Len()
		buf.Write(exc)
		at, ok := b.spill.Append(buf.Bytes())
		b.mu.Lock()
		defer b.mu.Unlock()
		if ok {
			b.m[t] = body{spill: at, size: bodySize, html0: html}
			if leave {
				b.excerpts[t] = excerpts{spill: at.Plus(bodySize), size: len(exc)}
			}
			return
		}
		// What was written stays readable; the rest is parsed again.
		if leave {
			b.excerpts[t] = excerpts{data: exc}
		}
		return
	}
	b.hold(t, exc)
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

// hold keeps encoded excerpts in memory, if there are any.
func (b *Bodies) hold(t *model.Transcript, exc []byte) {
	if exc == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.excerpts[t] = excerpts{data: exc}
}

// Excerpts gives the excerpts of t's turns numbered ns (in document order)
// that Keep kept, or false if it has none of t's or cannot read them.
func (b *Bodies) Excerpts(t *model.Transcript, ns []int) ([]string, bool) {
	if b == nil {
		return nil, false
	}
	b.mu.Lock()
	e, ok := b.excerpts[t]
	b.mu.Unlock()
	if !ok {
		return nil, false
	}
	data := e.data
	if data == nil {
		buf := b.buffers.get(0)
		defer b.buffers.put(buf)
		data = readInto(buf, e.size)
		if err := e.spill.Read(data); err != nil {
			return nil, false
		}
	}
	out := make([]string, 0, len(ns))
	for len(data) > 0 && len(out) < len(ns) {
		n, k := binary.Uvarint(data)
		if k <= 0 {
			return nil, false
		}
		data = data[k:]
		l, k := binary.Uvarint(data)
		if k <= 0 || l > uint64(len(data)-k) {
			return nil, false
		}
		data = data[k:]
		if int(n) == ns[len(out)] {
			out = append(out, string(data[:l]))
		}
		data = data[l:]
	}
	return out, len(out) == len(ns)
}

// encodeExcerpts writes each turn's number and excerpt (model.Excerpt).
func encodeExcerpts(turns []markdown.Turn) []byte {
	buf := make([]byte, 0, 64*len(turns)) // not nil: nil data means in the spill
	for _, tu := range turns {
		e := model.Excerpt(tu.Text)
		buf = binary.AppendUvarint(buf, uint64(tu.N))
		buf = binary.AppendUvarint(buf, uint64(len(e)))
		buf = append(buf, e...)
	}
	return buf
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
		if !bd.spill.Spilled() {
			b.budget += bd.size
		}
	}
	b.mu.Unlock()
	if !ok || !bd.spill.Spilled() {
		return bd, ok
	}
	buf := b.buffers.get(0)
	defer b.buffers.put(buf)
	raw := readInto(buf, bd.size)
	if err := bd.spill.Read(raw); err != nil {
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

// turnsSize is about what encodeTurns adds for turns.
func turnsSize(turns []markdown.Turn) int {
	n := binary.MaxVarintLen64
	for _, tu := range turns {
		n += len(tu.Speaker) + len(tu.Time) + len(tu.Text) + 7*binary.MaxVarintLen32
	}
	return n
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
	// A number is bounded by what it can be (a turn's line, seconds,
	// words), not by the bytes left: the last turn's are the last bytes.
	num := func() int {
		v, n := binary.Uvarint([]byte(s[:min(len(s), binary.MaxVarintLen64)]))
		if n <= 0 || v > math.MaxInt32 {
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
