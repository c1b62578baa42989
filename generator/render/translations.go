package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// SideBySide is the address of the page that sets a translation beside
// its original, under the translation's own: each translation has one
// original, so each pair has one page.
const SideBySide = "side-by-side/"

// LangName is a language's name in that language, as a reader of it
// looks for it in a list of languages: "Русский", "Français", "العربية".
// An unknown tag is shown as written.
func LangName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	name := display.Self.Name(t)
	if name == "" {
		return tag
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// LangDir is the direction a language is written in: "rtl" for the
// scripts written from right to left, else "ltr".
func LangDir(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "ltr"
	}
	if s, _ := t.Script(); s.String() == "Arab" || s.String() == "Hebr" || s.String() == "Thaa" || s.String() == "Syrc" || s.String() == "Nkoo" {
		return "rtl"
	}
	return "ltr"
}

// Pair is one row of the side-by-side view: turn N of the original beside
// turn N of the translation. Either may be missing where the two have
// not as many turns.
type Pair struct {
	Speaker     *model.Speaker // of the original's turn, else the translation's
	Original    *markdown.Turn
	Translation *markdown.Turn
}

// sideBySide renders the side-by-side view of the translation t.
func (r *renderer) sideBySide(t *model.Transcript) error {
	o := t.Original
	a, err := r.turnsOf(o)
	if err != nil {
		return err
	}
	b, err := r.turnsOf(t)
	if err != nil {
		return err
	}
	v := r.view("sidebyside", o.Title+" · "+t.Title, t.Path+SideBySide)
	v.Transcript, v.Original = t, o
	for i := 0; i < max(len(a), len(b)); i++ {
		var p Pair
		if i < len(a) {
			p.Original = &a[i]
			p.Speaker = r.site.SpeakerBy[a[i].Speaker]
		}
		if i < len(b) {
			p.Translation = &b[i]
			if p.Speaker == nil {
				p.Speaker = r.site.SpeakerBy[b[i].Speaker]
			}
		}
		v.Pairs = append(v.Pairs, p)
	}
	return r.html("sidebyside", v)
}

// turnsOf parses a transcript's body for the words of its turns.
func (r *renderer) turnsOf(t *model.Transcript) ([]markdown.Turn, error) {
	_, doc, err := r.markdown(t.Body, t.DocOptions())
	if err != nil {
		return nil, err
	}
	turns := doc.Turns()
	if len(turns) != len(t.Turns) {
		return nil, fmt.Errorf("%s: its turns changed while the site was being built: build again", t.File)
	}
	return turns, nil
}

// Paragraphs splits a turn's text into its paragraphs.
func Paragraphs(text string) []string { return strings.Split(text, "\n\n") }
