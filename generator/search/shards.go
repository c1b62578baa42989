package search

import (
	"encoding/binary"
	"hash/crc32"
	"hash/maphash"
	"math"
	"strconv"
	"sync"

	"github.com/verbatim-archive/verbatim/generator/parallel"
)

// shardRec is what a Write kept of one shard for the next Write.
type shardRec struct {
	fileRec             // the shard file's
	terms     []uint32  // in order
	full      bool      // ended by cut, not for want of terms
	partStart int       // the number of its first part file
	parts     []fileRec // its part files, numbered from partStart
}

// termParts is a frequent term's part files, the sum of its postings and
// the average length of a document they were split for (impact).
type termParts struct {
	sum    uint64
	avglen float64
	split
}

// fileRec is what a Write kept of one file of the index: its sum, for
// meta.json's hash, and its compressed bytes, if the Write kept them.
type fileRec struct {
	crc uint64
	gz  []byte
}

// reusable reports whether rec, a shard of the last Write, is the shard
// that starts at order[0] now: the same terms, none of them changed, its
// part files numbered from the same place, and cut where it was.
func (rec *shardRec) reusable(order []uint32, changed []bool, partFiles int) bool {
	if rec.partStart != partFiles || len(order) < len(rec.terms) || !(rec.full || len(order) == len(rec.terms)) {
		return false
	}
	for i, id := range rec.terms {
		if order[i] != id || changed[id] {
			return false
		}
	}
	return true
}

// shards writes the terms in order into shard files, cut where cut says,
// and the postings of frequent terms into part files. It returns
// the sums of the shards and of the part files, for meta.json's hash.
// A shard that is the same as one of the last Write (see reusable) is
// written again from what that Write kept, without being assembled,
// summed or compressed; only a Write that keeps (keep) holds on to the
// compressed files for that.
func (ix *Index) shards(w Writer, m *meta, terms []string, inv *inversion, keep bool) (hashes, partHashes []uint64, err error) {
	last := ix.shardRecs
	// The heads of frequent terms, and so their shards, depend on the
	// average length of a document.
	if inv.changed == nil || m.AvgLen != ix.avglen {
		last = nil
	}
	ix.avglen = m.AvgLen
	ix.shardRecs = nil
	sw := &shardWriter{ix: ix, w: w, m: m, inv: inv, keep: keep,
		next: map[uint32]*shardRec{}, nextOf: map[uint32]termParts{}, group: parallel.NewGroup()}
	defer func() { ix.partsOf = sw.nextOf }()
	for pos := 0; pos < len(inv.order); {
		id := inv.order[pos]
		if len(sw.shard) == 0 {
			if rec := last[id]; rec != nil && rec.reusable(inv.order[pos:], inv.changed, sw.partFiles) {
				sw.reuse(terms[id], rec)
				pos += len(rec.terms)
				continue
			}
			sw.start(id, terms[id])
		}
		post, err := inv.post(pos)
		if err != nil {
			sw.fail(err)
			break
		}
		sw.add(id, terms[id], post)
		pos++
		if cut(len(sw.shard), terms[id]) {
			sw.flush(true)
		}
	}
	sw.flush(false)
	sw.group.Wait()
	if sw.err != nil {
		return nil, nil, sw.err
	}
	if keep {
		ix.shardRecs = sw.next
	}
	for _, rec := range sw.recs {
		hashes = append(hashes, rec.crc)
		for _, f := range rec.parts {
			partHashes = append(partHashes, f.crc)
		}
	}
	return hashes, partHashes, nil
}

// shardWriter is one Write's making of the shard and part files: it
// assembles each shard in term order, while the shards and part files
// already assembled are summed, compressed and written on every core
// (compressing is most of the time this takes).
type shardWriter struct {
	ix    *Index
	w     Writer
	m     *meta
	inv   *inversion
	keep  bool
	group *parallel.Group

	recs      []*shardRec          // every shard so far, in order
	partFiles int                  // part files so far, numbered in term order
	next      map[uint32]*shardRec // the shards by first term, for the next Write
	nextOf    map[uint32]termParts // the frequent terms' part files, for the next Write
	errMu     sync.Mutex           // guards err, which the workers set
	err       error                // the first write that failed

	// The shard being assembled: its record, bytes, last term, and the
	// data of its part files, numbered from cur.partStart, which are
	// sent to the workers with it.
	cur     *shardRec
	shard   []byte
	prev    string
	pending [][]byte
}

func (sw *shardWriter) fail(err error) {
	sw.errMu.Lock()
	defer sw.errMu.Unlock()
	if sw.err == nil {
		sw.err = err
	}
}

