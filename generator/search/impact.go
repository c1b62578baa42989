package search

import (
	"encoding/binary"
	"maps"
	"math"
	"slices"
)

// A frequent term's postings are split in two: its head, the documents
// that weigh most in a ranking (by impact), in one part file, and the rest,
// its tail, in part files by speaker (see partition). A search without a
// filter fetches only the heads of its words, which is enough to be sure
// of the best results when each has a higher score than any document that
// the tails could add could reach (search.js, rank.js): the shard gives
// the highest impact in the tail for that bound. Fetched whole, a term's
// postings are 4 bytes a turn once compressed; a word in one turn in
// twenty of an archive of 20,000 transcripts has 240 KB of them.
//
// headTarget is the size of a head before compression, title documents
// aside (see splitHead): the larger it is,
// the more often the heads alone decide the first pages of results, and
// the more every search of a frequent word fetches.
const headTarget = 24 << 10

// BM25's parameters and the weight of a transcript's title document, as
// rank.js scores documents: a document's impact on a term is what the term
// adds to its score, before the term's idf.
const (
	bm25K1   = 1.2
	bm25B    = 0.75
	titleDoc = 1.5
)

// impact is what a term adds to a document's score in rank.js, before its
// idf: the BM25 of tf in a document of length words (in lenBucket's steps),
// the title document's weighed more.
func impact(tf uint64, length byte, n uint64, avglen float64) float64 {
	l := max(float64(length)*4, 1)
	s := float64(tf) * (bm25K1 + 1) / (float64(tf) + bm25K1*(1-bm25B+bm25B*l/avglen))
	if n == 0 {
		s *= titleDoc
	}
	return s
}

// impactUnit is the step, 1/impactUnit, in which the shard gives the
// highest impact in a tail, rounded up, and one step over: a bound that
// float arithmetic in the browser cannot find too low.
const impactUnit = 4096

// split is a frequent term's postings as the index holds them.
type split struct {
	head  []byte // postings, as a shard holds them
	bound uint64 // the highest impact in the tail in 1/impactUnit, shifted left one, with 1 if every title document is in the head
	parts []part // the tail, by speaker
}

// splitHead cuts postings (groups of documents by transcript) into a head
// of the title documents and the turns of highest impact, about target
// bytes of them, and a tail cut by speaker. Documents of equal impact go
// by transcript and turn, so the cut is the same in every build.
func splitHead(buf []byte, avglen float64, target int) split {
	type doc struct {
		tid    int
		n      uint64
		impact float64
		rest   []byte // speaker, length, frequency, positions, as they were
	}
	var docs []doc
	eachPosting(buf, func(p rawPosting) {
		docs = append(docs, doc{p.tid, p.n, impact(p.tf, p.length, p.n, avglen), p.rest})
	})
	// Every title document is in the head: then a turn's transcript
	// whose title document is not in the head has no title boost for the
	// term, which the browser can be sure of. They are a tenth of a
	// frequent word's documents or less.
	inHead := make([]bool, len(docs))
	for i, d := range docs {
		inHead[i] = d.n == 0
	}
	// The turns go into the head by impact, and in their order among
	// equals, until it holds target bytes. Impacts take few values (a
	// frequency and a length in one byte make one), so the head is cut
	// by the bytes of each value rather than by sorting the turns.
	bytesOf := map[float64]int{}
	for i, d := range docs {
		if !inHead[i] {
			bytesOf[d.impact] += len(d.rest) + 2
		}
	}
	values := slices.Sorted(maps.Keys(bytesOf))
	slices.Reverse(values)
	// Every turn of impact above last goes into the head, and of impact
	// last the first ones, until the head holds target bytes.
	size, last := 0, math.Inf(-1)
	for _, v := range values {
		if size+bytesOf[v] >= target {
			last = v
			break
		}
		size += bytesOf[v]
	}
	for i, d := range docs {
		switch {
		case inHead[i]:
		case d.impact > last:
			inHead[i] = true
		case d.impact == last && size < target:
			inHead[i] = true
			size += len(d.rest) + 2
		}
	}
	top, titles := 0.0, true
	for i, d := range docs {
		if !inHead[i] {
			top = max(top, d.impact)
			titles = titles && d.n != 0
		}
	}
	encode := func(want bool) []byte {
		var out []byte
		prevTid := -1
		for i := 0; i < len(docs); {
			j := i
			for j < len(docs) && docs[j].tid == docs[i].tid {
				j++
			}
			m := 0
			for k := i; k < j; k++ {
				if inHead[k] == want {
					m++
				}
			}
			if m > 0 {
				out = binary.AppendUvarint(out, uint64(docs[i].tid-prevTid))
				prevTid = docs[i].tid
				out = binary.AppendUvarint(out, uint64(m))
				prevN := uint64(0)
				for k := i; k < j; k++ {
					if inHead[k] == want {
						out = binary.AppendUvarint(out, docs[k].n-prevN)
						prevN = docs[k].n
						out = append(out, docs[k].rest...)
					}
				}
			}
			i = j
		}
		return out
	}
	s := split{head: encode(true)}
	if tail := encode(false); len(tail) > 0 {
		s.bound = uint64(math.Ceil(top*impactUnit)+1) << 1
		s.parts = partition(tail)
	}
	if titles {
		s.bound |= 1
	}
	return s
}
