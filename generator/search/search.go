// Package search builds the archive's client-side search index, which
// themes/default/static/assets/search.js reads in the browser. A result is
// one speaker turn, not a page, so a speaker filter keeps only that
// speaker's words.
//
// The index is built in two steps so that a rebuild can reuse work. Add
// turns one transcript into an Entry (its terms as ids and its postings as
// varints, no text); Add is safe for concurrent calls. Write
// then inverts the entries of a build into the files under search/: the
// postings split into shards by term (see cut), so that a query fetches only the
// shards of its words, and small files for the filters. Write sorts the
// entries itself, so its output does not depend on the order of the Add
// calls; an Entry is immutable and may be kept for the next build, with the
// Index that made it (its term ids are that Index's). A one-off build has
// no next build: its entries wait for Write in a temporary file (SpillTo).
//
// The files, all under search/ (the layout is read by search.js):
//
//	meta.json      format version, counts, speakers, topics, years, first term of each shard
//	docs.bin       per transcript (by date, then slug): day, topics
//	s/<i>.bin      shard i: terms in byte order, each with its postings
//	p/<k>.bin      part k of the postings of a frequent term: its head (see splitHead), or part of its tail (see partition)
//	d/<k>.json     the slugs of transcripts k*256 … k*256+255
//	turns.bin      per speaker: the transcripts they have turns in, and how many (see turnsFile)
//
// The text of the results, for their snippets, comes from each
// transcript's own index.json, which holds the text of its turns already.
// The title document of a transcript, turn 0 in the index, is its title, a
// line break and its summary.
//
// The .bin files are gzip-compressed by the generator, since static hosts
// compress JSON but not unknown types; search.js inflates them.
package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/verbatim-archive/verbatim/generator/internal/spill"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// Dir is the folder of the index in the output, beside the search page.
const Dir = "search/"

// Version is the format of the index files; search.js refuses another.
const Version = 2

// slugChunk is how many slugs one d/<k>.json holds.
const slugChunk = 256

// Shards are about 24 KB before compression: small enough that a query
// does not fetch much besides its own terms, large enough that the list of
// shards in meta.json stays short. A shard ends after a term that its hash
// marks (one in 16) once the shard holds shardMin bytes, or at shardMax,
// rather than at a fixed size: then a term whose postings grow moves no
// cut after its own shard, and a rebuild writes again only the shards of
// the terms that changed.
const (
	shardMin = 18 << 10
	shardMax = 48 << 10
)

// cut reports whether a shard of n bytes ends after term t.
func cut(n int, t string) bool {
	if n >= shardMax {
		return true
	}
	if n < shardMin {
		return false
	}
	h := uint32(2166136261) // FNV-1a, the same in every process
	for i := 0; i < len(t); i++ {
		h ^= uint32(t[i])
		h *= 16777619
	}
	return h%16 == 0
}

// partAbove is the size of postings, before compression, above which a
// term's postings are split into part files: its head (see splitHead),
// then the rest by speaker, in parts of about partTarget bytes: a frequent
// word's postings would otherwise be most of what a query fetches. Every part is a file of the site, so
// parts are not made smaller than a filtered query can well fetch: at 8 KB
// an archive of 2,000 long transcripts (60 KB each) had 3,936 part files,
// at 32 KB it has 1,315 of the same bytes.
const (
	partAbove  = 16 << 10
	partTarget = 32 << 10
)

// buckets is how many groups of speakers the parts of a term are cut
// along. Speakers are numbered by how much they speak, so the first ones
// take a bucket each and the others share the last ones.
const (
	buckets    = 64
	ownBuckets = 48
)

// bucketOf is the bucket of speaker number s (0: the title documents).
// search.js computes it too.
func bucketOf(s uint64) int {
	if s < ownBuckets {
		return int(s)
	}
	return ownBuckets + int(s%(buckets-ownBuckets))
}

// part is one part file of a term: the postings of buckets up to last,
// after the previous part's.
type part struct {
	last int
	data []byte // per bucket: its length, then its postings, transcripts numbered afresh
}

