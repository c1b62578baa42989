package search

import (
	"encoding/binary"
	"hash/crc32"
	"hash/maphash"
	"runtime"
	"strconv"
	"sync"
)

// shardRec is what a Write kept of one shard for the next Write.
type shardRec struct {
	terms     []uint32 // in order
	full      bool     // ended by cut, not for want of terms
	partStart int      // the number of its first part file
	crc       uint64
	gz        []byte
	parts     []fileRec // its part files, numbered from partStart
}

// termParts is a frequent term's part files and the sum of its postings.
type termParts struct {
	sum   uint64
	parts []part
}

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
	order, df, changed := inv.order, inv.df, inv.changed
	last := ix.shardRecs
	if changed == nil {
		last = nil
	}
	ix.shardRecs = nil
	next := map[uint32]*shardRec{}
	nextOf := map[uint32]termParts{}
	defer func() { ix.partsOf = nextOf }()

	// Compressing is most of the time this takes, so the shards are
	// compressed on every core as they are cut.
	var (
		shard     []byte
		prev      string
		cur       *shardRec
		wg        sync.WaitGroup
		mu        sync.Mutex // guards hashes, partHashes, werr, fail and the records
		werr      error
		partFiles int // part files so far, numbered in term order
	)
	fail := func(err error) {
		if err != nil && werr == nil {
			werr = err
		}
	}
	jobs := make(chan func())
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j()
			}
		}()
	}
	flush := func(full bool) {
		if len(shard) == 0 {
			return
		}
		i, b, rec := len(m.Shards)-1, shard, cur
		rec.full = full
		mu.Lock()
		hashes = append(hashes, 0)
		mu.Unlock()
		jobs <- func() {
			sum := uint64(crc32.Checksum(b, castagnoli))
			z := ix.gz(b)
			err := w.Write(Dir+"s/"+strconv.Itoa(i)+".bin", z)
			mu.Lock()
			defer mu.Unlock()
			hashes[i], rec.crc = sum, sum
			if keep {
				rec.gz = z
			}
			fail(err)
		}
		shard, prev, cur = nil, "", nil
	}
	for pos := 0; pos < len(order); {
		id := order[pos]
		if len(shard) == 0 {
			if rec := last[id]; rec != nil && rec.reusable(order[pos:], changed, partFiles) {
				i := len(m.Shards)
				m.Shards = append(m.Shards, terms[id])
				err := w.Write(Dir+"s/"+strconv.Itoa(i)+".bin", rec.gz)
				for k, f := range rec.parts {
					if err == nil {
						err = w.Write(Dir+"p/"+strconv.Itoa(partFiles+k)+".bin", f.gz)
					}
				}
				mu.Lock()
				fail(err)
				hashes = append(hashes, rec.crc)
				for _, f := range rec.parts {
					partHashes = append(partHashes, f.crc)
				}
				mu.Unlock()
				partFiles += len(rec.parts)
				pos += len(rec.terms)
				next[id] = rec
				if keep && len(rec.parts) > 0 {
					for _, t := range rec.terms {
						if p, ok := ix.partsOf[t]; ok {
							nextOf[t] = p
						}
					}
				}
				continue
			}
			m.Shards = append(m.Shards, terms[id])
			cur = &shardRec{partStart: partFiles}
			// A shard is cut once it reaches shardMax, so it ends at most
			// one term past it: postings of up to partAbove bytes, or a
			// list of at most buckets part files, and a term of maxTerm.
			shard = make([]byte, 0, shardMax+partAbove+2<<10)
			next[id] = cur
		}
		t := terms[id]
		post, err := inv.post(pos)
		if err != nil {
			mu.Lock()
			fail(err)
			mu.Unlock()
			break
		}
		cur.terms = append(cur.terms, id)
		common := 0
		for common < len(prev) && common < len(t) && prev[common] == t[common] {
			common++
		}
		shard = binary.AppendUvarint(shard, uint64(common))
		shard = binary.AppendUvarint(shard, uint64(len(t)-common))
		shard = append(shard, t[common:]...)
		shard = binary.AppendUvarint(shard, uint64(df[id]))
		if len(post) <= partAbove {
			shard = binary.AppendUvarint(shard, uint64(len(post)))
			shard = append(shard, post...)
		} else {
			// A large term's postings go into part files by speaker, so
			// that a query filtered by speaker fetches one part.
			p, ok := ix.partsOf[id]
			if !ok || changed == nil || changed[id] {
				p.sum = maphash.Bytes(ix.seed, post) ^ uint64(len(post))
				if p.parts, ok = ix.parted[p.sum]; !ok {
					p.parts = partition(post)
				}
			}
			if keep {
				ix.nextParts[p.sum] = p.parts
				nextOf[id] = p
			}
			parts := p.parts
			shard = binary.AppendUvarint(shard, 0)
			shard = binary.AppendUvarint(shard, uint64(len(parts)))
			for _, pt := range parts {
				k, b, rec := partFiles, pt.data, cur
				partFiles++
				shard = binary.AppendUvarint(shard, uint64(k))
				shard = binary.AppendUvarint(shard, uint64(pt.last))
				mu.Lock()
				partHashes = append(partHashes, 0)
				rec.parts = append(rec.parts, fileRec{})
				mu.Unlock()
				jobs <- func() {
					sum := uint64(crc32.Checksum(b, castagnoli))
					z := ix.gz(b)
					err := w.Write(Dir+"p/"+strconv.Itoa(k)+".bin", z)
					mu.Lock()
					defer mu.Unlock()
					partHashes[k] = sum
					rec.parts[k-rec.partStart] = fileRec{crc: sum}
					if keep {
						rec.parts[k-rec.partStart].gz = z
					}
					fail(err)
				}
			}
		}
		prev = t
		pos++
		if cut(len(shard), t) {
			flush(true)
		}
	}
	flush(false)
	close(jobs)
	wg.Wait()
	if werr != nil {
		return nil, nil, werr
	}
	if keep {
		ix.shardRecs = next
	}
	return hashes, partHashes, nil
}
