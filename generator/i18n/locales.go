package i18n

import (
	"strings"
	"time"

	"github.com/gohugoio/locales"
	"github.com/gohugoio/locales/ar"
	"github.com/gohugoio/locales/cs"
	"github.com/gohugoio/locales/de"
	"github.com/gohugoio/locales/en_GB"
	"github.com/gohugoio/locales/en_US"
	"github.com/gohugoio/locales/es"
	"github.com/gohugoio/locales/fa"
	"github.com/gohugoio/locales/fr"
	"github.com/gohugoio/locales/he"
	"github.com/gohugoio/locales/hi"
	"github.com/gohugoio/locales/it"
	"github.com/gohugoio/locales/ja"
	"github.com/gohugoio/locales/ko"
	"github.com/gohugoio/locales/nl"
	"github.com/gohugoio/locales/pl"
	"github.com/gohugoio/locales/pt"
	"github.com/gohugoio/locales/ru"
	"github.com/gohugoio/locales/sv"
	"github.com/gohugoio/locales/tr"
	"github.com/gohugoio/locales/uk"
	"github.com/gohugoio/locales/ur"
	"github.com/gohugoio/locales/zh"
)

// locale is the CLDR data of one language the generator carries: its
// dates, numbers and plural rules (gohugoio/locales, CLDR 48.1), and its
// minimum grouping digits, which that library leaves out: 2 where CLDR
// writes 1234 ungrouped and 12 345 grouped (the value ICU 78, the
// browsers' library, applies to the same CLDR release).
type locale struct {
	make        func() locales.Translator
	minGrouping int
}

// known are the languages whose dates, numbers and plurals the generator
// writes from CLDR, by BCP 47 tag in lower case. Each is a Go package of
// its own, so the list is short: the built-in translations' languages, the
// other right-to-left ones, and the languages most archives are in. "en"
// is British English, whose long date ("7 July 2021") the theme has always
// written; "en-us" is American ("July 7, 2021"). A language not listed
// gets its plurals from golang.org/x/text and its dates in ISO form.
var known = map[string]locale{
	"en":    {make: en_GB.New, minGrouping: 1},
	"en-gb": {make: en_GB.New, minGrouping: 1},
	"en-us": {make: en_US.New, minGrouping: 1},
	"ar":    {make: ar.New, minGrouping: 1},
	"cs":    {make: cs.New, minGrouping: 1},
	"de":    {make: de.New, minGrouping: 1},
	"es":    {make: es.New, minGrouping: 2},
	"fa":    {make: fa.New, minGrouping: 1},
	"fr":    {make: fr.New, minGrouping: 1},
	"he":    {make: he.New, minGrouping: 1},
	"hi":    {make: hi.New, minGrouping: 1},
	"it":    {make: it.New, minGrouping: 2},
	"ja":    {make: ja.New, minGrouping: 1},
	"ko":    {make: ko.New, minGrouping: 1},
	"nl":    {make: nl.New, minGrouping: 1},
	"pl":    {make: pl.New, minGrouping: 2},
	"pt":    {make: pt.New, minGrouping: 1},
	"ru":    {make: ru.New, minGrouping: 1},
	"sv":    {make: sv.New, minGrouping: 1},
	"tr":    {make: tr.New, minGrouping: 1},
	"uk":    {make: uk.New, minGrouping: 1},
	"ur":    {make: ur.New, minGrouping: 1},
	"zh":    {make: zh.New, minGrouping: 1},
}

// findLocale is the CLDR data for tag, trying "pt-br" then "pt"; false
// when the generator carries none.
func findLocale(tag string) (locale, string, bool) {
	for _, t := range fallbacks(tag) {
		if l, ok := known[t]; ok {
			return l, t, true
		}
	}
	return locale{}, "", false
}

// fallbacks lists tag and its shorter forms, "zh-hant-tw", "zh-hant",
// "zh", in lower case.
func fallbacks(tag string) []string {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	var out []string
	for tag != "" {
		out = append(out, tag)
		i := strings.LastIndexByte(tag, '-')
		if i < 0 {
			break
		}
		tag = tag[:i]
	}
	return out
}

// formatNumber writes n as the locale does, with its digits and grouping
// separator and its minimum grouping digits.
func (l locale) formatNumber(tr locales.Translator, n int) string {
	s := tr.FmtNumber(float64(n), 0)
	if l.minGrouping > 1 && (n >= 1000 && n < 10000 || n <= -1000 && n > -10000) {
		// A number of 4 digits stays ungrouped: take out the separator,
		// which is what stands between the "1" and the "000" of 1000.
		r := []rune(tr.FmtNumber(1000, 0))
		if sep := string(r[1 : len(r)-3]); sep != "" {
			s = strings.Replace(s, sep, "", 1)
		}
	}
	return s
}

// date is the long date of t in tr's language, in UTC as every date of the
// site is written. Where the library's CLDR data has a narrow no-break
// space in a date (Russian "2021 г."), ICU, which writes the search page's
// dates in the browser, has a plain space: the pages write it as the
// browser does, so that a date reads the same on both.
func date(tr locales.Translator, t time.Time) string {
	return strings.ReplaceAll(tr.FmtDateLong(t.UTC()), "\u202f", " ")
}