// reuse writes again the files of rec, a shard of the last Write that is
// the same now and starts with term first, from what that Write kept.
func (sw *shardWriter) reuse(first string, rec *shardRec) {
	i := len(sw.m.Shards)
	sw.m.Shards = append(sw.m.Shards, first)
	err := sw.w.Write(Dir+"s/"+strconv.Itoa(i)+".bin", rec.gz)
	for k, f := range rec.parts {
		if err == nil {
			err = sw.w.Write(Dir+"p/"+strconv.Itoa(sw.partFiles+k)+".bin", f.gz)
		}
	}
	if err != nil {
		sw.fail(err)
	}
	sw.recs = append(sw.recs, rec)
	sw.partFiles += len(rec.parts)
	sw.next[rec.terms[0]] = rec
	if sw.keep && len(rec.parts) > 0 {
		for _, t := range rec.terms {
			if p, ok := sw.ix.partsOf[t]; ok {
				sw.nextOf[t] = p
			}
		}
	}
}

// start begins a new shard with term id, t.
func (sw *shardWriter) start(id uint32, t string) {
	sw.m.Shards = append(sw.m.Shards, t)
	sw.cur = &shardRec{partStart: sw.partFiles}
	// A shard is cut once it reaches shardMax, so it ends at most one
	// term past it: postings of up to partAbove bytes, or a list of at
	// most buckets part files, and a term of maxTerm.
	sw.shard = make([]byte, 0, shardMax+partAbove+2<<10)
	sw.next[id] = sw.cur
	sw.recs = append(sw.recs, sw.cur)
}

// add appends term id, t, with its postings post to the shard: the prefix
// it shares with the term before, the rest of it, its number of
// documents, and its postings or, for a frequent term, its part files.
func (sw *shardWriter) add(id uint32, t string, post []byte) {
	sw.cur.terms = append(sw.cur.terms, id)
	common := 0
	for common < len(sw.prev) && common < len(t) && sw.prev[common] == t[common] {
		common++
	}
	b := sw.shard
	b = binary.AppendUvarint(b, uint64(common))
	b = binary.AppendUvarint(b, uint64(len(t)-common))
	b = append(b, t[common:]...)
	b = binary.AppendUvarint(b, uint64(sw.inv.df[id]))
	if len(post) <= sw.ix.heads.above {
		b = binary.AppendUvarint(b, uint64(len(post)))
		b = append(b, post...)
	} else {
		// A large term's postings go into part files: its head, which
		// a search without a filter fetches, then the rest by speaker,
		// so that a search filtered by speaker fetches one part more.
		sp := sw.parts(id, post)
		b = binary.AppendUvarint(b, 0)
		b = binary.AppendUvarint(b, sp.bound)
		b = binary.AppendUvarint(b, uint64(sw.partFiles))
		sw.partFiles++
		sw.cur.parts = append(sw.cur.parts, fileRec{})
		sw.pending = append(sw.pending, sp.head)
		b = binary.AppendUvarint(b, uint64(len(sp.parts)))
		for _, pt := range sp.parts {
			b = binary.AppendUvarint(b, uint64(sw.partFiles))
			b = binary.AppendUvarint(b, uint64(pt.last))
			sw.partFiles++
			sw.cur.parts = append(sw.cur.parts, fileRec{})
			sw.pending = append(sw.pending, pt.data)
		}
	}
	sw.shard, sw.prev = b, t
}

// parts gives the head and part files of frequent term id, whose
// postings are post: the last Write's if the term has not changed, else
// its postings split (or the last Write's split of the same postings).
func (sw *shardWriter) parts(id uint32, post []byte) split {
	ix := sw.ix
	avglen := sw.m.AvgLen
	p, ok := ix.partsOf[id]
	if !ok || sw.inv.changed == nil || sw.inv.changed[id] || p.avglen != avglen {
		p.sum = maphash.Bytes(ix.seed, post) ^ uint64(len(post)) ^ math.Float64bits(avglen)
		p.avglen = avglen
		if p.split, ok = ix.parted[p.sum]; !ok {
			p.split = splitHead(post, avglen, ix.heads.target)
		}
	}
	if sw.keep {
		ix.nextParts[p.sum] = p.split
		sw.nextOf[id] = p
	}
	return p.split
}

// flush sends the shard assembled and its part files to the workers. full
// says the shard was cut, rather than ended for want of terms.
func (sw *shardWriter) flush(full bool) {
	if len(sw.shard) == 0 {
		return
	}
	rec := sw.cur
	rec.full = full
	for j, data := range sw.pending {
		sw.send(Dir+"p/"+strconv.Itoa(rec.partStart+j)+".bin", data, &rec.parts[j])
	}
	sw.send(Dir+"s/"+strconv.Itoa(len(sw.m.Shards)-1)+".bin", sw.shard, &rec.fileRec)
	sw.cur, sw.shard, sw.prev, sw.pending = nil, nil, "", sw.pending[:0]
}

// send has a worker sum, compress and write the file name of the index,
// and keep in f its sum and, for a Write that keeps, its compressed bytes.
func (sw *shardWriter) send(name string, data []byte, f *fileRec) {
	sw.group.Go(func() {
		f.crc = uint64(crc32.Checksum(data, castagnoli))
		z := sw.ix.gz(data)
		if sw.keep {
			f.gz = z
		}
		if err := sw.w.Write(name, z); err != nil {
			sw.fail(err)
		}
	})
}
