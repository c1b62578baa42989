package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
)

// inverted is what a Write kept of its inversion for the next one (watch
// mode): the entries in their order, the speakers in theirs, and each
// term's postings and document count.
type inverted struct {
	es       []*Entry
	speakers []string
	posts    [][]byte
	df       []int32
	marks    [][]mark // by term: where some of its groups start
}

// mark is where one transcript's group starts in a term's postings, with
// the transcript before it: a splice jumps to the mark before the
// transcripts it replaces instead of reading every group up to them. A
// common word's postings hold a group for nearly every transcript.
type mark struct {
	tid, prev int32
	off       int32
}

// markEvery is how many groups lie between two marks of a term, at most,
// as full lays them out; a splice drops the marks of the groups it
// removes.
const markEvery = 16

// patchable is how many transcripts may change between two Writes for
// the second to patch the first's postings rather than invert them all.
const patchable = 64

// inversion is what invert gives Write: the terms with postings, in byte
// order, and the postings of the one at each position of that order.
type inversion struct {
	order   []uint32
	df      []int32 // by term: number of documents
	changed []bool  // by term: postings that may differ from the last Write's; nil: any may
	// post gives the postings of order[pos]; called with pos rising.
	post func(pos int) ([]byte, error)
}

// invert gives each term's postings and number of documents. changed
// tells the terms whose postings may differ from the last Write's; nil
// means any may.
//
// When the entries are the last Write's in the same order with a few
// replaced (a transcript saved in watch mode), only the terms of the old
// and new versions of those entries are redone, each by splicing the new
// entry's postings into the term's old ones. Otherwise every entry is
// inverted: see full, or, when nothing is kept for a next Write, banded.
func (ix *Index) invert(es []*Entry, spks [][]uint64, speakers []string, keep bool, terms []string) (*inversion, error) {
	nterms := len(terms)
	prev := ix.inverted
	ix.inverted = nil
	if !keep {
		ix.runs = nil
		return ix.banded(es, spks, terms)
	}
	var (
		posts   [][]byte
		df      []int32
		marks   [][]mark
		changed []bool
		err     error
	)
	if prev != nil {
		if at, ok := prev.replaced(es, speakers); ok {
			posts, df, marks, changed, err = ix.patch(prev, es, spks, at, nterms)
		}
	}
	if posts == nil && err == nil {
		posts, df, marks, err = ix.full(es, spks, nterms)
		changed = nil
	}
	if err != nil {
		return nil, err
	}
	ix.inverted = &inverted{es: es, speakers: speakers, posts: posts, df: df, marks: marks}
	inv := &inversion{df: df, changed: changed}
	for _, id := range ix.byName(terms) {
		if len(posts[id]) > 0 {
			inv.order = append(inv.order, id)
		}
	}
	inv.post = func(pos int) ([]byte, error) { return posts[inv.order[pos]], nil }
	return inv, nil
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

// patch redoes the postings of the terms of the entries at positions at
// whose groups changed. Most terms of an edited transcript keep the group
// they had (a typo fixed in one turn moves no other word): their postings,
// and so their shards, are the last Write's, which shards then writes from
// what it kept rather than assembling and compressing them again.
func (ix *Index) patch(prev *inverted, es []*Entry, spks [][]uint64, at []int, nterms int) ([][]byte, []int32, [][]mark, []bool, error) {
	posts := make([][]byte, nterms)
	copy(posts, prev.posts)
	df := make([]int32, nterms)
	copy(df, prev.df)
	marks := make([][]mark, nterms)
	copy(marks, prev.marks)
	changed := make([]bool, nterms)

	// The new groups of every term of the entries at at, by position: a
	// splice replaces a term's groups at all those positions at once.
	fresh := map[uint32][]group{}
	var touched []uint32
	touch := func(id uint32) {
		if !changed[id] {
			changed[id] = true
			touched = append(touched, id)
		}
	}
	for _, i := range at {
		var run, oldRun []byte
		var ends, oldEnds []int
		terms, err := decodeRun(es[i], spks[i], &run, &ends, &readBack{})
		if err != nil {
			return nil, nil, nil, nil, err
		}
		// The old entry's groups can be told from the new one's only
		// when both number their speakers alike.
		var before map[uint32][]byte
		if old := prev.es[i]; slices.Equal(old.speakers, es[i].speakers) {
			oldTerms, err := decodeRun(old, spks[i], &oldRun, &oldEnds, &readBack{})
			if err != nil {
				return nil, nil, nil, nil, err
			}
			before = make(map[uint32][]byte, len(oldTerms))
			start := 0
			for j, id := range oldTerms {
				before[id] = oldRun[start:oldEnds[j]]
				start = oldEnds[j]
			}
		} else {
			for _, id := range prev.es[i].terms {
				touch(id)
			}
		}
		start := 0
		for j, id := range terms {
			g := run[start:ends[j]]
			start = ends[j]
			fresh[id] = append(fresh[id], group{tid: i, run: g})
			if old, ok := before[id]; ok {
				delete(before, id)
				if bytes.Equal(old, g) {
					continue
				}
			}
			touch(id)
		}
		for id := range before { // terms the transcript no longer has
			touch(id)
		}
	}
	for _, id := range touched {
		p, m, delta, err := splice(posts[id], marks[id], at, fresh[id])
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("search: term %q: %w", ix.terms[id], err)
		}
		posts[id], marks[id] = p, m
		df[id] += delta
	}
	return posts, df, marks, changed, nil
}