// partition cuts postings (groups of documents by transcript) into parts
// by speaker bucket, each at least partTarget bytes but the last.
func partition(buf []byte) []part {
	type doc struct {
		n    uint64
		rest []byte // speaker, length, frequency, positions, as they were
	}
	var segs [buckets][]byte
	var group [buckets][]doc
	var last [buckets]int
	for b := range last {
		last[b] = -1
	}
	flush := func(tid int) {
		for b := range group {
			if len(group[b]) == 0 {
				continue
			}
			segs[b] = binary.AppendUvarint(segs[b], uint64(tid-last[b]))
			last[b] = tid
			segs[b] = binary.AppendUvarint(segs[b], uint64(len(group[b])))
			prevN := uint64(0)
			for _, d := range group[b] {
				segs[b] = binary.AppendUvarint(segs[b], d.n-prevN)
				prevN = d.n
				segs[b] = append(segs[b], d.rest...)
			}
			group[b] = group[b][:0]
		}
	}
	tid := -1
	eachPosting(buf, func(p rawPosting) {
		if p.tid != tid {
			flush(tid)
			tid = p.tid
		}
		b := bucketOf(p.spk)
		group[b] = append(group[b], doc{p.n, p.rest})
	})
	flush(tid)
	var parts []part
	var cur []byte
	for b, seg := range segs {
		cur = binary.AppendUvarint(cur, uint64(len(seg)))
		cur = append(cur, seg...)
		if len(cur) >= partTarget || b == buckets-1 {
			parts = append(parts, part{last: b, data: cur})
			cur = nil
		}
	}
	return parts
}

// rawPosting is one document of a term's postings: its transcript (by
// number in the build), its number, speaker, length and the term's
// frequency in it, and rest, its bytes from the speaker on, as they lie.
type rawPosting struct {
	tid        int
	n, spk, tf uint64
	length     byte
	rest       []byte
}

// eachPosting calls f with each document of postings buf (groups of
// documents by transcript), in order.
func eachPosting(buf []byte, f func(rawPosting)) {
	r := reader{b: buf}
	tid := -1
	for r.i < len(buf) && !r.err {
		tid += int(r.uvarint())
		m := r.uvarint()
		n := uint64(0)
		for range m {
			n += r.uvarint()
			start := r.i
			p := rawPosting{tid: tid, n: n, spk: r.uvarint(), length: r.byte()}
			p.tf = r.uvarint()
			for range p.tf {
				r.uvarint()
			}
			p.rest = buf[start:r.i]
			f(p)
		}
	}
}

// Writer takes the files of the index.
type Writer interface {
	Write(rel string, data []byte) error
}

// Index hands out term ids. One Index serves a build, or a series of
// builds that reuse entries.
type Index struct {
	scratch sync.Pool // of *adding
	mu      sync.RWMutex
	ids     map[string]uint32
	terms   []string

	// Compressing is most of what Write costs; a shard that a rebuild
	// did not change is not compressed again. zipped holds the last
	// Write's compressed files by the hash of their bytes.
	zmu    sync.Mutex
	memo   bool              // whether this Write keeps its compressed files for the next: not the first, unless rebuilds
	zipped map[uint64][]byte // by maphash with seed: only this process reads them
	seed   maphash.Seed
	// parted and nextParts are the same for the part files of frequent
	// terms: cutting their postings by speaker costs a rebuild more than
	// anything else once the archive is large, and most do not change.
	parted    map[uint64]split
	nextParts map[uint64]split
	partsOf   map[uint32]termParts // by term, for the terms a rebuild did not change
	next      map[uint64][]byte
	zippers   sync.Pool // *gzip.Writer

	// runs keeps, from the second Write on (watch mode), each entry's
	// postings as the last Write numbered its speakers, so that an
	// unchanged entry is not decoded again. A one-off build does not pay
	// for it in memory.
	writes int
	runs   map[*Entry]entryRun
	// rebuilds says a next Write will come (KeepForRebuilds).
	rebuilds bool

	// inverted and shardRecs are the last Write's postings and shards,
	// from the second Write on: a Write after a few transcripts changed
	// redoes only their terms and the shards that hold them.
	inverted  *inverted
	shardRecs map[uint32]*shardRec
	avglen    float64 // the average length of a document that shardRecs were made for

	// sorted is the ids of terms (the first len(sorted) of them) in byte
	// order of the terms, kept for the next Write, which sorts only the
	// terms that are new since.
	sorted []uint32

	// spill, when on, takes the postings of the entries Add makes
	// (SpillTo).
	spill spill.Log

	// bands bounds a one-off Write's inversion (see banded): at least
	// min bytes a band, at most max bands.
	bands struct{ min, max int }
	// heads is the size of postings above which a term has a head and
	// a tail (partAbove), and of a head (headTarget): tests make them
	// small.
	heads struct{ above, target int }
}

