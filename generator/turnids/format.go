package turnids

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// header opens every record, for whoever finds it in the repository.
const header = "# turn addresses: commit with the transcript\n"

// Format writes a record: a line a turn, in document order, "N speaker
// words ends sketch…", a removed turn's number marked "-" (deleted) or "+"
// (merged into the turn above); then an "alias slug" line for each earlier
// slug. A line a turn keeps the diff of an edit as small as the edit, and
// two edits of different transcripts never touch one file.
func (r Record) Format() []byte {
	var b bytes.Buffer
	b.Grow(len(header) + 56*len(r.Entries))
	b.WriteString(header)
	for _, e := range r.Entries {
		switch e.State {
		case Deleted:
			b.WriteByte('-')
		case Merged:
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(e.N))
		b.WriteByte(' ')
		b.WriteString(e.Print.Speaker)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(e.Print.Words))
		fmt.Fprintf(&b, " %08x", e.Print.Ends)
		for _, h := range e.Print.Sketch {
			fmt.Fprintf(&b, " %04x", h)
		}
		b.WriteByte('\n')
	}
	for _, a := range r.Aliases {
		b.WriteString("alias " + a + "\n")
	}
	return b.Bytes()
}

// LineError is a line of a record that cannot be read.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return strconv.Itoa(e.Line) + ": " + e.Msg }

// Parse reads a record written by Format.
func Parse(data []byte) (Record, error) {
	var r Record
	seen := map[int]bool{}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		bad := func(msg string) error { return &LineError{Line: i + 1, Msg: msg} }
		// Each line a string of its own: the record kept holds the
		// little it needs, not the whole file.
		line := strings.TrimSpace(string(raw))
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "<<<<<<<") || strings.HasPrefix(line, "=======") || strings.HasPrefix(line, ">>>>>>>") {
			return r, bad("a merge conflict: keep the lines of either side (the transcript's own side), then build again")
		}
		if a, ok := strings.CutPrefix(line, "alias "); ok {
			r.Aliases = append(r.Aliases, strings.TrimSpace(a))
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || len(f) > 4+sketchSize {
			return r, bad("not a turn's line (number, speaker, words, ends, sketch)")
		}
		var e Entry
		num := f[0]
		switch num[0] {
		case '-':
			e.State, num = Deleted, num[1:]
		case '+':
			e.State, num = Merged, num[1:]
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 {
			return r, bad(fmt.Sprintf("%q is not a turn number", f[0]))
		}
		if seen[n] {
			// Two edits merged by git, each of which added a turn and
			// gave it the next number.
			return r, bad(fmt.Sprintf("turn %d is listed twice: delete the line of the turn whose address was not published yet (either, if neither was), then build again, which gives that turn a new number", n))
		}
		seen[n] = true
		e.N = n
		e.Print.Speaker = strings.Clone(f[1])
		if e.Print.Words, err = strconv.Atoi(f[2]); err != nil || e.Print.Words < 0 {
			return r, bad(fmt.Sprintf("%q is not a count of words", f[2]))
		}
		ends, err := strconv.ParseUint(f[3], 16, 32)
		if err != nil {
			return r, bad(fmt.Sprintf("%q is not a hash", f[3]))
		}
		e.Print.Ends = uint32(ends)
		for _, s := range f[4:] {
			h, err := strconv.ParseUint(s, 16, sketchBits)
			if err != nil {
				return r, bad(fmt.Sprintf("%q is not a hash", s))
			}
			e.Print.Sketch = append(e.Print.Sketch, uint32(h))
		}
		r.Entries = append(r.Entries, e)
	}
	return r, nil
}
