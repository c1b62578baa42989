package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// spliceByReading is splice as it was before marks: it reads every group.
// It is the reference TestSpliceMarks holds splice to, kept as it was
// (its own walk of the runs included) so that it shares no code with it.
func spliceByReading(old []byte, gone map[int]bool, add []group) ([]byte, int32, error) {
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

// TestSpliceMarks holds splice, which jumps by marks, to the splice that
// reads every group, on random postings and marks over chains of
// splices, and checks every mark it gives.
func TestSpliceMarks(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	run := func() []byte {
		docs := 1 + r.IntN(3)
		b := binary.AppendUvarint(nil, uint64(docs))
		for range docs {
			b = binary.AppendUvarint(b, uint64(r.IntN(5))) // n
			b = binary.AppendUvarint(b, uint64(r.IntN(4))) // speaker
			b = append(b, byte(r.IntN(200)))               // length
			np := 1 + r.IntN(3)
			b = binary.AppendUvarint(b, uint64(np))
			for range np {
				b = binary.AppendUvarint(b, uint64(r.IntN(300)))
			}
		}
		return b
	}
	for iter := range 3000 {
		n := 1 + r.IntN(120) // transcripts
		var old []byte
		var marks []mark
		last, groups, every, density := -1, 0, 1+r.IntN(20), 0.2+0.8*r.Float64()
		for tid := range n {
			if r.Float64() >= density {
				continue
			}
			if groups%every == 0 {
				marks = append(marks, mark{tid: int32(tid), prev: int32(last), off: int32(len(old))})
			}
			groups++
			old = binary.AppendUvarint(old, uint64(tid-last))
			last = tid
			old = append(old, run()...)
		}
		_, docs, err := spliceByReading(old, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for step := range 4 {
			var at []int
			var add []group
			gone := map[int]bool{}
			for tid := range n {
				if r.IntN(n) < 3 {
					at = append(at, tid)
					gone[tid] = true
					if r.IntN(2) == 0 {
						add = append(add, group{tid: tid, run: run()})
					}
				}
			}
			want, wantDocs, err := spliceByReading(old, gone, slices.Clone(add))
			if err != nil {
				t.Fatal(err)
			}
			got, nm, delta, err := splice(old, marks, at, slices.Clone(add))
			if err != nil {
				t.Fatalf("case %d, splice %d: %v", iter, step, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("case %d, splice %d: postings differ from reading every group", iter, step)
			}
			if docs+delta != wantDocs {
				t.Fatalf("case %d, splice %d: %d documents, want %d", iter, step, docs+delta, wantDocs)
			}
			checkMarks(t, got, nm)
			old, marks, docs = got, nm, wantDocs
		}
	}
}

// checkMarks checks that each mark is at the start of a group of its
// transcript, after the group of its prev, in order.
func checkMarks(t *testing.T, post []byte, marks []mark) {
	t.Helper()
	rd := reader{b: post}
	tid, k := -1, 0
	for rd.i < len(post) && k < len(marks) {
		start, prev := rd.i, tid
		tid += int(rd.uvarint())
		if start == int(marks[k].off) {
			if m := marks[k]; int(m.tid) != tid || int(m.prev) != prev {
				t.Fatalf("mark %+v is at transcript %d after %d", m, tid, prev)
			}
			k++
		} else if start > int(marks[k].off) {
			t.Fatalf("mark %+v is not at the start of a group, or out of order", marks[k])
		}
		rd.skipRun()
	}
	if k < len(marks) {
		t.Fatalf("mark %+v is past the postings", marks[k])
	}
}