// KeepForRebuilds makes every Write, the first too, keep what the next
// one reuses (postings, shards, compressed files), for an Index that
// serves a series of builds (watch mode): otherwise the first save after
// the first build inverts and compresses the whole index again (seven
// seconds at 20,000 transcripts). Without it an Index keeps nothing from
// its first Write, which may be a one-off build's, and from its second on.
func (ix *Index) KeepForRebuilds() { ix.rebuilds = true }

// SpillTo makes the entries that Add makes from now on keep their terms
// and postings in s rather than in memory, where a one-off build of a
// large archive would otherwise hold the index of every transcript until
// Write (about half the size of the archive's Markdown). s must stay
// readable while Writes use those entries. A Write given such entries
// keeps nothing for a next Write. If writing to s fails, the entries made
// after keep their postings in memory. s must be empty: the entries'
// places in it are counted from its start. nil turns spilling off.
func (ix *Index) SpillTo(s spill.File) { ix.spill.To(s) }

// SpillErr tells why the spill given to SpillTo stopped taking entries
// (a full disk, say), or nil: the entries since are held in memory.
func (ix *Index) SpillErr() error { return ix.spill.Err() }

// put writes e's terms and postings to the spill, if there is one.
func (ix *Index) put(e *Entry, terms []uint32, post []byte) bool {
	blob := make([]byte, 0, len(post)+3*len(terms)+binary.MaxVarintLen64)
	blob = binary.AppendUvarint(blob, uint64(len(terms)))
	for _, id := range terms {
		blob = binary.AppendUvarint(blob, uint64(id))
	}
	blob = append(blob, post...)
	at, ok := ix.spill.Append(blob)
	if ok {
		e.spill, e.size = at, len(blob)
	}
	return ok
}

type entryRun struct {
	spk   []uint64
	terms []uint32 // the entry's, in the order of its runs
	run   []byte
	ends  []int
}

// New makes an empty Index.
func New() *Index {
	ix := &Index{ids: map[string]uint32{}, seed: maphash.MakeSeed()}
	ix.bands.min, ix.bands.max = bandBytes, maxBands
	ix.heads.above, ix.heads.target = partAbove, headTarget
	return ix
}

// decodeRun writes e's postings into run with the site's speaker numbers
// spk, and where each term's postings end into ends, and gives e's terms.
func decodeRun(e *Entry, spk []uint64, run *[]byte, ends *[]int, rb *readBack) ([]uint32, error) {
	terms, post, err := e.postings(rb)
	if err != nil {
		return nil, err
	}
	*run, *ends = (*run)[:0], (*ends)[:0]
	r := reader{b: post}
	for range terms {
		var ok bool
		if *run, ok = appendRun(*run, &r, spk); !ok {
			return nil, fmt.Errorf("search: transcript %s: corrupt entry", e.slug)
		}
		*ends = append(*ends, len(*run))
	}
	if r.err || r.i != len(r.b) {
		return nil, fmt.Errorf("search: transcript %s: corrupt entry", e.slug)
	}
	return terms, nil
}

