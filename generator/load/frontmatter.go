package load

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// Front is a file's decoded front matter.
type Front struct {
	Values map[string]any // keys as written; values as YAML or TOML decode them
	Lines  map[string]int // key -> line in the file, for error messages
	// ItemLines holds the line of each item of a YAML list, by key: a
	// message about the second of two speakers points at it.
	ItemLines map[string][]int
	Format    string // "yaml", "toml" or "" when the file has none
}

// Line returns the line of key, or of the front matter's start when unknown.
func (f Front) Line(key string) int {
	if l, ok := f.Lines[key]; ok {
		return l
	}
	return 1
}

// ItemLine returns the line of the i-th item of the list under key, or
// the key's line when unknown (TOML keeps no positions).
func (f Front) ItemLine(key string, i int) int {
	if l := f.ItemLines[key]; i >= 0 && i < len(l) {
		return l[i]
	}
	return f.Line(key)
}

// lineError is a front matter problem on a line of the file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// SplitFront separates front matter from the body. The body keeps its bytes;
// bodyLine is the file line on which it starts.
func SplitFront(data []byte) (front []byte, format string, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var delim string
	switch {
	case hasDelimLine(data, "---"):
		delim, format = "---", "yaml"
	case hasDelimLine(data, "+++"):
		delim, format = "+++", "toml"
	default:
		return nil, "", data, 1, nil
	}
	first := bytes.IndexByte(data, '\n')
	if first < 0 {
		return nil, "", nil, 0, &lineError{1, "front matter is not closed: no second " + delim + " line"}
	}
	rest := data[first+1:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end >= 0 {
			l = rest[off : off+end]
			next = off + end + 1
		} else {
			l = rest[off:]
		}
		if string(bytes.TrimRight(l, " \t\r")) == delim {
			body := []byte{}
			if next <= len(rest) {
				body = rest[next:]
			}
			return rest[:off], format, body, line + 1, nil
		}
		if end < 0 {
			break
		}
		off = next
		line++
	}
	return nil, "", nil, 0, &lineError{1, "front matter is not closed: no second " + delim + " line"}
}

func hasDelimLine(data []byte, delim string) bool {
	if !bytes.HasPrefix(data, []byte(delim)) {
		return false
	}
	rest := data[len(delim):]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		i = len(rest)
	}
	return len(bytes.TrimRight(rest[:i], " \t\r")) == 0
}

// DecodeFront decodes front matter that starts on file line 2.
func DecodeFront(front []byte, format string) (Front, error) {
	f := Front{Values: map[string]any{}, Lines: map[string]int{}, Format: format}
	switch format {
	case "yaml":
		var doc yaml.Node
		if err := yaml.Unmarshal(front, &doc); err != nil {
			return f, yamlLineError(err)
		}
		if len(doc.Content) == 0 {
			return f, nil
		}
		m := doc.Content[0]
		if m.Kind != yaml.MappingNode {
			return f, &lineError{m.Line + 1, "front matter must be a mapping of keys to values"}
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			var val any
			if err := v.Decode(&val); err != nil {
				return f, &lineError{v.Line + 1, fmt.Sprintf("%s: %v", k.Value, err)}
			}
			if _, dup := f.Lines[k.Value]; dup {
				return f, &lineError{k.Line + 1, fmt.Sprintf("key %q given twice", k.Value)}
			}
			f.Values[k.Value] = val
			f.Lines[k.Value] = k.Line + 1
			if v.Kind == yaml.SequenceNode {
				lines := make([]int, len(v.Content))
				for j, item := range v.Content {
					lines[j] = item.Line + 1
				}
				if f.ItemLines == nil {
					f.ItemLines = map[string][]int{}
				}
				f.ItemLines[k.Value] = lines
			}
		}
	case "toml":
		md, err := toml.Decode(string(front), &f.Values)
		if err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return f, &lineError{pe.Position.Line + 1, pe.Message}
			}
			return f, &lineError{1, err.Error()}
		}
		// TOML keeps no positions for values; a key's line is where it is
		// written as a top-level "key =".
		for _, k := range md.Keys() {
			if len(k) != 1 {
				continue
			}
			f.Lines[k[0]] = 1 + tomlKeyLine(front, k[0])
		}
	}
	return f, nil
}

func tomlKeyLine(front []byte, key string) int {
	for i, l := range strings.Split(string(front), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, key) {
			r := strings.TrimSpace(t[len(key):])
			if strings.HasPrefix(r, "=") {
				return i + 1
			}
		}
		if t == "["+key+"]" {
			return i + 1
		}
	}
	return 0
}

// yamlLineError moves the line yaml reports ("yaml: line 3: ...") from the
// front matter to the file, where it starts one line down.
func yamlLineError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
				return &lineError{n + 1, strings.TrimSpace(rest[i+1:])}
			}
		}
	}
	return &lineError{1, msg}
}
