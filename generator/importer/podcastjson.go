package importer

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

// podcastJSON reads {"version": "1.0.0", "segments": [...]}, or a bare
// array of segments.
func (p *parse) podcastJSON(src string) error {
	data := []byte(src)
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
			return p.errorAt(0, "no \"segments\": not a podcast namespace JSON transcript")
		}
		segs = *doc.Segments
	}
	if err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return p.errorAt(lineAt(data, syn.Offset), "invalid JSON: %v", err)
		case errors.As(err, &typ):
			return p.errorAt(lineAt(data, typ.Offset), "not a podcast namespace JSON transcript: %s is a %s, not a %s", typ.Field, typ.Value, typ.Type)
		}
		return p.errorAt(0, "invalid JSON: %v", err)
	}
	if len(segs) == 0 {
		return p.errorAt(0, "\"segments\" is empty")
	}
	out := make([]segment, 0, len(segs))
	for i, s := range segs {
		// Verbatim's own export names each segment after its turn, so two
		// turns of one speaker in a row stay two turns; other segments of
		// one speaker in a row are pieces of one turn.
		seg := segment{speaker: cleanName(s.Speaker), text: s.Body, newTurn: turnIDRE.MatchString(s.ID)}
		if len(s.StartTime) > 0 && string(s.StartTime) != "null" {
			d, err := jsonTime(s.StartTime)
			if err != nil {
				return p.errorAt(0, "segments[%d].startTime: %v", i, err)
			}
			seg.start, seg.timed = d, true
		}
		if strings.TrimSpace(seg.text) == "" {
			continue
		}
		out = append(out, seg)
	}
	p.assemble(out)
	return nil
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
		if d, ok := parseClock(strings.TrimSpace(x)); ok {
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
