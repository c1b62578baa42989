package model

import (
	"bytes"

	"github.com/verbatim-archive/verbatim/generator/turnids"
)

// numbering is what numbering a transcript's turns by its record made of
// them, which the Cache keeps for the next build: a transcript whose parse
// and record are both as they were is numbered as it was, without reading
// its record or formatting it again. At 20,000 transcripts, reading and
// formatting every record was half of what a rebuild's model cost.
type numbering struct {
	serial   uint64 // the parse numbered (cached.serial)
	recorded bool   // the transcript had a record
	record   []byte // its bytes as read
	numbered turnids.Numbered
	changed  bool // Addresses.Changed
}

// setNumbered keeps n for the transcript file path, if the cache still
// holds the parse n numbered.
func (c *Cache) setNumbered(path string, n numbering) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[path]; ok && e.serial == n.serial {
		e.numbering = &n
		c.entries[path] = e
	}
}

// renumber numbers t's turns as the last build did, when the cache holds
// that build's numbering of the same parse (serial) by the same record,
// and reports whether it did.
func (s *Site) renumber(t *Transcript, serial uint64, c *Cache) bool {
	c.mu.Lock()
	e := c.entries[t.Body.Path]
	c.mu.Unlock()
	n := e.numbering
	rf, recorded := s.records[t.Slug]
	if n == nil || n.serial != serial || n.recorded != recorded || !bytes.Equal(n.record, rf.Data) {
		return false
	}
	if recorded {
		t.Addresses.File, t.Addresses.Recorded = rf.Name, true
	}
	t.numbered(n.numbered, n.changed)
	return true
}
