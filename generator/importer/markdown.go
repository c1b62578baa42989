package importer

import (
	"bytes"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// Markdown writes the transcript as the contract has it: YAML front matter
// with title, date, location and speakers, the preamble, then one
// "[hh:mm:ss] **Name:**" labelled paragraph a turn, and the turn's other
// paragraphs after it. The same transcript always gives the same bytes.
func (t *Transcript) Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(t.frontMatter())
	b.WriteString("---\n")

	names := map[string]string{}
	var labels []string
	for _, sp := range t.Speakers {
		names[sp.ID] = sp.Label()
		if sp.Name != "" {
			labels = append(labels, sp.Name)
		}
		labels = append(labels, sp.Aliases...)
	}
	para := func(s string) {
		b.WriteString("\n")
		b.WriteString(guardLabel(escapeMarkdown(s), labels))
		b.WriteString("\n")
	}
	for _, p := range t.Preamble {
		para(p)
	}
	for _, tu := range t.Turns {
		b.WriteString("\n")
		if tu.Timed && tu.Start < maxClock {
			b.WriteString("[" + formatClock(tu.Start) + "] ")
		}
		b.WriteString(markdownLabel(names[tu.Speaker]))
		if len(tu.Paragraphs) == 0 {
			b.WriteString("\n")
			continue
		}
		b.WriteString(" ")
		b.WriteString(escapeMarkdown(tu.Paragraphs[0]))
		b.WriteString("\n")
		for _, p := range tu.Paragraphs[1:] {
			para(p)
		}
	}
	return b.Bytes()
}

// maxClock is the first time a timestamp cannot show: the contract's
// [hh:mm:ss] has two digits for the hours.
const maxClock = 100 * time.Hour

// markdownLabel writes a label in bold, as the contract's examples do, or
// plain when the name itself holds asterisks.
func markdownLabel(name string) string {
	if strings.Contains(name, "*") {
		return name + ":"
	}
	return "**" + name + ":**"
}

func (t *Transcript) frontMatter() []byte {
	plain := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	doc := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k string, v *yaml.Node) { doc.Content = append(doc.Content, plain(k), v) }
	add("title", str(t.Title))
	add("date", plain(t.Date))
	if t.Location != "" {
		add("location", str(t.Location))
	}
	if t.Source != "" {
		add("source", str(t.Source))
	}
	for _, f := range t.Kept {
		v := &yaml.Node{}
		// Values decoded from YAML or TOML encode back.
		_ = v.Encode(f.Value)
		add(f.Key, v)
	}
	speakers := &yaml.Node{Kind: yaml.SequenceNode}
	if len(t.Speakers) == 0 {
		speakers.Style = yaml.FlowStyle
	}
	for _, sp := range t.Speakers {
		m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		m.Content = append(m.Content, plain("id"), str(sp.ID))
		if sp.Name != "" {
			m.Content = append(m.Content, plain("name"), str(sp.Name))
		}
		if sp.Role != "" {
			m.Content = append(m.Content, plain("role"), str(sp.Role))
		}
		if len(sp.Aliases) > 0 {
			al := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			for _, a := range sp.Aliases {
				al.Content = append(al.Content, str(a))
			}
			m.Content = append(m.Content, plain("aliases"), al)
		}
		speakers.Content = append(speakers.Content, m)
	}
	add("speakers", speakers)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	// Encoding nodes built here from strings cannot fail.
	_ = enc.Encode(doc)
	_ = enc.Close()
	return b.Bytes()
}

// escapeMarkdown makes plain text read back as the same plain text: the
// characters that would start emphasis, links, code, HTML, footnotes,
// cross-links or strikethrough anywhere, and block syntax at the start of
// the paragraph (headings, quotes and alerts, lists, thematic breaks,
// fences), are escaped with a backslash.
func escapeMarkdown(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '~':
			b.WriteByte('\\')
		case '&':
			if entityAt(s[i+1:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" {
		return out
	}
	switch out[0] {
	case '#', '+', '-', '=', '>':
		return "\\" + out
	}
	// "1986. That year" would be an ordered list.
	j := 0
	for j < len(out) && j < 10 && out[j] >= '0' && out[j] <= '9' {
		j++
	}
	if j > 0 && j < len(out) && (out[j] == '.' || out[j] == ')') && (j+1 == len(out) || out[j+1] == ' ' || out[j+1] == '\t') {
		return out[:j] + "\\" + out[j:]
	}
	return out
}

// entityAt says whether "&"+s starts a character reference, which Markdown
// would turn into the character.
func entityAt(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r == ';':
			return n > 0
		case r == '#' && n == 0, r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
			if n > 32 {
				return false
			}
		default:
			return false
		}
	}
	return false
}

// guardLabel keeps a paragraph that is not a turn's first from being read
// as a label: when it starts with a speaker's name and a colon, the colon is
// escaped.
func guardLabel(s string, labels []string) string {
	for _, l := range labels {
		if l == "" || !strings.HasPrefix(s, l) {
			continue
		}
		rest := s[len(l):]
		if strings.HasPrefix(rest, ":") {
			r, _ := utf8.DecodeRuneInString(rest[1:])
			if len(rest) == 1 || unicode.IsSpace(r) {
				return s[:len(l)] + "\\" + rest
			}
		}
	}
	return s
}

// makeSlug names the file: the date (when the input gave one) and the
// title's words, or the input file's own name when the title was made from
// it.
func makeSlug(title, date, base string, fromName bool) string {
	if fromName {
		if s := model.Slugify(base); s != "" {
			return s
		}
	}
	s := model.Slugify(title)
	const maxLen = 60
	if len(s) > maxLen {
		s = s[:maxLen]
		if i := strings.LastIndexByte(s, '-'); i > maxLen/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	switch {
	case s == "" && date == "":
		return "transcript"
	case s == "":
		return date
	case date == "" || strings.Contains(s, date):
		return s
	}
	return date + "-" + s
}

// titleFromName makes a title of a file's name: "podnews_daily_2024-01-25"
// is "Podnews daily 2024-01-25".
func titleFromName(base string) string {
	// Dates keep their hyphens; other hyphens and underscores are spaces.
	s := isoDateRE.ReplaceAllStringFunc(strings.ReplaceAll(base, "_", " "), func(d string) string { return strings.ReplaceAll(d, "-", "\x00") })
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' || unicode.IsSpace(r) }), " ")
	s = strings.ReplaceAll(s, "\x00", "-")
	if s == "" {
		return "Untitled"
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