// appendRun appends to dst the run of one term that r is at, with the
// site's speaker numbers spk for the entry's; false means a speaker that
// is not in spk. Only the speakers change: the rest is copied as it
// stands, a document's positions in one piece, which costs far less than
// decoding and encoding each (this is most of what inverting costs).
func appendRun(dst []byte, r *reader, spk []uint64) ([]byte, bool) {
	n := r.items()
	dst = binary.AppendUvarint(dst, n)
	for range n {
		from := r.i
		r.skipUvarint() // n
		dst = append(dst, r.b[from:r.i]...)
		s := r.uvarint()
		if s >= uint64(len(spk)) {
			return dst, false
		}
		dst = binary.AppendUvarint(dst, spk[s])
		from = r.i
		r.byte() // length
		for range r.items() {
			r.skipUvarint() // position
		}
		dst = append(dst, r.b[from:r.i]...)
	}
	return dst, true
}

// gz compresses b, or takes its compressed form from the last Write.
func (ix *Index) gz(b []byte) []byte {
	if !ix.memo {
		return ix.compress(b)
	}
	k := maphash.Bytes(ix.seed, b) ^ uint64(len(b))
	ix.zmu.Lock()
	z, ok := ix.zipped[k]
	ix.zmu.Unlock()
	if !ok {
		z = ix.compress(b)
	}
	ix.zmu.Lock()
	if ix.next == nil {
		ix.next = map[uint64][]byte{}
	}
	ix.next[k] = z
	ix.zmu.Unlock()
	return z
}

// Entry is what the index keeps of one transcript: no text, only term ids
// and postings.
type Entry struct {
	slug     string
	day      int32 // days since 1970-01-01
	topics   []string
	speakers []string // the speaker ids its postings number from 1
	turns    []int32  // the turns of each of speakers
	docs     int32    // turns, and the title document
	stemmer  string   // the stemmer its terms were made with (Stemmer)
	lang     string   // the language of its words (model.Transcript.Lang)
	tokens   int64    // words in all its documents, for the average length
	terms    []uint32 // the term of each run of postings in post
	post     []byte

	// Where terms and post are instead, for an entry that Add spilled:
	// size bytes there (the count of terms, the terms, the postings).
	spill spill.At
	size  int
}

// readBack is the buffers reused to read spilled entries back.
type readBack struct {
	buf []byte
	ids []uint32
}

// postings gives e's terms and postings, read back into rb if e was
// spilled.
func (e *Entry) postings(rb *readBack) ([]uint32, []byte, error) {
	if !e.spill.Spilled() {
		return e.terms, e.post, nil
	}
	rb.buf = slices.Grow(rb.buf[:0], e.size)[:e.size]
	if err := e.spill.Read(rb.buf); err != nil {
		return nil, nil, fmt.Errorf("search: reading back the postings of %s: %w", e.slug, err)
	}
	r := reader{b: rb.buf}
	n := r.items()
	rb.ids = rb.ids[:0]
	for range n {
		rb.ids = append(rb.ids, uint32(r.uvarint()))
	}
	if r.err {
		return nil, nil, fmt.Errorf("search: transcript %s: corrupt entry", e.slug)
	}
	return rb.ids, rb.buf[r.i:], nil
}

// Slug is the transcript's slug.
func (e *Entry) Slug() string { return e.slug }

// occurrence is one indexed word of a transcript, in a list per term.
// adding is what Add works in, kept for the next Add (Index.scratch).
type adding struct {
	slot   map[string]int32 // term -> its chain
	names  []string         // the terms, in order of first occurrence
	chains []chain
	occ    []occurrence
}

// chain links the occurrences of one term: its first and last.
type chain struct{ first, last int32 }

type occurrence struct {
	doc  int32 // 0: the title document; i: turns[i-1]
	pos  int32
	next int32 // the term's next occurrence, or -1
}

