package captions

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// timingRE is a cue's timing line, SRT or WebVTT: "00:00:01,000 -->
// 00:00:04,000", "00:01.000 --> 00:04.000", and the "0.860 --> 7.380" some
// tools write, with cue settings or SRT coordinates after it. The white
// space up to the end time is WebVTT's (spaces, tabs, form feeds): a
// vertical tab there makes a browser skip the cue, and so it does the
// reader. After the end time, any white space starts the settings, which
// the reader does not read.
var timingRE = regexp.MustCompile(`^[ \t\f]*(\d+(?::\d{1,2}){0,2}(?:[.,]\d+)?)[ \t\f]*-->[ \t\f]*(\d+(?::\d{1,2}){0,2}(?:[.,]\d+)?)(?:[\s\v\pZ]|$)`)

// IsTimingLine says whether line is a cue's timing line, as SRT and WebVTT
// write them: what tells a caption file from prose.
func IsTimingLine(line string) bool {
	return timingRE.MatchString(strings.TrimSpace(line))
}

// readTiming reads a timing line's start and end. It reads more than
// WebVTT allows (SRT's commas, times without hours or minutes, any number
// of digits after the point), since caption tools write those and their
// meaning is plain; what it cannot read (a second past 59, "00::00",
// garbage inside a time) it refuses, as a browser does.
func readTiming(line string) (start, end time.Duration, ok bool) {
	m := timingRE.FindStringSubmatch(line)
	if m == nil {
		return 0, 0, false
	}
	start, ok1 := ParseClock(m[1])
	end, ok2 := ParseClock(m[2])
	return start, end, ok1 && ok2
}

// ParseClock reads "hh:mm:ss.mmm", "mm:ss,mmm", "ss.mmm" or "hh:mm:ss".
func ParseClock(s string) (time.Duration, bool) {
	frac := ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		s, frac = s[:i], s[i+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	var secs int64
	for k, part := range parts {
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n < 0 || n > 1e6 || (k > 0 && n > 59) {
			return 0, false
		}
		secs = secs*60 + n
	}
	d := time.Duration(secs) * time.Second
	if frac != "" {
		if len(frac) > 3 {
			frac = frac[:3]
		}
		for len(frac) < 3 {
			frac += "0"
		}
		ms, err := strconv.Atoi(frac)
		if err != nil {
			return 0, false
		}
		d += time.Duration(ms) * time.Millisecond
	}
	return d, true
}
