package captions

import (
	"encoding/json"
	"fmt"
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
		if voice == "" {
			voice = wordsSpeaker(seg)
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
	if diarized && unnamed > 0 {
		for i := range f.Cues {
			if f.Cues[i].Spans[0].Voice == "" {
				f.Cues[i].Spans[0].Voice = "Unknown"
			}
		}
		verb := "names"
		if unnamed > 1 {
			verb = "name"
		}
		f.warn(0, fmt.Sprintf("%d of %s %s no speaker: given to \"Unknown\"", unnamed, plural(len(f.Cues), "segment"), verb))
	}
	return f, nil
}

// wordsSpeaker is the speaker most of a WhisperX segment's words have.
func wordsSpeaker(seg fields) string {
	var words []struct {
		Speaker any `json:"speaker"`
	}
	if raw, ok := seg.m["words"]; !ok || json.Unmarshal(raw, &words) != nil {
		return ""
	}
	var vs []string
	for _, w := range words {
		if s, ok := w.Speaker.(string); ok {
			vs = append(vs, s)
		}
	}
	return majority(vs)
}

// plural writes "1 segment" or "n segments".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