// Add indexes a transcript's title, summary and turns.
func (ix *Index) Add(t *model.Transcript, turns []markdown.Turn) *Entry {
	// The day as written, whatever the time zone of a timestamp.
	y, mo, d := t.Date.Date()
	day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	e := &Entry{slug: t.Slug, day: int32(day), docs: int32(len(turns) + 1), stemmer: Stemmer(t.Lang), lang: t.Lang}
	for _, tp := range t.Topics {
		e.topics = append(e.topics, tp.ID)
	}
	local := map[string]int{}
	for _, a := range t.Speakers {
		if _, ok := local[a.Speaker.ID]; !ok {
			e.speakers = append(e.speakers, a.Speaker.ID)
			local[a.Speaker.ID] = len(e.speakers)
		}
	}

	// Occurrences are chained per term as they come, in document and
	// position order, so that nothing needs sorting. The map and lists
	// are an earlier Add's, cleared: made anew for each transcript and
	// grown as its words came, they were a sixth of what a build
	// allocates.
	sc, _ := ix.scratch.Get().(*adding)
	if sc == nil {
		sc = &adding{slot: map[string]int32{}}
	}
	defer func() {
		if len(sc.slot) > 1<<16 {
			return // a rare very long transcript's: not worth clearing each time
		}
		clear(sc.slot)
		clear(sc.names) // no text is held while the scratch waits
		sc.names, sc.chains, sc.occ = sc.names[:0], sc.chains[:0], sc.occ[:0]
		ix.scratch.Put(sc)
	}()
	slot, names, chains, occ := sc.slot, sc.names, sc.chains, sc.occ
	lens := make([]int32, len(turns)+1)
	spk := make([]int, len(turns)+1)
	ns := make([]int, len(turns)+1)
	index := func(doc int32, text string) {
		var pos int32
		words(text, func(w string, ascii bool) {
			if tm := term(w, ascii, e.stemmer); tm != "" {
				o := int32(len(occ))
				occ = append(occ, occurrence{doc, pos, -1})
				if k, ok := slot[tm]; ok {
					occ[chains[k].last].next = o
					chains[k].last = o
				} else {
					slot[tm] = int32(len(chains))
					names = append(names, tm)
					chains = append(chains, chain{o, o})
				}
			}
			pos++
		})
		lens[doc] = pos
		e.tokens += int64(pos)
	}
	index(0, t.Title+"\n"+t.Summary)
	for i, tu := range turns {
		doc := int32(i + 1)
		ns[doc] = tu.N
		s, ok := local[tu.Speaker]
		if !ok {
			e.speakers = append(e.speakers, strings.Clone(tu.Speaker))
			s = len(e.speakers)
			local[tu.Speaker] = s
		}
		spk[doc] = s
		index(doc, tu.Text)
	}

	e.turns = make([]int32, len(e.speakers))
	for _, s := range spk[1:] {
		e.turns[s-1]++
	}

	// One run of postings a term: the number of documents, then each
	// document: n (delta), speaker, length, frequency, positions (deltas).
	sc.names, sc.chains, sc.occ = names, chains, occ // grown: kept for the next
	post := make([]byte, 0, len(occ)*3)
	var docs []int32 // the first occurrence in each document, reused
	for _, c := range chains {
		docs = docs[:0]
		for o := c.first; o >= 0; o = occ[o].next {
			if len(docs) == 0 || occ[docs[len(docs)-1]].doc != occ[o].doc {
				docs = append(docs, o)
			}
		}
		post = binary.AppendUvarint(post, uint64(len(docs)))
		prevN := 0
		for _, o := range docs {
			d := occ[o].doc
			post = binary.AppendUvarint(post, uint64(ns[d]-prevN))
			prevN = ns[d]
			post = binary.AppendUvarint(post, uint64(spk[d]))
			post = append(post, lenBucket(lens[d]))
			tf := 0
			for x := o; x >= 0 && occ[x].doc == d; x = occ[x].next {
				tf++
			}
			post = binary.AppendUvarint(post, uint64(tf))
			prevPos := int32(0)
			for x := o; x >= 0 && occ[x].doc == d; x = occ[x].next {
				post = binary.AppendUvarint(post, uint64(occ[x].pos-prevPos))
				prevPos = occ[x].pos
			}
		}
	}
	terms := ix.termIDs(names)
	if !ix.put(e, terms, post) {
		e.post = append([]byte(nil), post...) // no spare capacity kept
		e.terms = terms
	}
	return e
}

