package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const monthNames = `(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?`

// The date forms transcripts' headers use. The year is not required to end
// a word, because pages often glue the time on: "7 July 202109:07".
var (
	dayMonthYearRE = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+` + monthNames + `,?\s+(\d{4})`)
	monthDayYearRE = regexp.MustCompile(`(?i)\b` + monthNames + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	isoDateRE      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})`)
	dottedDateRE   = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	// clockRE is a time of day that may follow or precede a date.
	clockRE = regexp.MustCompile(`(?i)^(?:,?\s*(?:at\s+)?)?(?:T?\d{1,2}[:.h]\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)(?:\s*(?:am|pm|a\.m\.|p\.m\.))?(?-i:\s*(?:\((?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)\)|(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)\b))?`)
)

// dateMatch is a date found in a line.
type dateMatch struct {
	date       string // 2006-01-02
	start, end int    // byte offsets of the date, with any time glued on
}

// findDate finds the first valid date in s.
func findDate(s string) (dateMatch, bool) {
	best := dateMatch{start: -1}
	try := func(re *regexp.Regexp, ymd func(m []string) (int, int, int)) {
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			if best.start >= 0 && loc[0] >= best.start {
				return
			}
			m := make([]string, len(loc)/2)
			for i := range m {
				if loc[2*i] >= 0 {
					m[i] = s[loc[2*i]:loc[2*i+1]]
				}
			}
			y, mo, d := ymd(m)
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if y < 1000 || t.Year() != y || int(t.Month()) != mo || t.Day() != d {
				continue
			}
			end := loc[1]
			if c := clockRE.FindStringIndex(s[end:]); c != nil {
				end += c[1]
			}
			best = dateMatch{date: t.Format("2006-01-02"), start: loc[0], end: end}
			return
		}
	}
	try(dayMonthYearRE, func(m []string) (int, int, int) { return atoi(m[3]), month(m[2]), atoi(m[1]) })
	try(monthDayYearRE, func(m []string) (int, int, int) { return atoi(m[3]), month(m[1]), atoi(m[2]) })
	try(isoDateRE, func(m []string) (int, int, int) { return atoi(m[1]), atoi(m[2]), atoi(m[3]) })
	try(dottedDateRE, func(m []string) (int, int, int) { return atoi(m[3]), atoi(m[2]), atoi(m[1]) })
	return best, best.start >= 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func month(s string) int {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(s, m) {
			return i + 1
		}
	}
	return 0
}

// weekdayRE and the words around a date in a dateline, which a date-only
// line may also hold.
var datelineNoiseRE = regexp.MustCompile(`(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|published|posted|updated|last updated|date|on)\b\.?`)

// dateOnly says whether what is left of a line once its date is taken out
// is only punctuation, a weekday or words such as "Published".
func dateOnly(s string, m dateMatch) bool {
	rest := s[:m.start] + " " + s[m.end:]
	rest = datelineNoiseRE.ReplaceAllString(rest, " ")
	return strings.Trim(rest, " \t\u00a0,.;:|–—-·•/()") == ""
}

// formatClock writes a duration as hh:mm:ss, which the contract's
// timestamps and WebVTT (with milliseconds) share.
func formatClock(d time.Duration) string {
	s := int64(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}
