package captions

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Segment is one turn as WebVTT takes it: it writes a cue for each.
type Segment struct {
	Speaker string  // the name to show
	Start   float64 // seconds from the start of the recording
	Timed   bool    // Start is known; an untimed turn follows the one before it
	Text    string  // plain text, paragraphs separated by blank lines
}

// secondsPerWord estimates how long a turn lasts when nothing says when it
// ends: about 150 words a minute, the pace of a briefing.
const secondsPerWord = 0.4

// minCue is the shortest cue an estimate gives, so one-word turns can be
// read.
const minCue = 1.0

// span is a cue's start and end in seconds.
type span struct{ start, end float64 }

// timeline gives each segment a start and an end: a cue ends when the next
// begins, the last one after its words have been said. An untimed segment
// starts where the one before it is estimated to end, but never after the
// next timed one.
func timeline(segs []Segment) []span {
	out := make([]span, len(segs))
	next := make([]float64, len(segs)) // start of the next timed segment, or +Inf
	upcoming := math.Inf(1)
	for i := len(segs) - 1; i >= 0; i-- {
		next[i] = upcoming
		if segs[i].Timed {
			upcoming = math.Max(0, segs[i].Start)
		}
	}
	prevEnd := 0.0
	for i, s := range segs {
		start := prevEnd
		if s.Timed {
			start = math.Max(0, s.Start)
		} else {
			start = math.Min(start, next[i])
		}
		out[i].start = start
		prevEnd = start + estimate(s.Text)
	}
	for i := range out {
		end := out[i].start + estimate(segs[i].Text)
		if i+1 < len(out) && out[i+1].start > out[i].start {
			end = out[i+1].start
		}
		out[i].end = end
	}
	return out
}

func estimate(text string) float64 {
	words := 0
	for range strings.FieldsSeq(text) {
		words++
	}
	return math.Max(minCue, float64(words)*secondsPerWord)
}

// WebVTT writes the segments as WebVTT captions, one cue a turn, named
// "t1", "t2"… like the turns' anchors, with the speaker in a voice span.
// A cue cannot hold a blank line, so a turn's paragraphs are its lines.
func WebVTT(segs []Segment) []byte {
	var b bytes.Buffer
	b.WriteString("WEBVTT\n")
	for i, sp := range timeline(segs) {
		s := segs[i]
		b.WriteString("\nt" + strconv.Itoa(i+1) + "\n")
		b.WriteString(vttTime(sp.start) + " --> " + vttTime(sp.end) + "\n")
		first := true
		for _, para := range Paragraphs(s.Text) {
			if first && s.Speaker != "" {
				b.WriteString("<v " + escapeVTT(s.Speaker) + ">")
			}
			first = false
			b.WriteString(escapeVTT(para) + "\n")
		}
		if first {
			// A turn with no words still marks who spoke when.
			if s.Speaker != "" {
				b.WriteString("<v " + escapeVTT(s.Speaker) + ">")
			}
			b.WriteString("…\n")
		}
	}
	return b.Bytes()
}

func vttTime(sec float64) string {
	ms := int64(math.Round(sec * 1000))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

var vttEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeVTT(s string) string { return vttEscaper.Replace(s) }
