package render

import (
	"html/template"
	"strconv"
	"strings"
)

// Excerpts is the list items of an entry's turns, each linking to the turn
// in its transcript, as the theme's "appearance" partial shows them (the
// built-in speaker page writes its whole list with Appearances).
func (v *View) Excerpts(e Entry) template.HTML {
	var b markup
	size := 0
	for _, tu := range e.Turns {
		size += turnSize(e.Transcript.Path, tu)
	}
	b.Grow(size)
	b.turns(attrURL(v.Link(e.Transcript.Path)), e.Turns, true)
	return b.result()
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
