package captions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The JSON transcripts ReadJSON tells apart, by their content alone:
//
//   - the podcast namespace's {"version", "segments": [{"startTime",
//     "body", "speaker"}]}, or a bare array of such segments
//     (podcastjson.go);
//   - Whisper's and WhisperX's {"text", "segments": [{"id", "start",
//     "end", "text", "speaker", "words"}]}, times in seconds
//     (whisperjson.go);
//   - caption tools' arrays of {"start", "end", "text"}, bare or under
//     "results", "cues" or "captions", times in milliseconds or seconds
//     (cuearray.go).
//
// A segment is told by its keys: "body" or "startTime" without "text" is
// the podcast namespace's; "text" is Whisper's or a caption tool's.

// expectedJSON is what a refusal says the reader wanted.
const expectedJSON = `expected the podcast namespace's {"segments": [{"startTime", "body"}]}, ` +
	`Whisper's {"segments": [{"start", "end", "text"}]}, ` +
	`or a list of {"start", "end", "text"}, alone or under "results", "cues" or "captions"`

// cueListKeys are the keys under which caption tools put their list.
var cueListKeys = []string{"results", "cues", "captions"}

// ReadJSON reads a JSON transcript of any shape it knows, and sets the
// File's Shape to the one it found ("" for the podcast namespace's, the
// usual one). JSON of any other shape is an error naming the shapes it
// reads and the line of what it found instead.
func ReadJSON(data []byte) (*File, error) {
	var top any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return nil, jsonError(data, err, "not a JSON transcript")
	}
	first := lineAt(data, int64(len(data)-len(bytes.TrimLeft(data, " \t\r\n\ufeff"))))
	switch v := top.(type) {
	case []any:
		if len(v) == 0 || isPodcastSegment(v[0]) {
			return ReadPodcastJSON(data)
		}
		if isTimedText(v[0]) {
			return readCueArray(data, "")
		}
		items, err := elements(data, "")
		if err != nil {
			return nil, err
		}
		return nil, refuse(items[0].line, v[0])
	case map[string]any:
		if segs, ok := v["segments"].([]any); ok && len(segs) > 0 && isTimedText(segs[0]) && !isPodcastSegment(segs[0]) {
			return readWhisper(data)
		}
		if _, ok := v["segments"]; ok {
			return ReadPodcastJSON(data)
		}
		for _, k := range cueListKeys {
			if list, ok := v[k].([]any); ok && len(list) > 0 && isTimedText(list[0]) {
				return readCueArray(data, k)
			}
		}
		return nil, refuse(first, v)
	default:
		return nil, refuse(first, v)
	}
}

// isPodcastSegment says whether v is a segment of the podcast namespace.
func isPodcastSegment(v any) bool {
	return hasKey(v, "body") || (hasKey(v, "startTime") && !hasKey(v, "text"))
}

// isTimedText says whether v is a caption tool's or Whisper's segment:
// an object with "text", or with "start" and "end".
func isTimedText(v any) bool {
	return hasKey(v, "text") || (hasKey(v, "start") && hasKey(v, "end"))
}

// hasKey says whether v is an object with the key k.
func hasKey(v any, k string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[k]
	return ok
}

// refuse is the error for JSON of a shape the reader does not know.
func refuse(line int, found any) error {
	return errorAt(line, "not a JSON transcript of a shape import reads (%s): found %s", expectedJSON, describeJSON(found))
}

// describeJSON says what a JSON value is, in a few words.
func describeJSON(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, fmt.Sprintf("%q", k))
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			return "an empty object"
		}
		if len(keys) > 8 {
			keys = append(keys[:8], "…")
		}
		return "an object with " + strings.Join(keys, ", ")
	case []any:
		if len(x) == 0 {
			return "an empty list"
		}
		return "a list of " + describeJSON(x[0]) + "s"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "null"
}

// item is an element of a JSON array, with the line it starts on.
type item struct {
	line int
	raw  json.RawMessage
}

