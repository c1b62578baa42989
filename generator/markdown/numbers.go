package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/util"
)

// RemovedTurn is the address of a turn that an edit removed: the page
// keeps an element with its id, so that a link to it still leads where its
// words stood (before the turn at position At, in document order from 0;
// after the last when At is the number of turns) or, Merged, into the turn
// at At that now holds them.
type RemovedTurn struct {
	N      int
	At     int
	Merged bool
}

// Renumber gives the document's turns the numbers of their addresses, in
// document order, and the removed turns' addresses their places. Numbers
// of another length than the turns are ignored: the turns keep 1 to n.
// The model numbers a transcript once it has parsed it (package turnids);
// a second parse is given the numbers in DocOptions.
func (d *Document) Renumber(numbers []int, removed []RemovedTurn) {
	if d.root == nil || len(numbers) != len(d.turns) {
		return
	}
	i := 0
	var last *turnNode
	for c := d.root.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*turnNode)
		if !ok {
			continue
		}
		t.n = numbers[i]
		d.turns[i].N = numbers[i]
		t.before, t.merged, t.after = nil, nil, nil
		for _, r := range removed {
			switch {
			case r.At == i && r.Merged:
				t.merged = append(t.merged, r.N)
			case r.At == i:
				t.before = append(t.before, r.N)
			}
		}
		last = t
		i++
	}
	if last != nil {
		for _, r := range removed {
			if r.At >= i {
				last.after = append(last.after, r.N)
			}
		}
	}
}

// writeRemoved writes the marks of removed turns' addresses: hidden until
// followed (the theme shows a turn-removed mark that is the :target), so
// that they need no script and take no room. label says what stood there,
// in the body's language (DocOptions.Words).
func writeRemoved(w util.BufWriter, ns []int, label string) {
	for _, n := range ns {
		_, _ = w.WriteString(`<p class="turn-removed" id="t` + strconv.Itoa(n) + `">`)
		writeEscaped(w, label)
		_, _ = w.WriteString("</p>\n")
	}
}
