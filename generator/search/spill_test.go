package search

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/internal/spill"
)

// memSpill is a Spill in memory. The write that would take it past
// limit bytes (0: none) fails after writing what fits, as on a full disk,
// and the writes after it succeed, as when space was freed. Reads fail
// with readErr when it is set.
type memSpill struct {
	mu      sync.Mutex
	reads   int
	b       []byte
	limit   int
	failed  bool
	readErr error
}

func (s *memSpill) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit > 0 && !s.failed && len(s.b)+len(p) > s.limit {
		s.failed = true
		n := s.limit - len(s.b)
		s.b = append(s.b, p[:n]...)
		return n, errors.New("no space left on device")
	}
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *memSpill) ReadAt(p []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	if s.readErr != nil {
		return 0, s.readErr
	}
	if off >= int64(len(s.b)) {
		return 0, io.EOF
	}
	n := copy(p, s.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Entries whose postings wait in a spill until Write give the index that
// entries held in memory give, byte for byte; after a write to the spill
// fails, the entries made after it stay in memory, with the same result.
func TestSpilledEntries(t *testing.T) {
	t.Parallel()
	a := newArchive(manyTexts())
	want := a.build(t, 7)
	f, err := os.Create(filepath.Join(t.TempDir(), "spill"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		name  string
		spill spill.File
		held  func() int64 // bytes the spill took
	}{
		{"in memory", &memSpill{}, nil},
		{"a write failing at 100 KB", &memSpill{limit: 100 << 10}, nil},
		{"a file", f, func() int64 { st, _ := f.Stat(); return st.Size() }},
	} {
		var built *Index
		got, err := a.buildWith(7, func(ix *Index) { built = ix; ix.SpillTo(c.spill) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := built.SpillErr(); (err != nil) != strings.Contains(c.name, "failing") {
			t.Errorf("%s: SpillErr() = %v", c.name, err)
		}
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("%s: the index differs from the one built in memory", c.name)
		}
		held := int64(0)
		if m, ok := c.spill.(*memSpill); ok {
			held = int64(len(m.b))
		} else {
			held = c.held()
		}
		if held < 50<<10 {
			t.Errorf("%s: the spill took %d bytes: the postings stayed in memory", c.name, held)
		}
	}
}

// spilled adds a's transcripts to an Index that spills them in memory.
func (a archive) spilled() (*Index, *memSpill, []*Entry) {
	s := &memSpill{}
	ix := New()
	ix.SpillTo(s)
	var es []*Entry
	for _, tr := range a.site.Transcripts {
		es = append(es, ix.Add(tr, a.turns[tr.Slug]))
	}
	return ix, s, es
}

// A spill that cannot be read back fails the Write, naming a transcript.
func TestSpillUnreadable(t *testing.T) {
	t.Parallel()
	a := newArchive(manyTexts())
	ix, s, es := a.spilled()
	s.readErr = errors.New("input/output error")
	err := ix.Write(&sitetest.MemWriter{}, a.site, es)
	if err == nil || !strings.Contains(err.Error(), "input/output error") || !strings.Contains(err.Error(), "reading back the postings of t") {
		t.Fatalf("Write with an unreadable spill: %v", err)
	}
}

// A Write that keeps nothing for the next inverts a band of terms at a
// time; however the terms are banded, with entries in memory or spilled,
// the index is the one a single band gives.
func TestBands(t *testing.T) {
	t.Parallel()
	a := newArchive(manyTexts())
	want := a.build(t, 7)
	for _, c := range []struct {
		min, max int
		spill    bool
	}{
		{1, 40, false}, // forty bands
		{1, 40, true},
		{1, 3, false},
		{1, 3, true},
		{4 << 10, 4, true},
		{100 << 10, 4, false},
	} {
		spill := &memSpill{}
		got, err := a.buildWith(7, func(ix *Index) {
			ix.bands.min, ix.bands.max = c.min, c.max
			if c.spill {
				ix.SpillTo(spill)
			}
		})
		if err != nil {
			t.Fatalf("bands of at least %d bytes, at most %d: %v", c.min, c.max, err)
		}
		if !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("bands of at least %d bytes, at most %d (spilled: %v): the index differs from one band's", c.min, c.max, c.spill)
		}
		// Each entry is read back once to count, then once a band.
		entries := len(a.site.Transcripts)
		if passes := spill.reads / entries; c.spill && (passes-1 > c.max || passes < 2) {
			t.Errorf("bands of at least %d bytes, at most %d: %d passes over the entries", c.min, c.max, passes)
		}
	}
}

// A spill damaged on disk fails the Write with a message; it does not
// panic, nor loop on a count it read.
func TestSpillDamaged(t *testing.T) {
	t.Parallel()
	a := newArchive(manyTexts())
	for _, fill := range []byte{0xff, 0x7f, 0x01} {
		ix, s, es := a.spilled()
		for i := range s.b {
			if i%7 != 0 {
				s.b[i] = fill
			}
		}
		err := ix.Write(&sitetest.MemWriter{}, a.site, es)
		if err == nil || !strings.Contains(err.Error(), "corrupt entry") {
			t.Errorf("a spill of %#x bytes: %v", fill, err)
		}
	}
}
