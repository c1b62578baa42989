package search

import (
	"slices"
	"testing"
)

// TestInflectedForms: in each language built in, the inflected forms of a
// word are indexed under the term its query looks up (the query's stem,
// or the word as typed, which tokenize.js also looks for), accents and
// case folded.
func TestInflectedForms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang, query string
		forms       []string
	}{
		{"ru", "Лавров", []string{"Лаврова", "Лаврову", "Лавровым", "ЛАВРОВА"}},
		{"ru", "переговоры", []string{"переговоров", "переговорах", "переговорами"}},
		{"ru", "новый", []string{"нового", "новому", "новые"}},
		{"fr", "négociation", []string{"négociations", "negociations", "Négociation"}},
		{"fr", "accord", []string{"l'accord", "accords", "d’accord"}},
		{"de", "Verhandlung", []string{"Verhandlungen", "verhandlung"}},
		{"de", "Hafen", []string{"Häfen", "Hafens"}},
		{"es", "negociación", []string{"negociaciones", "negociacion"}},
		{"ar", "مؤتمر", []string{"المؤتمر", "بالمؤتمر", "للمؤتمر", "مؤتمرهم"}},
		{"ar", "وزير", []string{"الوزير", "للوزير"}},
	} {
		looks := []string{Term(c.query, c.lang), fold(c.query, false)}
		for _, f := range c.forms {
			if got := Term(f, c.lang); !slices.Contains(looks, got) {
				t.Errorf("%s: %s is indexed as %q, but the query %s looks for %q", c.lang, f, got, c.query, looks)
			}
		}
	}
}

func TestStemmer(t *testing.T) {
	t.Parallel()
	for tag, want := range map[string]string{"ru": "ru", "fr-CA": "fr", "de_AT": "de", "ES": "es", "ar-EG": "ar", "en": "", "ja": "", "": "", "russian": ""} {
		if got := Stemmer(tag); got != want {
			t.Errorf("Stemmer(%q) = %q, want %q", tag, got, want)
		}
	}
}

// TestMaxStop: no stop word is longer than maxStop, which term trusts to
// skip looking longer words up.
func TestMaxStop(t *testing.T) {
	for w := range stopWords {
		if len(w) > maxStop {
			t.Errorf("stop word %q is longer than maxStop, %d", w, maxStop)
		}
	}
}
