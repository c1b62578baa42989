package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
)

// isSpace says whether r separates words. Beyond Unicode's White_Space it
// counts the zero-width space and the byte-order mark, which text pasted from
// web pages carries where the author saw nothing.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// isNormalLabel spares NormalizeLabel an allocation for the usual label,
// which is already normal.
func isNormalLabel(s string) bool {
	prevSpace := true // a leading space is not normal
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		if c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' {
			return false
		}
		prevSpace = false
	}
	return len(s) == 0 || !prevSpace
}

// inlineText appends the plain text of n's inline children: the words a
// reader sees, without note marks, raw HTML or images.
func inlineText(b *bytes.Buffer, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			writePlain(b, c.Value(src))
			if c.HardLineBreak() {
				b.WriteByte('\n')
			} else if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Value(src))
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML, *ast.Image, *sidenote, *noteBack,
			*east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
		default:
			inlineText(b, c, src)
		}
	}
}

// writePlain appends the text that Markdown source stands for: backslash
// escapes and character references resolved as goldmark's renderer resolves
// them, which the source rarely holds, so that usually costs nothing.
func writePlain(b *bytes.Buffer, v []byte) {
	if !bytes.ContainsAny(v, "\\&") {
		b.Write(v)
		return
	}
	var escaped strings.Builder
	w := bufio.NewWriter(&escaped)
	html.DefaultWriter.Write(w, v)
	_ = w.Flush()
	b.WriteString(stdhtml.UnescapeString(escaped.String()))
}

// blockText gathers the plain text of blocks, one paragraph a unit, units
// joined by a blank line, leaving out editor's notes and raw HTML, which are
// not words spoken. Its buffers are kept from one use to the next (Reset):
// every turn of a transcript is gathered in the same two.
type blockText struct {
	src  []byte
	out  []byte
	unit bytes.Buffer
}

// Reset empties the text gathered, keeping the room it took.
func (t *blockText) Reset() { t.out = t.out[:0] }

func (t *blockText) add(s []byte) {
	if !squashed(s) {
		s = appendSquashed(nil, s)
	}
	if len(s) == 0 {
		return
	}
	if len(t.out) > 0 {
		t.out = append(t.out, "\n\n"...)
	}
	t.out = append(t.out, s...)
}

func (t *blockText) block(n ast.Node) {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		t.unit.Reset()
		inlineText(&t.unit, n, t.src)
		t.add(t.unit.Bytes())
	case ast.KindCodeBlock, ast.KindFencedCodeBlock:
		t.unit.Reset()
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			t.unit.Write(seg.Value(t.src))
		}
		t.add(t.unit.Bytes())
	case east.KindTableHeader, east.KindTableRow:
		t.unit.Reset()
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t.unit.Len() > 0 {
				t.unit.WriteByte(' ')
			}
			inlineText(&t.unit, c, t.src)
		}
		t.add(t.unit.Bytes())
	case ast.KindHTMLBlock, ast.KindThematicBreak, ast.KindLinkReferenceDefinition, kindEditorNote:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t.block(c)
		}
	}
}

// squash folds each run of spaces to one space and trims every line, so that
// the no-break spaces and double spaces of pasted text do not reach an index.
// Most text is squashed already and comes back as it is.
func squash(s string) string {
	if squashed([]byte(s)) {
		return s
	}
	return string(appendSquashed(nil, []byte(s)))
}

// appendSquashed appends s squashed (see squash) to dst. The text of a
// transcript's turns is gathered and squashed as bytes, in buffers kept
// from one paragraph to the next, rather than in a string a paragraph.
func appendSquashed(dst, s []byte) []byte {
	first := len(dst)
	space, newline := false, false
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(s[i:])
		}
		switch {
		case r == '\n':
			newline = len(dst) > first
			space = false
		case isSpace(r):
			space = len(dst) > first && !newline
		default:
			if newline {
				dst = append(dst, '\n')
			} else if space {
				dst = append(dst, ' ')
			}
			space, newline = false, false
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, r) // an invalid byte becomes U+FFFD, as in a string range
			} else {
				dst = append(dst, s[i:i+size]...)
			}
		}
		i += size
	}
	return dst
}

// squashed reports whether squash would return s unchanged: no space at
// either end, and no space but a lone ' ' or '\n' between words.
func squashed(s []byte) bool {
	prevSpace := true // a leading space is not squashed
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\n' {
				if prevSpace {
					return false
				}
				prevSpace = true
				continue
			}
			if asciiSpace[c] {
				return false
			}
			prevSpace = false
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if isSpace(r) || r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
		prevSpace = false
	}
	return len(s) == 0 || !prevSpace
}

// asciiSpace is isSpace for one byte below utf8.RuneSelf.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// countWords counts the runs of text that hold a letter or a digit, so that a
// dash standing between spaces is not a word.
func countWords(s []byte) int {
	n := 0
	counted := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case asciiSpace[c]:
				counted = false
			case !counted && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'):
				n++
				counted = true
			}
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		i += size
		if isSpace(r) {
			counted = false
			continue
		}
		if !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			counted = true
		}
	}
	return n
}