// lenBucket stores a document's length in words in one byte, in steps of
// four words: BM25 needs no more precision.
func lenBucket(n int32) byte {
	return byte(min(255, (n+3)/4))
}

func (ix *Index) termIDs(names []string) []uint32 {
	ids := make([]uint32, len(names))
	// Most of a transcript's terms are known already: they are looked up
	// under the read lock, which the renderers share, and only the new
	// ones wait for the write lock.
	var missing []int
	ix.mu.RLock()
	for i, s := range names {
		id, ok := ix.ids[s]
		if !ok {
			missing = append(missing, i)
		}
		ids[i] = id
	}
	ix.mu.RUnlock()
	if len(missing) == 0 {
		return ids
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, i := range missing {
		s := names[i]
		id, ok := ix.ids[s]
		if !ok {
			// The term is a piece of a turn's text: copied, so that
			// the dictionary does not hold every text that brought a
			// new word.
			s = strings.Clone(s)
			id = uint32(len(ix.terms))
			ix.ids[s] = id
			ix.terms = append(ix.terms, s)
		}
		ids[i] = id
	}
	return ids
}

// meta is meta.json.
type meta struct {
	Version     int         `json:"version"`
	Hash        string      `json:"hash"` // changes with the index, to defeat stale caches
	Transcripts int         `json:"transcripts"`
	Docs        int         `json:"docs"`   // turns and title documents
	AvgLen      float64     `json:"avglen"` // words per document
	SlugChunk   int         `json:"slugchunk"`
	Speakers    [][2]string `json:"speakers"` // [id, name], numbered from 1
	Topics      [][2]string `json:"topics"`   // [id, title], numbered from 0
	Years       [][2]int    `json:"years"`    // [year, first transcript]
	Shards      []string    `json:"shards"`   // the first term of each shard
	Stop        string      `json:"stop"`     // the stop words, to tell a query made only of them
	// Stemmers are the stemmers the terms were made with, sorted, ""
	// for the light English one; left out when that is the only one, so
	// a query loads a language's stemmer only when the archive has it.
	Stemmers []string `json:"stemmers,omitempty"`
	// Languages are the languages of an archive that has more than one,
	// sorted, and Langs each transcript's (in docs.bin's order) as its
	// number among them: the search page's language filter.
	Languages []string `json:"languages,omitempty"`
	Langs     []int    `json:"langs,omitempty"`
}

// Write writes the index of entries, the transcripts of this build, into w.
// The site gives the names of speakers and topics.
func (ix *Index) Write(w Writer, site *model.Site, entries []*Entry) error {
	ix.turnOver()
	es := append([]*Entry(nil), entries...)
	sort.Slice(es, func(i, j int) bool {
		if es[i].day != es[j].day {
			return es[i].day < es[j].day
		}
		return es[i].slug < es[j].slug
	})
	m := meta{Version: Version, Transcripts: len(es), SlugChunk: slugChunk, Stop: stopList,
		Speakers: [][2]string{}, Topics: [][2]string{}, Years: [][2]int{}, Shards: []string{}}
	m.Stemmers = stemmersOf(es)
	m.languages(es)
	speakerNum := m.numberSpeakers(site)
	topicNum := m.numberTopics(site)

	h := fnv.New64a()
	put := func(rel string, b []byte) error {
		h.Write([]byte(rel))
		h.Write(b)
		return w.Write(Dir+rel, b)
	}
	docs, err := m.docs(es, topicNum)
	if err != nil {
		return err
	}
	if err := put("docs.bin", ix.gz(docs)); err != nil {
		return err
	}
	if err := writeSlugs(put, es); err != nil {
		return err
	}

	ix.mu.Lock()
	terms := ix.terms
	ix.mu.Unlock()
	ix.writes++
	// A Write of spilled entries is a one-off build's: nothing is kept.
	keep := (ix.writes > 1 || ix.rebuilds) && !slices.ContainsFunc(es, func(e *Entry) bool { return e.spill.Spilled() })
	spks, err := entrySpeakers(es, speakerNum)
	if err != nil {
		return err
	}
	if err := put("turns.bin", ix.gz(turnsFile(es, speakerNum))); err != nil {
		return err
	}

	speakerIDs := make([]string, len(m.Speakers))
	for i, sp := range m.Speakers {
		speakerIDs[i] = sp[0]
	}
	inv, err := ix.invert(es, spks, speakerIDs, keep, terms)
	if err != nil {
		return err
	}
	hashes, partHashes, err := ix.shards(w, &m, terms, inv, keep)
	if err != nil {
		return err
	}
	for _, x := range append(hashes, partHashes...) {
		_ = binary.Write(h, binary.LittleEndian, x)
	}

	m.Hash = strconv.FormatUint(h.Sum64(), 36)
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("search: meta.json: %w", err)
	}
	return w.Write(Dir+"meta.json", b)
}

