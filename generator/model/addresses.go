package model

import (
	"errors"
	"slices"
	"strconv"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/turnids"
)

// Addresses is what a transcript's record (package turnids) made of the
// numbers of its turns' addresses.
type Addresses struct {
	// Record is the record as this build leaves it.
	Record turnids.Record
	// Numbers are the turns' numbers in document order.
	Numbers []int
	// Removed are the addresses of turns an edit removed, where the page
	// keeps them.
	Removed []markdown.RemovedTurn
	// File names the record in messages; Recorded says it was there
	// before this build, and Changed that this build changes it (it
	// must be written, and committed).
	File     string
	Recorded bool
	Changed  bool
	// Adopted is the slug of the record this transcript took over, which
	// the build removes: the transcript was renamed (adoptRecords).
	Adopted string
	// Replaced counts the turns of its record, when this build continued
	// none of them: the transcript at this slug is another one now (a new
	// one took the slug of one renamed), and the old addresses lead to
	// other words.
	Replaced int
}

// record reads the turn record of t, nil if it has none.
func (s *Site) record(t *Transcript) (*turnids.Record, error) {
	rf, ok := s.records[t.Slug]
	if !ok {
		return nil, nil
	}
	t.Addresses.File, t.Addresses.Recorded = rf.Name, true
	r, err := turnids.Parse(rf.Data)
	if err != nil {
		var le *turnids.LineError
		if errors.As(err, &le) {
			return nil, diag.At(rf.Name, le.Line, "%s", le.Msg)
		}
		return nil, diag.At(rf.Name, 0, "%v", err)
	}
	return &r, nil
}

// number keeps the outcome of numbering t's turns.
func (t *Transcript) number(was []byte, n turnids.Numbered) {
	var changed bool
	if t.Addresses.Recorded {
		changed = string(n.Record.Format()) != string(was)
	} else {
		// A transcript without turns needs no record until it has some.
		changed = len(n.Record.Entries) > 0 || len(n.Record.Aliases) > 0
	}
	t.numbered(n, changed)
}

// numbered keeps the outcome of numbering t's turns, which changed its
// record or not.
func (t *Transcript) numbered(n turnids.Numbered, changed bool) {
	a := &t.Addresses
	a.Record, a.Numbers, a.Changed = n.Record, n.Numbers, changed
	a.Removed = nil
	for _, m := range n.Removed {
		a.Removed = append(a.Removed, markdown.RemovedTurn{N: m.N, At: m.At, Merged: m.Merged})
	}
	// The slugs the record remembers lead here; clipped, the list the
	// front matter gave is not shared with the decoded copy's.
	t.Aliases = slices.Clip(t.Aliases)
	for _, old := range n.Record.Aliases {
		if IsSlug(old) && old != t.Slug {
			t.Aliases = append(t.Aliases, Alias{Path: "transcripts/" + old + "/", Recorded: true})
		}
	}
}

// numbers are the numbers DocOptions gives the converter: nil when the
// turns are numbered 1 to n with nothing removed, as the converter numbers
// them itself.
func (t *Transcript) numbers() []int {
	ns := t.Addresses.Numbers
	plain := len(t.Addresses.Removed) == 0
	for i, n := range ns {
		plain = plain && n == i+1
	}
	if plain {
		return nil
	}
	return ns
}

// checkTurn says what is wrong with a link to turn n of t: a number never
// given, or a turn since removed, naming the turn it most likely meant.
func (t *Transcript) checkTurn(n int, frag string) string {
	for _, tu := range t.Turns {
		if tu.N == n {
			return ""
		}
	}
	r := t.Addresses.Record
	if e, ok := r.Find(n); ok && e.State != turnids.Live {
		lead := r.Leads(n)
		if e.State == turnids.Merged {
			return "" // its address leads to the turn that holds its words
		}
		msg := "link to turn " + frag + " of " + t.Slug + ", which was removed"
		if lead > 0 {
			msg += ": it most likely meant t" + strconv.Itoa(lead) + ", the turn that stood after it" + t.excerptOf(lead)
		}
		return msg
	}
	return "link to turn " + frag + " of " + t.Slug + ", which has " + turnCount(len(t.Turns))
}

// excerptOf names the speaker of turn n, and quotes its start where the
// build kept it, for a message.
func (t *Transcript) excerptOf(n int) string {
	for _, tu := range t.Turns {
		if tu.N != n {
			continue
		}
		if tu.Excerpt == "" {
			return " (" + tu.Speaker.Name + ")"
		}
		return " (" + tu.Speaker.Name + ": \"" + tu.Excerpt + "\")"
	}
	return ""
}
