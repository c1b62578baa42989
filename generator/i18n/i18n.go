// Package i18n holds the words of a theme in each language, from its
// translation files (i18n/<language>.yaml or .toml, Hugo's layout), and a
// language's ways of writing counts, numbers and dates, from CLDR data: the
// plural category of a count, grouping separators, long dates, and which
// way its script runs.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gohugoio/locales"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Fallback is the language of the phrases a translation leaves out: the
// built-in theme's English file lists every key.
const Fallback = "en"

// Source is a layer of translation files: the i18n/ folder of a theme.
type Source struct {
	FS  fs.FS  // holds i18n/; may be nil
	Dir string // the folder as messages name it: "themes/default"
}

// Catalog is the phrases of every language a theme has a file for, a
// site's files laid over the built-in theme's key by key.
type Catalog struct {
	files map[string]map[string]*message // by language tag in lower case
	names map[string][]string            // the files of each language, for messages
	mu    sync.Mutex
	langs map[string]*Language
}

// Load reads the translation files of the layers, the first over the
// ones after it: a site's file with one phrase changes that phrase and
// keeps the others of the built-in file of its language.
func Load(layers ...Source) (*Catalog, error) {
	c := &Catalog{files: map[string]map[string]*message{}, names: map[string][]string{}, langs: map[string]*Language{}}
	for i := len(layers) - 1; i >= 0; i-- {
		l := layers[i]
		if l.FS == nil {
			continue
		}
		entries, err := fs.ReadDir(l.FS, "i18n")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			ext := path.Ext(e.Name())
			if e.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".toml") {
				continue
			}
			name := path.Join(l.Dir, "i18n", e.Name())
			data, err := fs.ReadFile(l.FS, "i18n/"+e.Name())
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			msgs, err := parseFile(name, data)
			if err != nil {
				return nil, err
			}
			tag := strings.ToLower(strings.TrimSuffix(e.Name(), ext))
			if c.files[tag] == nil {
				c.files[tag] = map[string]*message{}
			}
			for k, m := range msgs {
				c.files[tag][k] = m
			}
			c.names[tag] = append([]string{name}, c.names[tag]...)
		}
	}
	if c.files[Fallback] == nil {
		return nil, fmt.Errorf("the theme has no i18n/%s.yaml, the file every other language falls back to", Fallback)
	}
	return c, nil
}

// Language is one language's phrases and ways of writing.
type Language struct {
	Tag string // as the site or the transcript gives it: "ru", "pt-BR"
	// Dir is "rtl" for a language written right to left, else "ltr".
	Dir     string
	msgs    map[string]*message
	files   []string // the translation files of the language, for messages
	missing []string // keys of the fallback its files leave out
	loc     locale
	tr      locales.Translator // nil when the generator has no CLDR data for it
	xtag    language.Tag
}

// Lang is the language tag (BCP 47: "ru", "pt-BR") with its phrases: those
// of its own file, else of its base language's ("pt" for "pt-BR"), else
// English.
func (c *Catalog) Lang(tag string) *Language {
	if tag == "" {
		tag = Fallback
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.langs[tag]; ok {
		return l
	}
	l := &Language{Tag: tag, msgs: map[string]*message{}, xtag: language.Make(tag)}
	for _, t := range append(fallbacks(tag), Fallback) {
		for k, m := range c.files[t] {
			if _, ok := l.msgs[k]; !ok {
				l.msgs[k] = m
				if t == Fallback && len(l.files) > 0 && !isEnglish(tag) {
					l.missing = append(l.missing, k)
				}
			}
		}
		if t != Fallback || isEnglish(tag) {
			l.files = append(l.files, c.names[t]...)
		}
	}
	sort.Strings(l.missing)
	if loc, _, ok := findLocale(tag); ok {
		l.loc, l.tr = loc, loc.make()
	}
	l.Dir = direction(l.xtag)
	c.langs[tag] = l
	return l
}

func isEnglish(tag string) bool {
	f := fallbacks(tag)
	return f[len(f)-1] == Fallback
}

// Problems says what of the language's words are not its own: no file for
// it, so every phrase is English, or the keys its file leaves out, and no
// CLDR data, so its dates are written 2021-07-07.
func (l *Language) Problems() []string {
	var out []string
	switch {
	case len(l.files) == 0:
		out = append(out, fmt.Sprintf("language %q: no translation file (i18n/%s.yaml in the theme), so the theme's words are in English", l.Tag, strings.ToLower(l.Tag)))
	case len(l.missing) > 0:
		keys := l.missing
		more := ""
		if len(keys) > 5 {
			keys, more = keys[:5], fmt.Sprintf(" and %d more", len(l.missing)-5)
		}
		out = append(out, fmt.Sprintf("%s: %d phrases are not translated and show in English: %s%s", strings.Join(l.files, ", "), len(l.missing), strings.Join(keys, ", "), more))
	}
	if l.tr == nil {
		out = append(out, fmt.Sprintf("language %q: the generator has no CLDR data for its dates and numbers, so dates are written 2021-07-07", l.Tag))
	}
	return out
}

// T is the phrase key in the language, its fields filled from arg: a
// number (the count, which chooses the plural form, and {{ .Count }} or
// {{ . }}), or a map of fields (dict "Count" 3 "Name" "x"). Numbers are
// written with the language's digits and separators, times as its long
// date. A key ending in "_html" gives markup (template.HTML) with its
// fields escaped; any other key gives text, which html/template escapes.
func (l *Language) T(key string, arg ...any) (any, error) {
	m, ok := l.msgs[key]
	if !ok {
		return nil, fmt.Errorf("T %q: no such phrase in the theme's translation files", key)
	}
	if len(arg) > 1 {
		return nil, fmt.Errorf("T %q: one argument at most, a count or (dict \"Name\" value …)", key)
	}
	var a any
	if len(arg) == 1 {
		a = arg[0]
	}
	segs := m.forms["other"]
	if n, ok := count(a); ok {
		if s, ok := m.forms[l.PluralForm(n)]; ok {
			segs = s
		}
	}
	var b strings.Builder
	for _, s := range segs {
		if s.field == "" {
			b.WriteString(s.text)
			continue
		}
		v, err := field(a, s.field)
		if err != nil {
			return nil, fmt.Errorf("T %q: %w", key, err)
		}
		if m.html {
			if h, ok := v.(template.HTML); ok {
				b.WriteString(string(h))
				continue
			}
			b.WriteString(template.HTMLEscapeString(l.value(v)))
		} else {
			b.WriteString(l.value(v))
		}
	}
	if m.html {
		return template.HTML(b.String()), nil
	}
	return b.String(), nil
}

// Text is T for Go code that writes a page's words itself: the phrase as
// text, "" for an unknown key (which the tests of the translation files
// catch), so that a hot loop need not handle an error.
func (l *Language) Text(key string, arg ...any) string {
	v, err := l.T(key, arg...)
	if err != nil {
		return ""
	}
	return fmt.Sprint(v)
}

// count is the count of a phrase's argument: the argument itself, or its
// field Count.
func count(a any) (int, bool) {
	if m, ok := a.(map[string]any); ok {
		a = m["Count"]
	}
	n, ok := a.(int)
	return n, ok
}

func field(a any, name string) (any, error) {
	if name == "." {
		return a, nil
	}
	if m, ok := a.(map[string]any); ok {
		if v, ok := m[name]; ok {
			return v, nil
		}
		return nil, fmt.Errorf("the phrase has {{ .%s }}, which the template does not give", name)
	}
	if name == "Count" {
		if _, ok := a.(int); ok {
			return a, nil
		}
	}
	return nil, fmt.Errorf("the phrase has {{ .%s }}, which the template does not give", name)
}

func (l *Language) value(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return l.Number(x)
	case time.Time:
		return l.Date(x)
	case template.HTML:
		return string(x)
	}
	return fmt.Sprint(v)
}

