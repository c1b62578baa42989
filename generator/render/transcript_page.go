package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// Href is the shorter of two links to the site-relative path rel that
// both work wherever the site is published: from the site's root (Link),
// or relative to the page, as "../other-slug/" from one transcript to
// another. The partials every page of a kind shares (View.Shared) keep to
// Link, as they are the same at every depth.
func (v *View) Href(rel string) string {
	abs := v.Link(rel)
	if r := relative(v.Path, rel); len(r) < len(abs) {
		return r
	}
	return abs
}

// relative is the reference from the page at the site-relative directory
// from ("transcripts/a/") to the site-relative path to.
func relative(from, to string) string {
	common := 0
	for i := 0; i < len(from) && i < len(to) && from[i] == to[i]; i++ {
		if from[i] == '/' {
			common = i + 1
		}
	}
	up := strings.Repeat("../", strings.Count(from[common:], "/"))
	rest := model.EscapePath(to[common:])
	switch {
	case rest == "" && up == "":
		return "./"
	case up == "":
		// "a:b/" would read as a scheme.
		if first, _, _ := strings.Cut(rest, "/"); strings.Contains(first, ":") {
			return "./" + rest
		}
	}
	return up + rest
}

// TranscriptLinks are the items of a list of other transcripts on a
// transcript's page (those that link to it, those related to it): the
// title linked, then the date, with no element of its own (the stylesheet
// sets the item's text apart from its link). Like the lists of lists.go,
// they are written here rather than in the template, which spent more
// time on them than on the rest of the page.
func (v *View) TranscriptLinks(ts []*model.Transcript) template.HTML {
	var b markup
	for _, t := range ts {
		b.WriteString("<li>")
		b.link("", v.Href(t.Path))
		b.text(t.Title)
		b.WriteString("</a> ")
		b.text(v.Words.Date(t.Date))
		b.WriteString("</li>")
	}
	return b.result()
}

// CitationAuthors are the transcript's speakers as the citation_author
// tags that reference managers read, one a line.
func (v *View) CitationAuthors() template.HTML {
	var b markup
	for _, a := range v.Transcript.Speakers {
		b.WriteString("\n<meta name=\"citation_author\" content=\"")
		b.text(a.Speaker.Name)
		b.WriteString(`">`)
	}
	return b.result()
}

// SpeakerColours is the style element that gives each speaker of the
// transcript their colour wherever their id is the data-speaker: the
// header's list, every turn, the mini header.
func (v *View) SpeakerColours() template.HTML {
	if len(v.Transcript.Speakers) == 0 {
		return ""
	}
	var b markup
	b.WriteString("\n<style>")
	for _, a := range v.Transcript.Speakers {
		b.WriteString(`[data-speaker="`)
		b.WriteString(cssString(a.Speaker.ID))
		b.WriteString(`"]{--sc:var(--s`)
		b.WriteString(strconv.Itoa(v.Colour(a.Speaker.ID)))
		b.WriteString(`)}`)
	}
	b.WriteString("</style>")
	return b.result()
}

// cssString escapes s for a double-quoted CSS string inside a style
// element: all but letters, digits, "-" and "_" as hexadecimal escapes,
// so that neither a quote nor "</style" can end it.
func cssString(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r >= 0x80 {
			b.WriteRune(r)
			continue
		}
		b.WriteString(`\` + strconv.FormatInt(int64(r), 16) + ` `)
	}
	return b.String()
}

// SpeakerItems are the list items of the transcript's speakers in its
// header: the name, in the speaker's colour, linked to their page, and
// their role in this transcript in brackets, which the stylesheet sets
// apart from the link without an element of its own.
func (v *View) SpeakerItems() template.HTML {
	var b markup
	for _, a := range v.Transcript.Speakers {
		b.WriteString(`<li data-speaker="`)
		b.text(a.Speaker.ID)
		b.WriteString(`">`)
		b.link("", v.Href(a.Speaker.Path))
		b.text(a.Speaker.Name)
		b.WriteString("</a>")
		if a.Role != "" {
			b.WriteString(" (")
			b.text(a.Role)
			b.WriteString(")")
		}
		b.WriteString("</li>")
	}
	return b.result()
}

// TopicItems are the list items of the transcript's topics, linked.
func (v *View) TopicItems() template.HTML {
	var b markup
	for _, tp := range v.Transcript.Topics {
		b.WriteString("<li>")
		b.link("", v.Href(tp.Path))
		b.text(tp.Title)
		b.WriteString("</a></li>")
	}
	return b.result()
}