// splice rewrites a term's postings with the groups of the transcripts at
// positions at (sorted) replaced by those in add (sorted by transcript,
// all at positions in at), and gives the new marks and the change in the
// number of documents. It decodes only the groups near the replaced
// transcripts, reached by the marks, and copies the bytes between as they
// are: a copy costs far less than reading every group.
func splice(old []byte, marks []mark, at []int, add []group) ([]byte, []mark, int32, error) {
	extra := 0
	for _, g := range add {
		extra += len(g.run) + binary.MaxVarintLen32
	}
	out := make([]byte, 0, len(old)+extra)
	var nm []mark
	var delta int32
	r := reader{b: old}
	tid, last := -1, -1 // the last transcript read from old, and written to out
	mi := 0             // the next old mark not yet passed
	// copyTo copies old[r.i:end] as it is, with the marks in it: the
	// groups there are written with the same transcript before them.
	copyTo := func(end int, endTid int) {
		o := len(out) - r.i
		out = append(out, old[r.i:end]...)
		for ; mi < len(marks) && int(marks[mi].off) < end; mi++ {
			if int(marks[mi].off) >= r.i {
				m := marks[mi]
				m.off = int32(int(m.off) + o)
				nm = append(nm, m)
			}
		}
		r.i, tid, last = end, endTid, endTid
	}
	emit := func(g group) {
		out = binary.AppendUvarint(out, uint64(g.tid-last))
		last = g.tid
		out = append(out, g.run...)
	}
	// next reads the old group at r.i: its transcript, its run and where
	// it started.
	next := func() (int, []byte, int, error) {
		start := r.i
		t := tid + int(r.uvarint())
		from := r.i
		r.skipRun()
		if r.err {
			return 0, nil, 0, fmt.Errorf("corrupt postings")
		}
		tid = t
		return t, old[from:r.i], start, nil
	}
	// pass writes the old group at r.i, marked if it was.
	pass := func(t int, run []byte, start int) {
		for ; mi < len(marks) && int(marks[mi].off) <= start; mi++ {
			if int(marks[mi].off) == start {
				nm = append(nm, mark{tid: int32(t), prev: int32(last), off: int32(len(out))})
			}
		}
		emit(group{tid: t, run: run})
	}
	docs := func(run []byte) int32 {
		n, _ := binary.Uvarint(run)
		return int32(n)
	}
	for _, target := range at {
		// Jump to the last mark at or before the target, if it is ahead
		// and the bytes up to it can be copied as they are.
		if last == tid {
			j := sort.Search(len(marks), func(k int) bool { return int(marks[k].tid) > target }) - 1
			if j >= 0 && int(marks[j].off) > r.i {
				copyTo(int(marks[j].off), int(marks[j].prev))
			}
		}
		for r.i < len(old) {
			save, saveTid := r.i, tid
			t, run, start, err := next()
			if err != nil {
				return nil, nil, 0, err
			}
			if t > target {
				r.i, tid = save, saveTid
				break
			}
			if t == target {
				delta -= docs(run)
				// A removed group's mark goes with it.
				for ; mi < len(marks) && int(marks[mi].off) <= start; mi++ {
				}
				break
			}
			pass(t, run, start)
		}
		if len(add) > 0 && add[0].tid == target {
			emit(add[0])
			delta += docs(add[0].run)
			add = add[1:]
		}
	}
	if len(add) > 0 {
		return nil, nil, 0, fmt.Errorf("a new group of transcript %d is not at a replaced position", add[0].tid)
	}
	// The group after the last change is written anew, its transcript
	// counted from a different one; the rest is copied.
	if r.i < len(old) && last != tid {
		t, run, start, err := next()
		if err != nil {
			return nil, nil, 0, err
		}
		pass(t, run, start)
	}
	if r.i < len(old) {
		copyTo(len(old), tid)
	}
	return out, nm, delta, nil
}

