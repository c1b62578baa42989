package search

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// inverted is what a Write kept of its inversion for the next one (watch
// mode): the entries in their order, the speakers in theirs, and each
// term's postings and document count.
type inverted struct {
	es       []*Entry
	speakers []string
	posts    [][]byte
	df       []int32
}

// patchable is how many transcripts may change between two Writes for
// the second to patch the first's postings rather than invert them all.
const patchable = 64

// invert gives each term's postings (nil: the term is in no entry) and
// number of documents. changed tells the terms whose postings may differ
// from the last Write's; nil means any may.
//
// When the entries are the last Write's in the same order with a few
// replaced (a transcript saved in watch mode), only the terms of the old
// and new versions of those entries are redone, each by splicing the new
// entry's postings into the term's old ones. Otherwise every entry is
// inverted: see full.
func (ix *Index) invert(es []*Entry, spks [][]uint64, speakers []string, keep bool) (posts [][]byte, df []int32, changed []bool, err error) {
	nterms := len(ix.terms)
	if prev := ix.inverted; prev != nil && keep {
		if at, ok := prev.replaced(es, speakers); ok {
			posts, df, changed, err = ix.patch(prev, es, spks, at, nterms)
		}
	}
	if posts == nil && err == nil {
		posts, df, err = ix.full(es, spks, keep, nterms)
		changed = nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	ix.inverted = nil
	if keep {
		ix.inverted = &inverted{es: es, speakers: speakers, posts: posts, df: df}
	}
	return posts, df, changed, nil
}

// replaced gives the positions of the entries that differ from the last
// Write's, if the two lists differ only by a few entries replaced in place
// and the speakers are numbered as before.
func (prev *inverted) replaced(es []*Entry, speakers []string) ([]int, bool) {
	if len(es) != len(prev.es) || !slices.Equal(speakers, prev.speakers) {
		return nil, false
	}
	var at []int
	for i, e := range es {
		if e == prev.es[i] {
			continue
		}
		if e.slug != prev.es[i].slug || len(at) == patchable {
			return nil, false
		}
		at = append(at, i)
	}
	return at, true
}

// group is one transcript's postings of a term: its number in the build
// and its run (documents, then each document).
type group struct {
	tid int
	run []byte
}

// patch redoes the postings of the terms of the entries at positions at.
func (ix *Index) patch(prev *inverted, es []*Entry, spks [][]uint64, at []int, nterms int) ([][]byte, []int32, []bool, error) {
	posts := make([][]byte, nterms)
	copy(posts, prev.posts)
	df := make([]int32, nterms)
	copy(df, prev.df)
	changed := make([]bool, nterms)

	// The new groups of each term touched, by position.
	fresh := map[uint32][]group{}
	var touched []uint32
	touch := func(id uint32) {
		if !changed[id] {
			changed[id] = true
			touched = append(touched, id)
		}
	}
	for _, i := range at {
		for _, id := range prev.es[i].terms {
			touch(id)
		}
		var run []byte
		var ends []int
		if err := decodeRun(es[i], spks[i], &run, &ends); err != nil {
			return nil, nil, nil, err
		}
		start := 0
		for j, id := range es[i].terms {
			touch(id)
			fresh[id] = append(fresh[id], group{tid: i, run: run[start:ends[j]]})
			start = ends[j]
		}
	}
	gone := make(map[int]bool, len(at))
	for _, i := range at {
		gone[i] = true
	}
	for _, id := range touched {
		p, n, err := splice(posts[id], gone, fresh[id])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("search: term %q: %w", ix.terms[id], err)
		}
		posts[id], df[id] = p, n
	}
	return posts, df, changed, nil
}

// splice rewrites a term's postings without the groups of the transcripts
// in gone, with the groups in add (sorted by transcript) put in their
// place, and counts the documents.
func splice(old []byte, gone map[int]bool, add []group) ([]byte, int32, error) {
	var out []byte
	var docs int32
	last := -1
	emit := func(g group) {
		out = binary.AppendUvarint(out, uint64(g.tid-last))
		last = g.tid
		out = append(out, g.run...)
		n, _ := binary.Uvarint(g.run)
		docs += int32(n)
	}
	r := reader{b: old}
	tid := -1
	for r.i < len(old) {
		tid += int(r.uvarint())
		start := r.i
		for range r.uvarint() {
			r.uvarint() // n
			r.uvarint() // speaker
			r.byte()    // length
			for range r.uvarint() {
				r.uvarint() // position
			}
		}
		if r.err {
			return nil, 0, fmt.Errorf("corrupt postings")
		}
		for len(add) > 0 && add[0].tid < tid {
			emit(add[0])
			add = add[1:]
		}
		if !gone[tid] {
			emit(group{tid: tid, run: old[start:r.i]})
		}
	}
	for _, g := range add {
		emit(g)
	}
	return out, docs, nil
}

// full inverts every entry, in two passes: the first counts each term's
// bytes, the second copies the postings into one buffer laid out in term
// order. Per-term state lives in flat arrays: with a heap object per
// term, the random access of an entry's terms missed the cache every time.
func (ix *Index) full(es []*Entry, spks [][]uint64, keep bool, nterms int) ([][]byte, []int32, error) {
	last := make([]int32, nterms) // the last transcript of a term, plus one
	size := make([]int, nterms)
	df := make([]int32, nterms)
	var runs map[*Entry]entryRun
	if keep {
		runs = make(map[*Entry]entryRun, len(es))
	}
	var scratch entryRun
	// runOf gives entry i's postings with the site's speaker numbers,
	// from the last Write's if its speakers are numbered the same.
	runOf := func(i int) (entryRun, error) {
		e := es[i]
		if c, ok := runs[e]; ok {
			return c, nil
		}
		if c, ok := ix.runs[e]; ok && slices.Equal(c.spk, spks[i]) {
			runs[e] = c
			return c, nil
		}
		if err := decodeRun(e, spks[i], &scratch.run, &scratch.ends); err != nil {
			return entryRun{}, err
		}
		if !keep {
			return scratch, nil
		}
		c := entryRun{spk: spks[i], run: slices.Clone(scratch.run), ends: slices.Clone(scratch.ends)}
		runs[e] = c
		return c, nil
	}
	for i, e := range es {
		r, err := runOf(i)
		if err != nil {
			return nil, nil, err
		}
		start := 0
		for j, id := range e.terms {
			size[id] += uvarintLen(uint64(int32(i+1)-last[id])) + r.ends[j] - start
			last[id] = int32(i + 1)
			n, _ := binary.Uvarint(r.run[start:])
			df[id] += int32(n)
			start = r.ends[j]
		}
	}
	ix.runs = runs

	off := make([]int, nterms)
	total := 0
	for _, id := range ix.byName(ix.terms[:nterms]) {
		off[id] = total
		total += size[id]
	}
	buf := make([]byte, total)
	clear(last)
	for i, e := range es {
		r, err := runOf(i)
		if err != nil {
			return nil, nil, err
		}
		start := 0
		for j, id := range e.terms {
			o := off[id]
			o += binary.PutUvarint(buf[o:], uint64(int32(i+1)-last[id]))
			o += copy(buf[o:], r.run[start:r.ends[j]])
			off[id] = o
			last[id] = int32(i + 1)
			start = r.ends[j]
		}
	}
	posts := make([][]byte, nterms)
	for id, n := range size {
		if n > 0 {
			posts[id] = buf[off[id]-n : off[id] : off[id]]
		}
	}
	return posts, df, nil
}