// elements returns the elements of the array at the top of data (key ""),
// or under key in the object at the top, each with its line, so that
// errors about one segment can say where it is.
func elements(data []byte, key string) ([]item, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if key != "" {
		if _, err := dec.Token(); err != nil { // {
			return nil, jsonError(data, err, "not a JSON transcript")
		}
		for {
			t, err := dec.Token()
			if err != nil {
				return nil, jsonError(data, err, "not a JSON transcript")
			}
			if t == key {
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, jsonError(data, err, "not a JSON transcript")
			}
		}
	}
	if _, err := dec.Token(); err != nil { // [
		return nil, jsonError(data, err, "not a JSON transcript")
	}
	var out []item
	// Lines are counted on from the element before, not from the start
	// of the file each time: a file of 100,000 cues must not take 100,000
	// times as long.
	line, counted := 1, 0
	for dec.More() {
		off := int(dec.InputOffset())
		for off < len(data) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
			off++
		}
		line += bytes.Count(data[counted:off], []byte("\n"))
		counted = off
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, jsonError(data, err, "not a JSON transcript")
		}
		out = append(out, item{line: line, raw: raw})
	}
	return out, nil
}

// fields is a JSON object read key by key, for a segment whose keys vary
// from tool to tool.
type fields struct {
	line int
	m    map[string]json.RawMessage
}

func readFields(it item, what string) (fields, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(it.raw, &m); err != nil || m == nil {
		return fields{}, errorAt(it.line, "%s: %s where an object should be", what, clip(string(it.raw)))
	}
	return fields{line: it.line, m: m}, nil
}

// key returns the first of names the object has, and its value.
func (f fields) key(names ...string) (string, json.RawMessage) {
	for _, n := range names {
		if v, ok := f.m[n]; ok && string(v) != "null" {
			return n, v
		}
	}
	return "", nil
}

// text returns the string under the first of names the object has. An
// object with none of them but words under another key is an error: read
// as an empty cue, its words would be lost with no word said.
func (f fields) text(what string, names ...string) (string, error) {
	if name, _ := f.key(names...); name == "" {
		for _, k := range slices.Sorted(maps.Keys(f.m)) {
			var s string
			if notWords[k] || slices.Contains(speakerKeys, k) || slices.Contains(startKeys, k) || slices.Contains(endKeys, k) ||
				json.Unmarshal(f.m[k], &s) != nil || strings.TrimSpace(s) == "" {
				continue
			}
			return "", errorAt(f.line, "%s: no %q, but words under %q (%s): the words must be under %q", what, names[0], k, clip(strconv.Quote(s)), names[0])
		}
	}
	return f.str(what, false, names...)
}

// notWords are keys whose strings are no cue's words.
var notWords = map[string]bool{"id": true, "type": true, "kind": true, "lang": true, "language": true, "style": true, "align": true, "position": true}

// speaker returns a segment's speaker: a string, or for a speaker the
// tool numbered (0, 1…) "Speaker 0", "Speaker 1"…, as diarizing tools
// name those they could not identify.
func (f fields) speaker(what string) (string, error) {
	s, err := f.str(what, true, speakerKeys...)
	if _, raw := f.key(speakerKeys...); err == nil && len(raw) > 0 && raw[0] != '"' {
		s = "Speaker " + s
	}
	return s, err
}

func (f fields) str(what string, numbers bool, names ...string) (string, error) {
	name, raw := f.key(names...)
	if raw == nil {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil && numbers {
		return n.String(), nil
	}
	return "", errorAt(f.line, "%s: %q is %s, not a string", what, name, clip(string(raw)))
}

// speakerKeys are where tools put a segment's speaker.
var speakerKeys = []string{"speaker", "speaker_label", "speakerLabel", "speaker_name", "speakerName"}

// majority is the value most of vs hold, the first of them on a tie; ""
// when there are none.
func majority(vs []string) string {
	count := map[string]int{}
	best := ""
	for _, v := range vs {
		if v == "" {
			continue
		}
		count[v]++
		if count[v] > count[best] || best == "" {
			best = v
		}
	}
	return best
}

// JSONWords counts the words in a JSON document's string values, keys
// left out: what a reader of it should find some of. 0 for JSON that
// cannot be read.
func JSONWords(data []byte) int {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return 0
	}
	return countWords(v)
}

func countWords(v any) int {
	n := 0
	switch x := v.(type) {
	case string:
		n = len(strings.Fields(x))
	case []any:
		for _, e := range x {
			n += countWords(e)
		}
	case map[string]any:
		for _, e := range x {
			n += countWords(e)
		}
	}
	return n
}