// skipRun reads past one group's run: its documents, each with its n,
// speaker, length and positions.
func (r *reader) skipRun() {
	for range r.items() {
		r.skipUvarint() // n
		r.skipUvarint() // speaker
		r.byte()        // length
		for range r.items() {
			r.skipUvarint() // position
		}
	}
}

// count is the first pass of an inversion: each term's bytes of postings,
// its number of documents, and its last transcript plus one, from each
// entry's run.
func count(es []*Entry, nterms int, runOf func(i int) (entryRun, error)) (size []int, df, last []int32, err error) {
	last = make([]int32, nterms)
	size = make([]int, nterms)
	df = make([]int32, nterms)
	for i := range es {
		r, err := runOf(i)
		if err != nil {
			return nil, nil, nil, err
		}
		start := 0
		for j, id := range r.terms {
			if int(id) >= nterms {
				return nil, nil, nil, fmt.Errorf("search: transcript %s: corrupt entry", es[i].slug)
			}
			size[id] += uvarintLen(uint64(int32(i+1)-last[id])) + r.ends[j] - start
			last[id] = int32(i + 1)
			n, _ := binary.Uvarint(r.run[start:])
			df[id] += int32(n)
			start = r.ends[j]
		}
	}
	return size, df, last, nil
}

// full inverts every entry for a Write that keeps its postings for the
// next (watch mode), in two passes: count, then a copy of the postings
// into one buffer laid out in term order. Per-term state lives in flat
// arrays: with a heap object per term, the random access of an entry's
// terms missed the cache every time.
func (ix *Index) full(es []*Entry, spks [][]uint64, nterms int) ([][]byte, []int32, [][]mark, error) {
	runs := make(map[*Entry]entryRun, len(es))
	var scratch entryRun
	var rb readBack
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
		terms, err := decodeRun(e, spks[i], &scratch.run, &scratch.ends, &rb)
		if err != nil {
			return entryRun{}, err
		}
		c := entryRun{spk: spks[i], terms: terms, run: slices.Clone(scratch.run), ends: slices.Clone(scratch.ends)}
		runs[e] = c
		return c, nil
	}
	size, df, last, err := count(es, nterms, runOf)
	if err != nil {
		return nil, nil, nil, err
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
	// For a next Write's splices: where every markEvery-th group of each
	// term starts, counted from the term's first byte.
	marks := make([][]mark, nterms)
	base := make([]int32, nterms)
	for id := range base {
		base[id] = int32(off[id])
	}
	groups := make([]int32, nterms)
	for i := range es {
		r, err := runOf(i)
		if err != nil {
			return nil, nil, nil, err
		}
		start := 0
		for j, id := range r.terms {
			o := off[id]
			if groups[id]%markEvery == 0 {
				marks[id] = append(marks[id], mark{tid: int32(i), prev: last[id] - 1, off: int32(o) - base[id]})
			}
			groups[id]++
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
	return posts, df, marks, nil
}

// A Write that keeps nothing for the next (a one-off build, or watch
// mode's first) inverts a band of terms at a time, as the shards ask for
// them: it holds the postings of one band rather than of the whole
// archive, as much as a tenth of the archive's Markdown. A band holds at
// least bandBytes, and there are at most maxBands, since each costs one
// more pass over the entries: eight, because the pages left to render
// when the index is written hold their own memory beside the band's (at
// 100,000 transcripts, four bands peaked at 1.96 GB, eight at 1.70 GB,
// in the same time). (Index.bands holds them; tests change it.)
const (
	bandBytes = 64 << 20
	maxBands  = 8
)

// banded counts every entry's postings, then gives an inversion whose
// post inverts the band of terms that starts at pos when asked for it.
func (ix *Index) banded(es []*Entry, spks [][]uint64, terms []string) (*inversion, error) {
	nterms := len(terms)
	var scratch entryRun
	var rb readBack
	size, df, last, err := count(es, nterms, func(i int) (entryRun, error) {
		ts, err := decodeRun(es[i], spks[i], &scratch.run, &scratch.ends, &rb)
		scratch.terms = ts
		return scratch, err
	})
	if err != nil {
		return nil, err
	}
	inv := &inversion{df: df}
	total := 0
	for _, id := range ix.byName(terms) {
		if size[id] > 0 {
			inv.order = append(inv.order, id)
			total += size[id]
		}
	}
	target := max(ix.bands.min, (total+ix.bands.max-1)/ix.bands.max)
	posts := make([][]byte, nterms)
	band := make([]int32, nterms) // by term: the number of its band, from 1
	off := make([]int, nterms)
	end := make([]int, nterms)
	from, to, nband := 0, 0, int32(0) // inv.order[from:to] is the band in posts
	done := 0                         // bytes of the bands before it
	inv.post = func(pos int) ([]byte, error) {
		if pos < to {
			return posts[inv.order[pos]], nil
		}
		for _, id := range inv.order[from:to] {
			posts[id] = nil // for the collector
			done += size[id]
		}
		from, nband = pos, nband+1
		// Band k ends by k*target bytes into the postings, not target
		// past its start, so that there are no more than bands.max.
		n := 0
		for to = from; to < len(inv.order) && (to == from || done+n+size[inv.order[to]] <= int(nband)*target); to++ {
			id := inv.order[to]
			band[id], off[id], end[id] = nband, n, n+size[id]
			last[id] = 0
			n += size[id]
		}
		buf := make([]byte, n)
		for i, e := range es {
			ts, post, err := e.postings(&rb)
			if err != nil {
				return nil, err
			}
			r := reader{b: post}
			for _, id := range ts {
				if band[id] != nband {
					r.skipRun()
					continue
				}
				// Appended in place, in what is left of the term's
				// room in buf: a run that would pass it (append then
				// moves it elsewhere) is not the run counted.
				room := buf[off[id]:off[id]:end[id]]
				run, ok := appendRun(binary.AppendUvarint(room, uint64(int32(i+1)-last[id])), &r, spks[i])
				if !ok || len(run) > cap(room) {
					return nil, fmt.Errorf("search: transcript %s: corrupt entry", e.slug)
				}
				off[id] += len(run)
				last[id] = int32(i + 1)
			}
			if r.err || r.i != len(r.b) {
				return nil, fmt.Errorf("search: transcript %s: corrupt entry", e.slug)
			}
		}
		for _, id := range inv.order[from:to] {
			if off[id] != end[id] {
				return nil, fmt.Errorf("search: term %q: postings of %d bytes, counted %d", terms[id], off[id]-(end[id]-size[id]), size[id])
			}
			posts[id] = buf[end[id]-size[id] : end[id] : end[id]]
		}
		return posts[inv.order[pos]], nil
	}
	return inv, nil
}
