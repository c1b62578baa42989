package captions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// podcastSegment is one segment of the podcast namespace's JSON transcript
// (github.com/Podcastindex-org/podcast-namespace, transcripts.md).
type podcastSegment struct {
	ID        string          `json:"id,omitempty"` // Verbatim's own export: "t12", its turn
	Speaker   string          `json:"speaker,omitempty"`
	StartTime json.RawMessage `json:"startTime"`
	EndTime   json.RawMessage `json:"endTime,omitempty"`
	Body      string          `json:"body"`
}

// ReadPodcastJSON reads the podcast namespace's JSON transcript,
// {"version": "1.0.0", "segments": [...]}, or a bare array of segments:
// a cue a segment, its speaker the voice of its one span. Errors in the
// JSON itself carry their line.
func ReadPodcastJSON(data []byte) (*File, error) {
	var doc struct {
		Version  string            `json:"version"`
		Segments *[]podcastSegment `json:"segments"`
	}
	var segs []podcastSegment
	trimmed := bytes.TrimSpace(data)
	var err error
	if len(trimmed) > 0 && trimmed[0] == '[' {
		err = json.Unmarshal(data, &segs)
	} else if err = json.Unmarshal(data, &doc); err == nil {
		if doc.Segments == nil {
			return nil, errorAt(0, "no \"segments\": not a podcast namespace JSON transcript")
		}
		segs = *doc.Segments
	}
	if err != nil {
		return nil, jsonError(data, err, "not a podcast namespace JSON transcript")
	}
	f := &File{Cues: make([]Cue, 0, len(segs))}
	for i, s := range segs {
		c := Cue{ID: s.ID, Spans: []Span{{Voice: s.Speaker, Text: s.Body}}}
		if len(s.StartTime) > 0 && string(s.StartTime) != "null" {
			d, err := jsonTime(s.StartTime)
			if err != nil {
				return nil, errorAt(0, "segments[%d].startTime: %v", i, err)
			}
			c.Start, c.Timed = d, true
		}
		f.Cues = append(f.Cues, c)
	}
	return f, nil
}

// jsonTime reads a time in seconds, as a number or a string, or as
// "hh:mm:ss.mmm", which some tools write.
func jsonTime(raw json.RawMessage) (time.Duration, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		return seconds(x)
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return seconds(f)
		}
		if d, ok := ParseClock(strings.TrimSpace(x)); ok {
			return d, nil
		}
	}
	return 0, fmt.Errorf("%s is not a time in seconds", clip(string(raw)))
}

func seconds(f float64) (time.Duration, error) {
	if math.IsNaN(f) || f < 0 || f > 1e7 {
		return 0, fmt.Errorf("%v is not a time in seconds", f)
	}
	return time.Duration(math.Round(f*1000)) * time.Millisecond, nil
}

// jsonError places an error of encoding/json in the file: a syntax error,
// or a value of the wrong type for what (a shape of transcript) expects.
func jsonError(data []byte, err error, what string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errorAt(lineAt(data, syn.Offset), "invalid JSON: %v", err)
	case errors.As(err, &typ) && typ.Field == "":
		// The file, or a segment, is not an object: the Go type
		// expected means nothing to the reader.
		return errorAt(lineAt(data, typ.Offset), "%s: a JSON %s where an object should be", what, typ.Value)
	case errors.As(err, &typ):
		return errorAt(lineAt(data, typ.Offset), "%s: %s is a %s, not a %s", what, typ.Field, typ.Value, typ.Type)
	}
	return errorAt(0, "invalid JSON: %v", err)
}

// lineAt is the 1-based line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
