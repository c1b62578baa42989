package model

import (
	"slices"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/diag"
)

// pairTranslations links each transcript that names the transcript it
// translates (translation_of) to it. A translation names an original,
// not another translation, and both must say their language, each its
// own, or the pages could not tell readers which is which.
func (s *Site) pairTranslations() diag.List {
	var errs diag.List
	for _, t := range s.Transcripts {
		t.Original, t.Translations = nil, nil // a cached decode may carry the last build's
	}
	for _, t := range s.Transcripts {
		if t.TranslationOf == "" {
			continue
		}
		at := func(format string, args ...any) {
			errs = append(errs, diag.At(t.File, t.translationLine, "translation_of: "+format, args...))
		}
		o := s.BySlug[t.TranslationOf]
		switch {
		case o == nil:
			at("no transcript has the slug %q", t.TranslationOf)
		case o == t:
			at("%q is this transcript itself", t.TranslationOf)
		case o.TranslationOf != "":
			at("%q is itself a translation, of %q: name the original", t.TranslationOf, o.TranslationOf)
		case t.Language == "":
			at("a translation must say its language (language: ru)")
		case o.Lang == t.Language:
			at("%q is in %q too: a translation is in another language", t.TranslationOf, t.Language)
		default:
			t.Original = o
			o.Translations = append(o.Translations, t)
		}
	}
	for _, t := range s.Transcripts {
		slices.SortFunc(t.Translations, func(a, b *Transcript) int { return strings.Compare(a.Lang, b.Lang) })
	}
	return errs
}

// Versions are the transcript in every language the archive has it in:
// the original first, then its translations by language; nil for a
// transcript with no translation.
func (t *Transcript) Versions() []*Transcript {
	o := t
	if t.Original != nil {
		o = t.Original
	}
	if len(o.Translations) == 0 {
		return nil
	}
	return append([]*Transcript{o}, o.Translations...)
}

// alignTranslations warns of a translation whose turns do not follow its
// original's one for one, by the same speakers in the same order: the
// side-by-side view pairs turn N with turn N, so from the first turn
// where the two part, it would set words beside words they do not
// translate. The warning names that turn in both files.
func (s *Site) alignTranslations() diag.List {
	var out diag.List
	for _, t := range s.Transcripts {
		o := t.Original
		if o == nil {
			continue
		}
		n := min(len(t.Turns), len(o.Turns))
		i := 0
		for i < n && t.Turns[i].Speaker == o.Turns[i].Speaker {
			i++
		}
		switch {
		case i < n:
			a, b := t.Turns[i], o.Turns[i]
			out = append(out, diag.At(t.File, a.Line, "translation of %q: turn %d is %s's here and %s's in the original (%s:%d): the side-by-side view pairs the two from here on",
				o.Slug, i+1, a.Speaker.ID, b.Speaker.ID, o.File, b.Line))
		case len(t.Turns) > n:
			out = append(out, diag.At(t.File, t.Turns[n].Line, "translation of %q: %d turns here, %d in the original (%s): turn %d has nothing beside it",
				o.Slug, len(t.Turns), len(o.Turns), o.File, n+1))
		case len(o.Turns) > n:
			out = append(out, diag.At(t.File, t.translationLine, "translation of %q: %d turns here, %d in the original: its turn %d (%s:%d) has nothing beside it",
				o.Slug, len(t.Turns), len(o.Turns), n+1, o.File, o.Turns[n].Line))
		}
	}
	return out
}
