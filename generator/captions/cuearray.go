package captions

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Caption tools write a transcript as a list of cues: [{"start": 25801,
// "end": 28700, "text": "…"}], alone or under "results", "cues" or
// "captions", sometimes with a speaker. The times are milliseconds in
// some tools and seconds in others, and nothing in the file says which,
// unless a key does ("startMs", "start_ms"). The rule, when no key says:
//
//   - a time with a fraction (25.801) means seconds;
//   - whole numbers mean milliseconds when the cues' median length (end
//     minus start, or the time to the next cue where there is no end) is
//     100 or more, and seconds when it is less: no caption lasts less
//     than a tenth of a second, nor 100 seconds;
//   - a single cue without an end: milliseconds from 1000 up.
//
// A time written as a clock ("00:00:25,801") is read as one.

var (
	startKeys = []string{"start", "start_time", "startTime", "startMs", "start_ms", "startMS"}
	endKeys   = []string{"end", "end_time", "endTime", "endMs", "end_ms", "endMS"}
)

// rawCue is a cue as the list holds it, before its times are read.
type rawCue struct {
	line       int
	start, end json.RawMessage
	startKey   string
	text       string
	voice      string
}

// readCueArray reads a caption tool's list of cues: the array at the top
// of data (key ""), or under key.
func readCueArray(data []byte, key string) (*File, error) {
	items, err := elements(data, key)
	if err != nil {
		return nil, err
	}
	cues := make([]rawCue, 0, len(items))
	for i, it := range items {
		what := fmt.Sprintf("[%d]", i)
		if key != "" {
			what = key + what
		}
		obj, err := readFields(it, what)
		if err != nil {
			return nil, err
		}
		c := rawCue{line: obj.line}
		c.startKey, c.start = obj.key(startKeys...)
		_, c.end = obj.key(endKeys...)
		if c.text, err = obj.text(what, "text"); err != nil {
			return nil, err
		}
		if c.voice, err = obj.speaker(what); err != nil {
			return nil, err
		}
		cues = append(cues, c)
	}
	unit, err := timeUnit(cues)
	if err != nil {
		return nil, err
	}
	where := "list"
	if key != "" {
		where = fmt.Sprintf("%q list", key)
	}
	name := "seconds"
	if unit == time.Millisecond {
		name = "milliseconds"
	}
	f := &File{Shape: fmt.Sprintf("caption JSON %s (times in %s)", where, name), Cues: make([]Cue, 0, len(cues))}
	for _, rc := range cues {
		c := Cue{Line: rc.line, Spans: []Span{{Voice: rc.voice, Text: rc.text}}}
		if rc.start != nil {
			if c.Start, err = cueTime(rc.start, unit); err != nil {
				return nil, errorAt(rc.line, "start: %v", err)
			}
			c.Timed = true
		}
		if rc.end != nil {
			if c.End, err = cueTime(rc.end, unit); err != nil {
				return nil, errorAt(rc.line, "end: %v", err)
			}
		}
		f.Cues = append(f.Cues, c)
	}
	return f, nil
}

// number reads a time written as a number, or as a number in a string:
// its value, and whether it has a fraction. ok is false for a clock
// ("00:00:01,000") or anything else.
func number(raw json.RawMessage) (v float64, frac, ok bool) {
	s := strings.TrimSpace(string(raw))
	if unq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(unq)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, false
	}
	return f, strings.ContainsAny(s, ".eE"), true
}

// timeUnit decides what the list's numbers count, by the rule above.
func timeUnit(cues []rawCue) (time.Duration, error) {
	var lengths, starts []float64
	largest := 0.0
	for _, c := range cues {
		if strings.HasSuffix(strings.ToLower(c.startKey), "ms") {
			return time.Millisecond, nil
		}
		s, sf, sok := number(c.start)
		e, ef, eok := number(c.end)
		if (sok && sf) || (eok && ef) {
			return time.Second, nil
		}
		if sok {
			starts = append(starts, s)
			largest = math.Max(largest, s)
		}
		if eok {
			largest = math.Max(largest, e)
		}
		if sok && eok {
			lengths = append(lengths, e-s)
		}
	}
	if len(lengths) == 0 {
		for i := 1; i < len(starts); i++ {
			if d := starts[i] - starts[i-1]; d > 0 {
				lengths = append(lengths, d)
			}
		}
	}
	if len(lengths) == 0 {
		if largest >= 1000 {
			return time.Millisecond, nil
		}
		return time.Second, nil
	}
	sort.Float64s(lengths)
	if lengths[len(lengths)/2] >= 100 {
		return time.Millisecond, nil
	}
	return time.Second, nil
}

// cueTime reads a time: a number of units, or a clock.
func cueTime(raw json.RawMessage, unit time.Duration) (time.Duration, error) {
	if v, _, ok := number(raw); ok {
		secs := v * float64(unit) / float64(time.Second)
		return seconds(secs)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if d, ok := ParseClock(strings.TrimSpace(s)); ok {
			return d, nil
		}
	}
	return 0, fmt.Errorf("%s is not a time", clip(string(raw)))
}
