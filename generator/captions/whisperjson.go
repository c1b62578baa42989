package captions

import (
	"encoding/json"
	"fmt"
	"strings"
)

// readWhisper reads the JSON that OpenAI's Whisper and WhisperX write:
// {"text": "…", "segments": [{"id": 0, "start": 0.0, "end": 2.5,
// "text": "…"}]}, times in seconds. WhisperX's diarization adds a
// "speaker" to each segment ("SPEAKER_00") and to each of its "words";
// a segment without one takes the speaker most of its words have. In a
// file where some segments name a speaker, one that names none is the
// voice "Unknown", never the speaker before it.
func readWhisper(data []byte) (*File, error) {
	items, err := elements(data, "segments")
	if err != nil {
		return nil, err
	}
	f := &File{Shape: "Whisper JSON", Cues: make([]Cue, 0, len(items))}
	diarized, unnamed := false, 0
	mixed, firstMixed := 0, 0 // segments whose words have several speakers
	for i, it := range items {
		what := fmt.Sprintf("segments[%d]", i)
		seg, err := readFields(it, what)
		if err != nil {
			return nil, err
		}
		text, err := seg.text(what, "text")
		if err != nil {
			return nil, err
		}
		c := Cue{Line: seg.line}
		if _, raw := seg.key("start"); raw != nil {
			if c.Start, err = jsonTime(raw); err != nil {
				return nil, errorAt(seg.line, "%s.start: %v", what, err)
			}
			c.Timed = true
		}
		if _, raw := seg.key("end"); raw != nil {
			if c.End, err = jsonTime(raw); err != nil {
				return nil, errorAt(seg.line, "%s.end: %v", what, err)
			}
		}
		voice, err := seg.speaker(what)
		if err != nil {
			return nil, err
		}
		words := wordSpeakers(seg)
		if voice == "" {
			voice = majority(words)
		}
		if several(words) {
			if mixed++; mixed == 1 {
				firstMixed = seg.line
			}
		}
		if _, ok := seg.m["words"]; ok {
			f.Shape = "WhisperX JSON"
		}
		if voice != "" {
			diarized = true
			f.Shape = "WhisperX JSON"
		} else {
			unnamed++
		}
		c.Spans = []Span{{Voice: voice, Text: text}}
		f.Cues = append(f.Cues, c)
	}
	f.textBeyondSegments(data)
	if diarized && unnamed > 0 {
		for i := range f.Cues {
			if f.Cues[i].Spans[0].Voice == "" {
				f.Cues[i].Spans[0].Voice = "Unknown"
			}
		}
		f.warn(0, fmt.Sprintf("%s no speaker: given to \"Unknown\"", someOf(unnamed, len(f.Cues), "names", "name")))
	}
	if mixed > 0 {
		// WhisperX gives a segment to the speaker of most of its words;
		// where the words disagree, a person should listen.
		f.warn(firstMixed, fmt.Sprintf("%s words of more than one speaker (the first here): each given whole to its speaker, or to the speaker of most of its words", someOf(mixed, len(f.Cues), "holds", "hold")))
	}
	return f, nil
}

// textBeyondSegments warns when the file's "text", which Whisper writes as
// its segments' words joined, holds more words than they do: only the
// segments are read (they have the times), and the rest would be lost
// with no word said.
func (f *File) textBeyondSegments(data []byte) {
	var top struct {
		Text *string `json:"text"`
	}
	if json.Unmarshal(data, &top) != nil || top.Text == nil {
		return
	}
	all, segs := len(strings.Fields(*top.Text)), 0
	for _, c := range f.Cues {
		segs += len(strings.Fields(c.Spans[0].Text))
	}
	if all > segs {
		f.warn(0, fmt.Sprintf("the file's \"text\" holds %s and the segments %d: only the segments are read, so %d words of the text are not imported; check the file against its recording", plural(all, "word"), segs, all-segs))
	}
}

// several says whether speakers holds two different ones.
func several(speakers []string) bool {
	for _, s := range speakers {
		if s != speakers[0] {
			return true
		}
	}
	return false
}

// wordSpeakers are the speakers of a WhisperX segment's words, those that
// have one.
func wordSpeakers(seg fields) []string {
	var words []struct {
		Speaker any `json:"speaker"`
	}
	if raw, ok := seg.m["words"]; !ok || json.Unmarshal(raw, &words) != nil {
		return nil
	}
	var vs []string
	for _, w := range words {
		if s, ok := w.Speaker.(string); ok && s != "" {
			vs = append(vs, s)
		}
	}
	return vs
}

// someOf writes "1 of 9 segments names" or "2 of 9 segments name".
func someOf(n, total int, one, many string) string {
	verb := many
	if n == 1 {
		verb = one
	}
	return fmt.Sprintf("%d of %s %s", n, plural(total, "segment"), verb)
}

// plural writes "1 segment" or "n segments".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
