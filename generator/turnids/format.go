package turnids

import (
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
	b := make([]byte, 0, len(header)+80*len(r.Entries))
	b = append(b, header...)
	for _, e := range r.Entries {
		switch e.State {
		case Deleted:
			b = append(b, '-')
		case Merged:
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(e.N), 10)
		b = append(b, ' ')
		b = append(b, e.Print.Speaker...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(e.Print.Words), 10)
		b = appendHex(b, e.Print.Ends, 8)
		for _, h := range e.Print.Sketch {
			b = appendHex(b, h, 4)
		}
		b = append(b, '\n')
	}
	for _, a := range r.Aliases {
		b = append(b, "alias "+a+"\n"...)
	}
	return b
}

// appendHex appends a space and v in lower-case hex of at least width
// digits, as " %0*x" would: a build formats every record, and fmt was
// most of the time that took.
func appendHex(b []byte, v uint32, width int) []byte {
	var digits [8]byte
	hex := strconv.AppendUint(digits[:0], uint64(v), 16)
	b = append(b, ' ')
	for range width - len(hex) {
		b = append(b, '0')
	}
	return append(b, hex...)
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
	// The lines are read from one string; what the record keeps of them
	// (speakers, aliases) is cloned, so that it holds the little it needs,
	// not the whole file.
	i := 0
	for raw := range strings.SplitSeq(string(data), "\n") {
		i++
		bad := func(msg string) error { return &LineError{Line: i, Msg: msg} }
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "<<<<<<<") || strings.HasPrefix(line, "=======") || strings.HasPrefix(line, ">>>>>>>") {
			return r, bad("a merge conflict: keep the lines of either side (the transcript's own side), then build again")
		}
		if a, ok := strings.CutPrefix(line, "alias "); ok {
			r.Aliases = append(r.Aliases, strings.Clone(strings.TrimSpace(a)))
			continue
		}
		var fields [4 + sketchSize + 1]string // one more than a line may have
		nf := 0
		for w := range strings.FieldsSeq(line) {
			fields[nf] = w
			if nf++; nf == len(fields) {
				break
			}
		}
		f := fields[:nf]
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
		if len(f) > 4 {
			e.Print.Sketch = make([]uint32, 0, len(f)-4)
		}
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
