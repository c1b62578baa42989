package i18n

import (
	"html/template"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/verbatim-archive/verbatim/themes"
)

// Builtin are the languages the default theme is translated into.
var Builtin = []string{"en", "ru", "fr", "de", "es", "ar"}

func builtin(t *testing.T) *Catalog {
	t.Helper()
	sub, err := fs.Sub(themes.Default, "default")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(Source{FS: sub, Dir: "themes/default"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fieldsOf lists the fields of every form of a phrase, sorted.
func fieldsOf(m *message) []string {
	seen := map[string]bool{}
	for _, segs := range m.forms {
		for _, s := range segs {
			if s.field != "" {
				seen[s.field] = true
			}
		}
	}
	var out []string
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// TestBuiltinFilesComplete holds every built-in translation to the English
// file: the same keys, the same fields in each phrase, and a form for each
// plural category the language's CLDR rules give.
func TestBuiltinFilesComplete(t *testing.T) {
	c := builtin(t)
	en := c.files["en"]
	for _, tag := range Builtin {
		t.Run(tag, func(t *testing.T) {
			l := c.Lang(tag)
			if len(l.missing) > 0 {
				t.Errorf("keys not translated: %v", l.missing)
			}
			if p := l.Problems(); len(p) > 0 {
				t.Errorf("problems: %v", p)
			}
			for k, m := range c.files[tag] {
				e, ok := en[k]
				if !ok {
					t.Errorf("%s: not a key of en.yaml", k)
					continue
				}
				if got, want := strings.Join(fieldsOf(m), ","), strings.Join(fieldsOf(e), ","); got != want {
					t.Errorf("%s: fields %q, English has %q", k, got, want)
				}
				if len(e.forms) > 1 {
					for _, form := range l.tr.PluralsCardinal() {
						name := [...]string{"", "zero", "one", "two", "few", "many", "other"}[form]
						if _, ok := m.forms[name]; !ok {
							t.Errorf("%s: no %q form", k, name)
						}
					}
				}
			}
		})
	}
}

func TestPluralsAndDates(t *testing.T) {
	c := builtin(t)
	day := time.Date(2021, 7, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		tag             string
		n1, n2, n5, n21 string
		date            string
		dir             string
	}{
		{"en", "1 turn", "2 turns", "5 turns", "21 turns", "7 July 2021", "ltr"},
		{"ru", "1 выступление", "2 выступления", "5 выступлений", "21 выступление", "7 июля 2021 г.", "ltr"},
		{"fr", "1 intervention", "2 interventions", "5 interventions", "21 interventions", "7 juillet 2021", "ltr"},
		{"de", "1 Wortbeitrag", "2 Wortbeiträge", "5 Wortbeiträge", "21 Wortbeiträge", "7. Juli 2021", "ltr"},
		{"es", "1 intervención", "2 intervenciones", "5 intervenciones", "21 intervenciones", "7 de julio de 2021", "ltr"},
		{"ar", "مداخلة واحدة", "مداخلتان", "5 مداخلات", "21 مداخلةً", "7 يوليو 2021", "rtl"},
	} {
		l := c.Lang(tc.tag)
		for n, want := range map[int]string{1: tc.n1, 2: tc.n2, 5: tc.n5, 21: tc.n21} {
			if got, _ := l.T("count_turns", n); got != want {
				t.Errorf("%s: %d turns: %q, want %q", tc.tag, n, got, want)
			}
		}
		if got := l.Date(day); got != tc.date {
			t.Errorf("%s: date %q, want %q", tc.tag, got, tc.date)
		}
		if l.Dir != tc.dir {
			t.Errorf("%s: dir %q, want %q", tc.tag, l.Dir, tc.dir)
		}
	}
	// Arabic's six forms.
	ar := c.Lang("ar")
	for n, want := range map[int]string{0: "لا مداخلات", 3: "3 مداخلات", 11: "11 مداخلةً", 100: "100 مداخلة", 102: "102 مداخلة"} {
		if got, _ := ar.T("count_turns", n); got != want {
			t.Errorf("ar: %d turns: %q, want %q", n, got, want)
		}
	}
}

func TestNumbers(t *testing.T) {
	c := builtin(t)
	for _, tc := range []struct {
		tag  string
		n    int
		want string
	}{
		{"en", 1412, "1,412"}, {"ru", 12345, "12\u00a0345"}, {"fr", 12345, "12\u202f345"}, {"de", 12345, "12.345"},
		{"es", 1234, "1234"}, {"es", 12345, "12.345"}, {"ar", 12345, "12,345"}, {"pl", 1234, "1234"}, {"xx", 12345, "12345"},
	} {
		if got := c.Lang(tc.tag).Number(tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.tag, tc.n, got, tc.want)
		}
	}
}

func TestDirection(t *testing.T) {
	c := builtin(t)
	for tag, want := range map[string]string{"ar": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl", "ar-EG": "rtl", "en": "ltr", "ru": "ltr", "az-Arab": "rtl", "ja": "ltr"} {
		if got := c.Lang(tag).Dir; got != want {
			t.Errorf("%s: %q, want %q", tag, got, want)
		}
	}
}

// TestSiteOverride: a site's file changes one phrase of a built-in
// language and keeps the rest; a language of the site's own falls back to
// English for the phrases it leaves out, and says so.
func TestSiteOverride(t *testing.T) {
	sub, _ := fs.Sub(themes.Default, "default")
	site := fstest.MapFS{
		"i18n/ru.yaml": {Data: []byte("speakers: Ораторы\n")},
		"i18n/pt.yaml": {Data: []byte("speakers: Oradores\ncount_turns:\n  one: \"{{ .Count }} intervenção\"\n  other: \"{{ .Count }} intervenções\"\n")},
	}
	c, err := Load(Source{FS: site, Dir: "themes/default"}, Source{FS: sub, Dir: "the built-in theme"})
	if err != nil {
		t.Fatal(err)
	}
	ru := c.Lang("ru")
	if got := ru.Text("speakers"); got != "Ораторы" {
		t.Errorf("ru speakers: %q", got)
	}
	if got := ru.Text("topics"); got != "Темы" {
		t.Errorf("ru topics: %q", got)
	}
	pt := c.Lang("pt-BR")
	if got := pt.Text("count_turns", 2); got != "2 intervenções" {
		t.Errorf("pt-BR: %q", got)
	}
	if got := pt.Text("topics"); got != "Topics" {
		t.Errorf("pt-BR topics: %q, want the English fallback", got)
	}
	p := pt.Problems()
	if len(p) != 1 || !strings.Contains(p[0], "themes/default/i18n/pt.yaml") || !strings.Contains(p[0], "show in English") {
		t.Errorf("problems: %q", p)
	}
	if p := c.Lang("ja").Problems(); len(p) != 1 || !strings.Contains(p[0], "no translation file") {
		t.Errorf("ja problems: %q", p)
	}
}

func TestPhraseErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"a: \"{{ .Count | printf }}\"\n", "t.yaml:1: a: {{ .Count | printf }}: only a field"},
		{"a:\n  one: x\n", "t.yaml:1: a: a phrase with plural forms needs its \"other\" form"},
		{"a:\n  single: x\n  other: y\n", "t.yaml:1: a: a phrase with plural forms maps"},
		{"- a\n", "t.yaml:1: a translation file is a mapping"},
	} {
		_, err := parseFile("t.yaml", []byte(tc.file))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.file, err, tc.want)
		}
	}
}

func TestHTMLPhrase(t *testing.T) {
	c := builtin(t)
	got, err := c.Lang("en").T("page_not_found_text_html", map[string]any{"Transcripts": "/t/?a=1&b=2", "Speakers": "/s/", "Topics": "/p/"})
	if err != nil {
		t.Fatal(err)
	}
	h, ok := got.(template.HTML)
	if !ok || !strings.Contains(string(h), `<a href="/t/?a=1&amp;b=2">list of transcripts</a>`) {
		t.Errorf("%T %q", got, got)
	}
	if _, err := c.Lang("en").T("page_of", map[string]any{"Number": 1}); err == nil || !strings.Contains(err.Error(), "{{ .Total }}") {
		t.Errorf("a missing field: %v", err)
	}
	if _, err := c.Lang("en").T("no_such_key"); err == nil {
		t.Error("an unknown key gave no error")
	}
}
