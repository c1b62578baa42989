package search

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestSplitHead cuts random postings into a head and a tail at several
// sizes and checks the cut: every document once, on one side; every title
// document in the head; no turn of the tail weighing more than one of the
// head, nor as much and coming before it; no turn in a head of target 0,
// and every turn in one larger than the postings; and a tail bound no
// lower than any tail document's impact.
func TestSplitHead(t *testing.T) {
	t.Parallel()
	type doc struct {
		tid    int
		n      uint64
		impact float64
	}
	r := rand.New(rand.NewPCG(3, 4))
	var buf []byte
	var docs []doc
	const avglen = 40
	prev := -1
	for tid := 0; tid < 600; tid++ {
		if r.IntN(3) == 0 {
			continue
		}
		m := 1 + r.IntN(6)
		buf = binary.AppendUvarint(buf, uint64(tid-prev))
		prev = tid
		buf = binary.AppendUvarint(buf, uint64(m))
		n := uint64(0)
		for k := range m {
			step := uint64(1 + r.IntN(4))
			if k == 0 && r.IntN(4) == 0 {
				step = 0 // the title document
			}
			buf = binary.AppendUvarint(buf, step)
			n += step
			length, tf := byte(1+r.IntN(40)), uint64(1+r.IntN(3))
			buf = binary.AppendUvarint(buf, uint64(r.IntN(70)))
			buf = append(buf, length)
			buf = binary.AppendUvarint(buf, tf)
			for range tf {
				buf = binary.AppendUvarint(buf, uint64(1+r.IntN(30)))
			}
			docs = append(docs, doc{tid, n, impact(tf, length, n, avglen)})
		}
	}
	type key struct {
		tid int
		n   uint64
	}
	read := func(b []byte, side map[key]bool, name string) {
		eachPosting(b, func(p rawPosting) {
			k := key{p.tid, p.n}
			if side[k] {
				t.Errorf("%s: %v twice", name, k)
			}
			side[k] = true
		})
	}
	for _, target := range []int{0, 300, 3000, 20000, len(buf) * 2} {
		s := splitHead(buf, avglen, target)
		head, tail := map[key]bool{}, map[key]bool{}
		read(s.head, head, "head")
		inParts := map[key]bool{}
		for _, pt := range s.parts {
			// Per bucket of speakers: its length, then its postings.
			pr := reader{b: pt.data}
			for pr.i < len(pr.b) && !pr.err {
				n := int(pr.uvarint())
				read(pr.b[pr.i:pr.i+n], inParts, "tail")
				pr.i += n
			}
		}
		turns := 0 // in the head
		maxTail := 0.0
		for _, d := range docs {
			k := key{d.tid, d.n}
			if !head[k] {
				tail[k] = true
				maxTail = max(maxTail, d.impact)
				if d.n == 0 {
					t.Errorf("target %d: title document %v not in the head", target, k)
				}
			} else if d.n != 0 {
				turns++
			}
		}
		if len(head)+len(tail) != len(docs) {
			t.Errorf("target %d: %d in the head, %d in the tail, of %d", target, len(head), len(tail), len(docs))
		}
		if len(inParts) != len(tail) {
			t.Errorf("target %d: %d documents in the parts, %d in the tail", target, len(inParts), len(tail))
		}
		for k := range inParts {
			if !tail[k] {
				t.Errorf("target %d: %v in the parts and in the head", target, k)
			}
		}
		if target == 0 && turns > 0 || target > len(buf) && len(tail) > 0 {
			t.Errorf("target %d: %d turns in the head, %d documents in the tail", target, turns, len(tail))
		}
		for i, h := range docs {
			if !head[key{h.tid, h.n}] || h.n == 0 {
				continue
			}
			for j, d := range docs {
				if tail[key{d.tid, d.n}] && (d.impact > h.impact || d.impact == h.impact && j < i) {
					t.Fatalf("target %d: %v (impact %.3f) in the tail, %v (%.3f) in the head", target, d, d.impact, h, h.impact)
				}
			}
		}
		if len(tail) > 0 {
			if got := float64(s.bound>>1) / impactUnit; got < maxTail {
				t.Errorf("target %d: bound %.4f below the tail's %.4f", target, got, maxTail)
			}
		}
		if s.bound&1 == 0 {
			t.Errorf("target %d: the bound does not say every title document is in the head", target)
		}
	}
}
