package importer

import (
	"regexp"
	"strings"
)

// layout is how a transcription tool writes the line that opens a turn: a
// name and a time, often on a line of their own with the words below.
// Such lines have no colon after the name, so the labels of the contract
// and of web pages (see splitLabel) never find them.
type layout struct {
	name string // as --format names it and the import reports it
	what string // what it looks like, for --dry-run
	// re matches a whole opening line; its groups are "name", "time" and,
	// where the words may follow on the same line, "rest".
	re *regexp.Regexp
}

// clockPattern is a time as the tools write it: m:ss, mm:ss or h:mm:ss,
// perhaps with fractions of a second.
const clockPattern = `(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)`

// layouts are the tools' layouts import knows, tried in this order when two
// find as many turns in a file.
var layouts = []layout{
	{"otter", `Otter.ai: "Name  0:07" on its own line, the words below`,
		regexp.MustCompile(`^(?P<name>[^\s*\[(].*?)[ \t\x{00a0}]+` + clockPattern + `$`)},
	{"rev", `Rev, Temi, Scribie, Happy Scribe: "Name (00:06):", the words below or after it`,
		regexp.MustCompile(`^(?P<name>[^\s*\[(][^()]*?)[ \t\x{00a0}]*\(` + clockPattern + `\):?(?:[ \t\x{00a0}]+(?P<rest>.*))?$`)},
	{"descript", `Descript: "**Name** [00:00:06] words"`,
		regexp.MustCompile(`^\*\*(?P<name>[^*]+?)\*\*[ \t\x{00a0}]*\[` + clockPattern + `\](?:[ \t\x{00a0}]+(?P<rest>.*))?$`)},
	{"bold-time", `"**Name** 0:06" on its own line, the words below`,
		regexp.MustCompile(`^\*\*(?P<name>[^*]+?)\*\*[ \t\x{00a0}]+` + clockPattern + `$`)},
}

// layoutNamed returns the layout --format names, if it names one.
func layoutNamed(name string) (*layout, bool) {
	for i := range layouts {
		if layouts[i].name == name {
			return &layouts[i], true
		}
	}
	return nil, false
}

// match reads a line that opens a turn in this layout.
func (ly *layout) match(s string) (opener, bool) {
	if !strings.ContainsRune(s, ':') {
		return opener{}, false // no time: the common case, made cheap
	}
	m := ly.re.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return opener{}, false
	}
	var o opener
	for i, g := range ly.re.SubexpNames() {
		switch g {
		case "name":
			o.name = strings.Join(strings.Fields(m[i]), " ")
		case "time":
			d, ok := parseClock(m[i])
			if !ok {
				return opener{}, false
			}
			o.at, o.timed = d, true
		case "rest":
			o.rest = strings.TrimSpace(m[i])
		}
	}
	if !nameLike(o.name) || notSpeakers[strings.ToLower(o.name)] {
		return opener{}, false
	}
	return o, true
}

// chooseLayout picks the tool's layout that opens more turns in the file
// than any other and than the labels of the contract do, and at least two:
// a transcript one such line in is written some other way. On a tie the
// labels, then the layout listed first, win.
func chooseLayout(lines []textLine, labelled int) *layout {
	var best *layout
	most := max(labelled, 1)
	for i := range layouts {
		n := 0
		for _, l := range lines {
			if _, ok := layouts[i].match(l.text); ok && !l.blank {
				n++
			}
		}
		if n > most {
			best, most = &layouts[i], n
		}
	}
	return best
}

// layoutNames lists the layouts' names for messages: "otter, rev, …".
func layoutNames() string {
	names := make([]string, len(layouts))
	for i, ly := range layouts {
		names[i] = ly.name
	}
	return strings.Join(names, ", ")
}

// FormatName is what import says it read: the format, and the tool's
// layout when a text was in one ("text, otter layout").
func (t *Transcript) FormatName() string {
	if t.Layout == "" {
		return string(t.Format)
	}
	return string(t.Format) + ", " + t.Layout + " layout"
}
