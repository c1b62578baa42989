// Package dataset writes the archive as data: every turn of every
// transcript as a line of JSON (JSON Lines), gzip-compressed, for a reader
// who loads the whole archive in one line of pandas or R.
//
// A transcript's turns are compressed on their own, as its page is
// rendered (on every core, and in watch mode only for the transcripts a
// save changed), into a Part: a run of deflate blocks ending in a sync
// flush, which the next part's blocks may follow. Write joins the parts,
// oldest transcript first, into one gzip stream a file, with the CRC of
// the whole computed from the parts' own: one gzip member, which every
// reader accepts (some read only the first member of a file that has
// several). Parts compress a little worse than one stream would, since
// each starts without the text before it; they are what makes the file
// cheap to rebuild.
//
// The files are data/turns.jsonl.gz, or, where that would pass MaxFile,
// one a year (data/turns-2024.jsonl.gz), and a year that alone passes it
// is cut into numbered files (data/turns-2024-1.jsonl.gz). Their bytes
// depend on the transcripts alone: no time in the gzip header.
package dataset

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/verbatim-archive/verbatim/generator/internal/spill"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// Dir is the folder of the files, and of the page that lists them.
const Dir = "data/"

// MaxFile is the size above which the turns are split by year: 25 MiB,
// the largest file some static hosts (Cloudflare Pages) serve.
const MaxFile = 25 << 20

// level trades the build's time for the file's size, with the deflate of
// github.com/klauspost/compress, which writes the same standard format
// as compress/flate in a third of its time. Measured on the turns of
// 2,000 synthetic transcripts (30.2 MB), compressed a transcript at a
// time (CPU time of one core): level 3 takes 0.17 s for 11.01 MB; its
// level 1, 0.13 s for 11.37 MB; 5, 0.27 s for 10.94 MB. compress/flate
// took 0.48 s for 10.99 MB at its level 2, 0.63 s for 10.70 MB at 6.
const level = 3

// Row is one line of a file: one turn, with what a reader filters and
// groups by.
type Row struct {
	Slug    string   `json:"slug"`
	Title   string   `json:"title"`
	Date    string   `json:"date"` // 2024-03-05, or 2024-03-05T10:30:00+01:00 when the front matter gives a time
	N       int      `json:"n"`
	Speaker string   `json:"speaker"`
	Name    string   `json:"name"`
	Time    *string  `json:"time"` // null without a timestamp
	Topics  []string `json:"topics"`
	Text    string   `json:"text"`
}

// Part is one transcript's turns, compressed. It is immutable, and may be
// kept for the next build while the transcript does not change.
type Part struct {
	date  time.Time
	slug  string
	turns int
	size  int64    // bytes before compression
	crc   uint32   // their CRC-32
	z     []byte   // deflate blocks, ending in a sync flush; nil when spilled
	zn    int      // their length
	spill spill.At // where they are instead, when spilled
}

// deflated is the part's compressed bytes, from memory or its spill.
func (p *Part) deflated() ([]byte, error) {
	if !p.spill.Spilled() {
		return p.z, nil
	}
	b := make([]byte, p.zn)
	if err := p.spill.Read(b); err != nil {
		return nil, fmt.Errorf("the archive as data: reading back %s: %w", p.slug, err)
	}
	return b, nil
}

// Maker makes parts and files. It is safe for concurrent use.
type Maker struct {
	scratch sync.Pool // *scratch
	spill   spill.Log
}

// SpillTo makes the parts made from now on keep their bytes in s rather
// than in memory, where a one-off build of a large archive would hold
// about a third of its text until Write. s must be empty and stay
// readable until Write is done; if writing to it fails, the parts made
// after stay in memory. nil turns spilling off.
func (m *Maker) SpillTo(s spill.File) { m.spill.To(s) }

// SpillErr tells why the spill stopped taking parts, or nil.
func (m *Maker) SpillErr() error { return m.spill.Err() }

// put writes p's bytes to the spill, if there is one, and says whether it
// did.
func (m *Maker) put(p *Part, z []byte) bool {
	at, ok := m.spill.Append(z)
	p.spill = at
	return ok
}

// New makes a Maker.
func New() *Maker { return &Maker{} }