// PluralForm is the CLDR plural category of n in the language: "one",
// "few", "many", "other"…
func (l *Language) PluralForm(n int) string {
	if l.tr != nil {
		switch l.tr.CardinalPluralRule(float64(n), 0) {
		case locales.PluralRuleZero:
			return "zero"
		case locales.PluralRuleOne:
			return "one"
		case locales.PluralRuleTwo:
			return "two"
		case locales.PluralRuleFew:
			return "few"
		case locales.PluralRuleMany:
			return "many"
		}
		return "other"
	}
	switch plural.Cardinal.MatchPlural(l.xtag, n, 0, 0, 0, 0) {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// Number is n with the language's digits and grouping separator.
func (l *Language) Number(n int) string {
	if l.tr == nil {
		return fmt.Sprint(n)
	}
	return l.loc.formatNumber(l.tr, n)
}

// Date is t's long date in the language, "7 июля 2021 г."; "" for the zero
// time.
func (l *Language) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l.tr == nil {
		return t.UTC().Format("2006-01-02")
	}
	return date(l.tr, t)
}

// Locale is the locale whose CLDR data writes the language's dates and
// numbers, as a BCP 47 tag for the browser's Intl ("en-GB" for "en"); ""
// when the generator has none, and dates are ISO.
func (l *Language) Locale() string {
	if l.tr == nil {
		return ""
	}
	return strings.ReplaceAll(l.tr.Locale(), "_", "-")
}

// BrowserPrefix starts the keys of the phrases the theme's scripts show.
const BrowserPrefix = "js_"

// BrowserJSON is what the theme's scripts need of the language: the
// phrases whose keys start with BrowserPrefix, as the files write them,
// and the locale of its dates and numbers.
func (l *Language) BrowserJSON() ([]byte, error) {
	words := map[string]any{}
	for k, m := range l.msgs {
		if strings.HasPrefix(k, BrowserPrefix) {
			words[strings.TrimPrefix(k, BrowserPrefix)] = m.raw
		}
	}
	return json.Marshal(struct {
		Lang   string         `json:"lang"`
		Locale string         `json:"locale"`
		Words  map[string]any `json:"words"`
	}{l.Tag, l.Locale(), words})
}

// rtlScripts are the scripts written right to left (Unicode's
// Bidi_Class R and AL) that CLDR gives as a language's likely script.
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true, "Rohg": true, "Mand": true, "Samr": true, "Mend": true, "Yezi": true}

// direction is "rtl" for a language whose script, given or likely (CLDR's
// likely subtags: Arabic, Hebrew, Persian, Urdu…), runs right to left.
func direction(t language.Tag) string {
	s, conf := t.Script()
	if conf != language.No && rtlScripts[s.String()] {
		return "rtl"
	}
	return "ltr"
}

// Keys lists the phrases of the language, sorted.
func (l *Language) Keys() []string {
	out := make([]string, 0, len(l.msgs))
	for k := range l.msgs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Forms lists the text of each plural form of the phrase key, as its file
// writes it, fields and all.
func (l *Language) Forms(key string) []string {
	m, ok := l.msgs[key]
	if !ok {
		return nil
	}
	var out []string
	for _, f := range forms {
		if segs, ok := m.forms[f]; ok {
			var b strings.Builder
			for _, s := range segs {
				if s.field != "" {
					b.WriteString("{{ ." + s.field + " }}")
				} else {
					b.WriteString(s.text)
				}
			}
			out = append(out, b.String())
		}
	}
	return out
}
