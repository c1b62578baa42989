package model

import (
	"hash/maphash"
	"sort"
	"sync"

	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/turnids"
)

// Cache keeps what parsing each transcript taught a build, so that the next
// build of the same process (watch mode) parses only the transcripts that
// changed. It is keyed by the source file's path and valid while the file's
// bytes and everything the parse depends on (its speakers, their labels,
// its slug and media) are the same. The zero Cache is not usable; a nil
// *Cache means no caching.
type Cache struct {
	seed maphash.Seed

	mu      sync.Mutex
	entries map[string]cached
	parses  uint64 // parses put so far, which numbers each

	relSig uint64
	rel    [][]int32 // by position in the archive, the positions of its related transcripts

	// decodes are the transcript files' front matter as the last build
	// decoded it, by file: load.Update hands a rebuild the same *load.File
	// for a file it did not read again. Their transcripts are never
	// linked: each build links a copy (see decodeAll).
	decodes       map[*load.File]decoded
	decodedDrafts bool   // the Drafts option they were decoded with
	decodedSlugs  string // and the site's slugs setting
}

// relateKey sums what related transcripts depend on: the archive's order
// and each transcript's speakers and topics.
func (c *Cache) relateKey(ts []*Transcript) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	for _, t := range ts {
		h.WriteString(t.Path)
		h.WriteByte(0)
		for _, a := range t.Speakers {
			h.WriteString(a.Speaker.ID)
			h.WriteByte(1)
		}
		for _, tp := range t.Topics {
			h.WriteString(tp.ID)
			h.WriteByte(2)
		}
	}
	return h.Sum64()
}

func (c *Cache) related(sig uint64) ([][]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rel, c.rel != nil && c.relSig == sig
}

func (c *Cache) setRelated(sig uint64, rel [][]int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.relSig, c.rel = sig, rel
}

type cached struct {
	key      uint64
	serial   uint64 // of this parse in the process, from 1: Transcript.TurnsKey
	headings []markdown.Heading
	turns    []cachedTurn
	links    []markdown.Link
	labels   labelNotes
	// titles are the names the links showed, which the turns' text holds:
	// a renamed target makes the entry stale.
	titles []string
	// numbering is how the last build numbered the turns (nil: none kept).
	numbering *numbering
}

type cachedTurn struct {
	speaker, time, exc string
	words, line        int
	print              turnids.Print // what the turn record knows it by
}

// NewCache makes an empty cache.
func NewCache() *Cache {
	return &Cache{seed: maphash.MakeSeed(), entries: map[string]cached{}}
}

// key sums what the parse of t depends on: its source and what
// DocOptions makes of it (path, first line, media, slug, speakers with
// their names and aliases, ambiguous labels). It is summed from t rather
// than from the DocOptions, which a transcript the cache holds never needs
// made: at 20,000 transcripts, making them was a tenth of a rebuild.
// Speakers are summed in their order, which may parse again for a
// reordered list, never wrongly skip one.
func (c *Cache) key(t *Transcript) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	var b [8]byte
	put := func(v uint64) {
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		h.Write(b[:])
	}
	str := func(s string) { put(uint64(len(s))); h.WriteString(s) }
	put(t.Body.Sum)
	put(uint64(t.Body.FirstLine))
	str(t.Body.Path)
	str(t.Media)
	str(t.Slug)
	put(uint64(len(t.Speakers)))
	for _, a := range t.Speakers {
		str(a.Speaker.ID)
		str(a.Speaker.Name)
		put(uint64(len(a.Speaker.Aliases)))
		for _, al := range a.Speaker.Aliases {
			str(al)
		}
	}
	if len(t.ambiguous) > 0 {
		labels := make([]string, 0, len(t.ambiguous))
		for l := range t.ambiguous {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, l := range labels {
			str(l)
		}
	}
	put(uint64(len(t.notSpeakers)))
	for _, l := range t.notSpeakers {
		str(l)
	}
	return h.Sum64()
}

func (c *Cache) get(path string, key uint64) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[path]
	return e, ok && e.key == key
}

// put keeps e, numbered as the latest parse, and gives its number.
func (c *Cache) put(path string, e cached) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parses++
	e.serial = c.parses
	c.entries[path] = e
	return e.serial
}

// keepOnly drops the entries of files that are no longer in the site, so the
// cache does not grow with every renamed file.
func (c *Cache) keepOnly(paths map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.entries {
		if !paths[p] {
			delete(c.entries, p)
		}
	}
}