// turnOver makes what the last Write kept (compressed files, part files)
// what this one reuses, and starts what this one keeps for the next.
func (ix *Index) turnOver() {
	// A one-off build writes once: keeping its compressed files would only
	// hold memory (a fifth of the heap at 20,000 transcripts).
	ix.memo = ix.writes > 0 || ix.rebuilds
	ix.zmu.Lock()
	if ix.next != nil {
		ix.zipped = ix.next
	}
	ix.next = map[uint64][]byte{}
	ix.zmu.Unlock()
	ix.parted, ix.nextParts = ix.nextParts, map[uint64]split{}
}

// numberSpeakers lists the site's speakers in m and gives each its
// number, from 1. Speakers are numbered by how often they speak, so that
// the most frequent ones take one byte in the postings.
func (m *meta) numberSpeakers(site *model.Site) map[string]uint64 {
	sps := append([]*model.Speaker(nil), site.Speakers...)
	sort.SliceStable(sps, func(i, j int) bool {
		if sps[i].Turns != sps[j].Turns {
			return sps[i].Turns > sps[j].Turns
		}
		return sps[i].ID < sps[j].ID
	})
	num := map[string]uint64{}
	for _, sp := range sps {
		m.Speakers = append(m.Speakers, [2]string{sp.ID, sp.Name})
		num[sp.ID] = uint64(len(m.Speakers))
	}
	return num
}

// numberTopics lists the site's topics in m and gives each its number,
// from 0, in the site's order.
func (m *meta) numberTopics(site *model.Site) map[string]int {
	num := map[string]int{}
	for _, tp := range site.Topics {
		num[tp.ID] = len(m.Topics)
		m.Topics = append(m.Topics, [2]string{tp.ID, tp.Title})
	}
	return num
}

// docs gives docs.bin, each transcript's day and topics, and counts into
// m the documents, their average length and the first transcript of each
// year.
func (m *meta) docs(es []*Entry, topicNum map[string]int) ([]byte, error) {
	var docs []byte
	prevDay := int32(0)
	var tokens int64
	for i, e := range es {
		docs = binary.AppendVarint(docs, int64(e.day-prevDay))
		prevDay = e.day
		docs = binary.AppendUvarint(docs, uint64(len(e.topics)))
		for _, tp := range e.topics {
			n, ok := topicNum[tp]
			if !ok {
				return nil, fmt.Errorf("search: transcript %s: topic %q is not in the site", e.slug, tp)
			}
			docs = binary.AppendUvarint(docs, uint64(n))
		}
		y := time.Unix(int64(e.day)*86400, 0).UTC().Year()
		if len(m.Years) == 0 || m.Years[len(m.Years)-1][0] != y {
			m.Years = append(m.Years, [2]int{y, i})
		}
		m.Docs += int(e.docs)
		tokens += e.tokens
	}
	if m.Docs > 0 {
		m.AvgLen = float64(tokens) / float64(m.Docs)
		m.AvgLen, _ = strconv.ParseFloat(strconv.FormatFloat(m.AvgLen, 'f', 2, 64), 64)
	}
	return docs, nil
}

