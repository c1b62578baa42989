package render

import (
	"html/template"
	"strconv"
	"strings"
)

// Excerpts is the list items of an entry's turns, each linking to the turn
// in its transcript, as the theme's "appearance" partial shows them. The
// speaker pages show every turn of the archive, which makes this the most
// repeated piece of markup in a build: written here in Go it costs a tenth of the same in template
// actions, and each byte of its markup is one per turn of the archive, so
// it has no class or wrapper that CSS can do without (.excerpts a). A
// theme that wants other markup writes its own loop over .E.Turns instead.
func (v *View) Excerpts(e Entry) template.HTML {
	var b strings.Builder
	href := template.HTMLEscapeString(normalizeURL(v.Link(e.Transcript.Path))) + "#t"
	// Made about the right size at once: grown by doubling, the builder
	// was a tenth of what a build allocates.
	size := 0
	for _, tu := range e.Turns {
		size += 2*len(href) + 2*len(tu.Time) + len(tu.Excerpt) + 96
	}
	b.Grow(size)
	// The label's phrase is looked up once, its number and time marked
	// where they go, and filled in for each turn.
	label := splitMarks(v.Words.Text("turn_number", map[string]any{"Number": "\x00"}))
	labelAt := splitMarks(v.Words.Text("turn_number_at", map[string]any{"Number": "\x00", "Time": "\x01"}))
	for _, tu := range e.Turns {
		n := strconv.Itoa(tu.N)
		b.WriteString("\n    <li><a href=\"")
		b.WriteString(href)
		b.WriteString(n)
		b.WriteString("\" aria-label=\"")
		if tu.Time != "" {
			labelAt.fill(&b, n, template.HTMLEscapeString(tu.Time))
		} else {
			label.fill(&b, n)
		}
		b.WriteString("\">")
		if tu.Time != "" {
			b.WriteString(template.HTMLEscapeString(tu.Time))
		} else {
			b.WriteString("#" + n)
		}
		b.WriteString("</a> ")
		b.WriteString(template.HTMLEscapeString(tu.Excerpt))
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

// normalizeURL percent-encodes what may not stand in a URL as written, as
// html/template does for a URL in an attribute; the site's paths are made
// of slugs, so this rarely changes anything.
func normalizeURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
	}
	return b.String()
}

// marked is a phrase with the places of its fields, \x00 for the first,
// \x01 for the second, as splitMarks found them.
type marked []string

// splitMarks cuts a phrase at its marks: text (escaped for an attribute),
// mark, text… with each mark a one-byte string.
func splitMarks(s string) marked {
	var out marked
	for {
		i := strings.IndexAny(s, "\x00\x01")
		if i < 0 {
			return append(out, template.HTMLEscapeString(s))
		}
		out = append(out, template.HTMLEscapeString(s[:i]), s[i:i+1])
		s = s[i+1:]
	}
}

// fill writes the phrase with vals in the places of its marks.
func (m marked) fill(b *strings.Builder, vals ...string) {
	for i, p := range m {
		if i%2 == 1 && int(p[0]) < len(vals) {
			b.WriteString(vals[p[0]])
			continue
		}
		b.WriteString(p)
	}
}
