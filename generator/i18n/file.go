package i18n

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"go.yaml.in/yaml/v3"
)

// forms are the CLDR plural categories a phrase may have a form for.
var forms = []string{"zero", "one", "two", "few", "many", "other"}

// message is one phrase of a translation file: its text, or its text for
// each plural category ("other" always among them).
type message struct {
	forms map[string][]segment
	// html marks a key ending in "_html": its text is markup, written as
	// it stands, and only its fields are escaped.
	html bool
	// raw is the phrase as the file has it, for the browser's copy.
	raw any
}

// segment is a piece of a phrase: text, or the field {{ .Name }} ("." for
// {{ . }}, the argument itself) when field is set.
type segment struct {
	text  string
	field string
}

// parseFile reads a translation file: YAML or TOML, each key a phrase,
// either text or a mapping of plural categories to text, as Hugo's i18n
// files are. name is the file as messages show it.
func parseFile(name string, data []byte) (map[string]*message, error) {
	if strings.HasSuffix(name, ".toml") {
		var m map[string]any
		if _, err := toml.Decode(string(data), &m); err != nil {
			return nil, diag.At(name, 0, "%v", err)
		}
		out := make(map[string]*message, len(m))
		for k, v := range m {
			msg, err := newMessage(k, v)
			if err != nil {
				return nil, diag.At(name, 0, "%v", err)
			}
			out[k] = msg
		}
		return out, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, diag.At(name, 0, "%v", err)
	}
	out := map[string]*message{}
	if len(doc.Content) == 0 {
		return out, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, diag.At(name, root.Line, "a translation file is a mapping of keys to phrases")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var val any
		if err := v.Decode(&val); err != nil {
			return nil, diag.At(name, v.Line, "%s: %v", k.Value, err)
		}
		msg, err := newMessage(k.Value, val)
		if err != nil {
			return nil, diag.At(name, k.Line, "%v", err)
		}
		out[k.Value] = msg
	}
	return out, nil
}

// newMessage makes the phrase key from what the file gives it.
func newMessage(key string, v any) (*message, error) {
	m := &message{forms: map[string][]segment{}, html: strings.HasSuffix(key, "_html"), raw: v}
	switch x := v.(type) {
	case string:
		segs, err := parsePhrase(x)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		m.forms["other"] = segs
	case map[string]any:
		raw := map[string]string{}
		for form, text := range x {
			s, ok := text.(string)
			if !ok || !isForm(form) {
				return nil, fmt.Errorf("%s: a phrase with plural forms maps %s to text", key, strings.Join(forms, ", "))
			}
			segs, err := parsePhrase(s)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", key, form, err)
			}
			m.forms[form] = segs
			raw[form] = s
		}
		if _, ok := m.forms["other"]; !ok {
			return nil, fmt.Errorf("%s: a phrase with plural forms needs its \"other\" form", key)
		}
		m.raw = raw
	default:
		return nil, fmt.Errorf("%s: a phrase is text, or a mapping of plural forms (one, few, many, other…) to text", key)
	}
	return m, nil
}

func isForm(f string) bool {
	for _, x := range forms {
		if f == x {
			return true
		}
	}
	return false
}

// parsePhrase splits "Page {{ .Number }} of {{ .Total }}" into its text and
// fields. Only fields stand between braces: a phrase is not a template, so
// a translation cannot run code.
func parsePhrase(s string) ([]segment, error) {
	var out []segment
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			if s != "" {
				out = append(out, segment{text: s})
			}
			return out, nil
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return nil, fmt.Errorf("%q has {{ with no }}", s)
		}
		if i > 0 {
			out = append(out, segment{text: s[:i]})
		}
		f := strings.TrimSpace(s[i+2 : i+j])
		if f != "." && (len(f) < 2 || f[0] != '.' || !isIdent(f[1:])) {
			return nil, fmt.Errorf("{{ %s }}: only a field such as {{ .Count }} may stand between braces", f)
		}
		if f != "." {
			f = f[1:]
		}
		out = append(out, segment{field: f})
		s = s[i+j+2:]
	}
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}