// writeSlugs writes the transcripts' slugs, slugChunk a file.
func writeSlugs(put func(rel string, b []byte) error, es []*Entry) error {
	for k := 0; k*slugChunk < len(es); k++ {
		var slugs []string
		for _, e := range es[k*slugChunk : min(len(es), (k+1)*slugChunk)] {
			slugs = append(slugs, e.slug)
		}
		b, _ := json.Marshal(slugs)
		if err := put("d/"+strconv.Itoa(k)+".json", b); err != nil {
			return err
		}
	}
	return nil
}

// entrySpeakers gives, for each entry, the site's number of each of the
// speakers its postings number from 1 (0, the title document's, stays 0).
func entrySpeakers(es []*Entry, speakerNum map[string]uint64) ([][]uint64, error) {
	spks := make([][]uint64, len(es))
	for i, e := range es {
		spk := make([]uint64, len(e.speakers)+1)
		for j, id := range e.speakers {
			n, ok := speakerNum[id]
			if !ok {
				return nil, fmt.Errorf("search: transcript %s: speaker %q is not in the site", e.slug, id)
			}
			spk[j+1] = n
		}
		spks[i] = spk
	}
	return spks, nil
}

// compress gzips b. The output depends on b alone (no time in the
// header), so a build gives the same bytes every time. Compressors are
// reused: making one costs more than compressing a shard.
//
// Postings are varints with few repeated strings, so Huffman coding alone
// does what matching would: on the index of 2,000 synthetic transcripts
// (14.1 MB before compression) it gives 9.31 MB, as compress/gzip's best
// speed did, in 35 ms of CPU time against 118 ms; github.com/klauspost/
// compress writes the same format as compress/gzip, faster.
func (ix *Index) compress(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/2 + 64)
	zw, _ := ix.zippers.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.HuffmanOnly)
	} else {
		zw.Reset(&buf)
	}
	_, _ = zw.Write(b)
	_ = zw.Close()
	ix.zippers.Put(zw)
	return buf.Bytes()
}

// castagnoli is the CRC that the processor computes: the shards' sums for
// meta.json's hash must be the same in every process, and fast.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// byName gives the ids of all terms in byte order of the terms.
func (ix *Index) byName(terms []string) []uint32 {
	known := len(ix.sorted)
	if known == len(terms) {
		return ix.sorted
	}
	fresh := make([]uint32, 0, len(terms)-known)
	for id := known; id < len(terms); id++ {
		fresh = append(fresh, uint32(id))
	}
	less := func(a, b uint32) int { return strings.Compare(terms[a], terms[b]) }
	slices.SortFunc(fresh, less)
	merged := make([]uint32, 0, len(terms))
	i, j := 0, 0
	for i < known && j < len(fresh) {
		if less(ix.sorted[i], fresh[j]) <= 0 {
			merged = append(merged, ix.sorted[i])
			i++
		} else {
			merged = append(merged, fresh[j])
			j++
		}
	}
	merged = append(append(merged, ix.sorted[i:]...), fresh[j:]...)
	ix.sorted = merged
	return merged
}

// uvarintLen is the length of x as a uvarint.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// reader reads varints and bytes, remembering a read past the end.
type reader struct {
	b   []byte
	i   int
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b[min(r.i, len(r.b)):])
	if n <= 0 {
		r.err = true
		r.i = len(r.b)
		return 0
	}
	r.i += n
	return v
}

// items reads a count of items that take a byte or more each: a count
// larger than the bytes left is corrupt, and reads as 0, so that a
// damaged entry cannot make a loop run for ever.
func (r *reader) items() uint64 {
	v := r.uvarint()
	if v > uint64(len(r.b)-r.i) {
		r.err = true
		r.i = len(r.b)
		return 0
	}
	return v
}

// skipUvarint reads past a uvarint without decoding it.
func (r *reader) skipUvarint() {
	i := r.i
	for i < len(r.b) && r.b[i] >= 0x80 {
		i++
	}
	if i >= len(r.b) {
		r.err = true
		r.i = len(r.b)
		return
	}
	r.i = i + 1
}

func (r *reader) byte() byte {
	if r.i >= len(r.b) {
		r.err = true
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}