// Part compresses the rows of t's turns; nil when it has none.
func (m *Maker) Part(t *model.Transcript, turns []markdown.Turn) (*Part, error) {
	if len(turns) == 0 {
		return nil, nil
	}
	s, _ := m.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
		s.zw, _ = flate.NewWriter(&s.z, level)
	}
	defer m.scratch.Put(s)
	s.raw = appendRows(s.raw[:0], t, turns)
	s.z.Reset()
	s.zw.Reset(&s.z)
	if _, err := s.zw.Write(s.raw); err != nil {
		return nil, err
	}
	// A sync flush ends the part on a byte, with no final block: another
	// part's blocks may follow it in one stream.
	if err := s.zw.Flush(); err != nil {
		return nil, err
	}
	p := &Part{date: t.Date, slug: t.Slug, turns: len(turns), size: int64(len(s.raw)), crc: crc32.ChecksumIEEE(s.raw), zn: s.z.Len()}
	if !m.put(p, s.z.Bytes()) {
		// Kept in memory: the part takes the buffer.
		p.z = s.z.Bytes()
		s.z = bytes.Buffer{}
	}
	return p, nil
}

// scratch is what making a part writes into, kept from one part to the
// next: the rows, about three times the compressed part, would otherwise
// be a new buffer grown by doubling for each transcript.
type scratch struct {
	raw []byte
	z   bytes.Buffer
	zw  *flate.Writer // writes into z
}

// File is one file written, as the data page lists it.
type File struct {
	Path        string // site-relative: "data/turns.jsonl.gz"
	Bytes       int
	Turns       int
	Transcripts int
	From, To    time.Time // the dates of its first and last transcript
}

// Writer takes the files.
type Writer interface {
	Write(rel string, data []byte) error
}

// Write writes the parts into the files under Dir and lists them, oldest
// first. The order of parts does not matter; nil parts are left out.
func Write(w Writer, parts []*Part) ([]File, error) {
	parts = slices.DeleteFunc(slices.Clone(parts), func(p *Part) bool { return p == nil })
	slices.SortFunc(parts, func(a, b *Part) int {
		if c := a.date.Compare(b.date); c != 0 {
			return c
		}
		return strings.Compare(a.slug, b.slug)
	})
	var files []File
	for _, g := range split(parts, MaxFile) {
		f := File{Path: Dir + g.name + ".jsonl.gz", Transcripts: len(g.parts), From: g.parts[0].date, To: g.parts[len(g.parts)-1].date}
		data, err := join(g.parts)
		if err != nil {
			return nil, err
		}
		for _, p := range g.parts {
			f.Turns += p.turns
		}
		f.Bytes = len(data)
		if err := w.Write(f.Path, data); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

type group struct {
	name  string
	parts []*Part
}

// split groups sorted parts into files: all in one, or one a year when
// that passes max bytes, a year that alone passes it cut into numbered
// files.
func split(parts []*Part, max int) []group {
	if len(parts) == 0 {
		return nil
	}
	if zsize(parts) <= max {
		return []group{{"turns", parts}}
	}
	var out []group
	for len(parts) > 0 {
		y := parts[0].date.Year()
		n := 1
		for n < len(parts) && parts[n].date.Year() == y {
			n++
		}
		year, name := parts[:n], "turns-"+strconv.Itoa(y)
		parts = parts[n:]
		if zsize(year) <= max {
			out = append(out, group{name, year})
			continue
		}
		for i := 1; len(year) > 0; i++ {
			k, size := 1, year[0].zn
			for k < len(year) && size+year[k].zn+overhead <= max {
				size += year[k].zn
				k++
			}
			out = append(out, group{name + "-" + strconv.Itoa(i), year[:k]})
			year = year[k:]
		}
	}
	return out
}

// overhead is what a file adds to its parts: the gzip header and
// trailer and the final block.
const overhead = len(header) + 2 + 8

// zsize is the size of the file that would hold parts.
func zsize(parts []*Part) int {
	n := overhead
	for _, p := range parts {
		n += p.zn
	}
	return n
}

// header is a gzip member's header: deflate, no flags, no time (mtime 0),
// no extra flags, operating system unknown.
var header = [10]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// join makes one gzip stream of parts: the header, their deflate blocks,
// an empty final block, and the CRC and size of all they hold.
func join(parts []*Part) ([]byte, error) {
	out := make([]byte, 0, zsize(parts))
	out = append(out, header[:]...)
	var crc uint32
	var size int64
	for _, p := range parts {
		z, err := p.deflated()
		if err != nil {
			return nil, err
		}
		out = append(out, z...)
		crc = crc32Combine(crc, p.crc, p.size)
		size += p.size
	}
	// An empty final block with fixed codes: BFINAL 1, BTYPE 01, then
	// the end-of-block code, seven zero bits.
	out = append(out, 0x03, 0x00)
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(size)), nil
}
