package importer

import (
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// Field is a front matter key an import carries over as it was, with its
// decoded value.
type Field struct {
	Key   string
	Value any
}

// keptKeys are the contract's front matter keys, besides those import
// reads (title, date, location, source, speakers), that a Markdown file's
// own front matter keeps through an import, in the order they are written.
var keptKeys = []string{"media", "language", "summary", "topics", "slug", "draft"}

// keyAliases are other sites' names for kept keys, read when the file does
// not use the contract's.
var keyAliases = map[string][]string{
	"media":    {"audio", "audio_url", "enclosure", "mp3", "video"},
	"language": {"lang"},
	"summary":  {"description"},
}

// frontMatter reads YAML or TOML front matter, as Markdown exports of
// transcripts and other sites' archives have, and returns the index of the
// first line after it.
func (p *parse) frontMatter(lines []textLine) (int, error) {
	if len(lines) == 0 || lines[0].text != "---" && lines[0].text != "+++" {
		return 0, nil
	}
	delim, format := lines[0].text, "yaml"
	if delim == "+++" {
		format = "toml"
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if lines[i].text == delim || delim == "---" && lines[i].text == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return 0, nil
	}
	var src strings.Builder
	for _, l := range lines[1:end] {
		src.WriteString(l.text + "\n")
	}
	front, err := load.DecodeFront([]byte(src.String()), format)
	if err != nil {
		return 0, p.errorAt(1, "front matter: %v", err)
	}
	fm := front.Values
	str := func(keys ...string) string {
		for _, k := range keys {
			switch v := fm[k].(type) {
			case string:
				return strings.TrimSpace(v)
			case time.Time:
				return v.Format("2006-01-02")
			}
		}
		return ""
	}
	p.t.Title = strings.Join(strings.Fields(str("title")), " ")
	if d, ok := findDate(str("date", "published_time", "published")); ok {
		p.t.Date = d.date
	}
	p.t.Location = str("location", "place")
	if u := str("source", "source_url", "url"); isURL(u) {
		p.t.Source = u
	}
	p.t.Kept = keptFields(fm)
	p.presetSpeakers(fm["speakers"])
	return end + 1, nil
}

func isURL(s string) bool { return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") }

// keptFields picks the kept keys out of front matter, under their own
// names or, for a media URL, a summary or a language, another site's.
func keptFields(fm map[string]any) []Field {
	var out []Field
	for _, k := range keptKeys {
		v, ok := fm[k]
		for _, alias := range keyAliases[k] {
			if ok {
				break
			}
			v, ok = fm[alias]
			if s, isStr := v.(string); k == "media" && ok && (!isStr || !isURL(strings.TrimSpace(s))) {
				ok = false // a file name on the old site, not a recording's address
			}
		}
		if ok && v != nil {
			out = append(out, Field{Key: k, Value: v})
		}
	}
	return out
}

// presetSpeakers makes the speakers a file's front matter lists known
// before its labels are read, so that their labels keep the file's ids,
// names and roles. --speaker still wins over them.
func (p *parse) presetSpeakers(v any) {
	items, _ := v.([]any)
	for _, item := range items {
		var sp Speaker
		switch it := item.(type) {
		case string:
			name := strings.TrimSpace(it)
			if model.IsID(name) {
				continue // an id alone: the archive's profile names them
			}
			sp = Speaker{ID: model.Slugify(name), Name: name}
		case map[string]any:
			sp.ID, _ = it["id"].(string)
			sp.Name, _ = it["name"].(string)
			sp.Role, _ = it["role"].(string)
			if al, ok := it["aliases"].([]any); ok {
				for _, a := range al {
					if s, ok := a.(string); ok && strings.TrimSpace(s) != "" {
						sp.Aliases = append(sp.Aliases, strings.TrimSpace(s))
					}
				}
			}
			if sp.ID == "" {
				sp.ID = model.Slugify(sp.Name)
			}
		}
		if model.IsID(sp.ID) && (sp.Name != "" || len(sp.Aliases) > 0) {
			p.reg.preset(sp)
		}
	}
}

// keptSlug is the slug the file's own front matter gave, if it gave one.
func (t *Transcript) keptSlug() string {
	for _, f := range t.Kept {
		if s, ok := f.Value.(string); ok && f.Key == "slug" && model.IsID(s) {
			return s
		}
	}
	return ""
}
