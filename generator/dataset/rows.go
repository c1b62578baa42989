package dataset

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// appendRows appends the rows of t's turns to dst, a line of JSON each,
// byte for byte as encoding/json's Encoder writes a Row with HTML
// escaping off (TestRowsAsEncodingJSON): written by hand, the fields a
// transcript's rows share are escaped once for all of them, and no
// reflection runs for each turn, which took a fifth of making a part.
func appendRows(dst []byte, t *model.Transcript, turns []markdown.Turn) []byte {
	date := t.Date.Format("2006-01-02")
	if t.Date.Hour() != 0 || t.Date.Minute() != 0 || t.Date.Second() != 0 {
		date = t.Date.Format(time.RFC3339) // as index.json gives it
	}
	// What every row of t begins with, up to its number.
	head := []byte(`{"slug":`)
	head = appendString(head, t.Slug)
	head = append(head, `,"title":`...)
	head = appendString(head, t.Title)
	head = append(head, `,"date":`...)
	head = appendString(head, date)
	head = append(head, `,"n":`...)
	// What follows the time in every row.
	topics := []byte(`,"topics":[`)
	for i, tp := range t.Topics {
		if i > 0 {
			topics = append(topics, ',')
		}
		topics = appendString(topics, tp.ID)
	}
	topics = append(topics, `],"text":`...)
	// Each speaker's id and name, by id.
	who := make(map[string][]byte, len(t.Speakers))
	for _, a := range t.Speakers {
		who[a.Speaker.ID] = speakerFields(a.Speaker.ID, a.Speaker.Name)
	}
	for _, tu := range turns {
		dst = append(dst, head...)
		dst = strconv.AppendInt(dst, int64(tu.N), 10)
		fields, ok := who[tu.Speaker]
		if !ok {
			fields = speakerFields(tu.Speaker, "")
			who[tu.Speaker] = fields
		}
		dst = append(dst, fields...)
		dst = append(dst, `,"time":`...)
		if tu.Time != "" {
			dst = appendString(dst, tu.Time)
		} else {
			dst = append(dst, "null"...)
		}
		dst = append(dst, topics...)
		dst = appendString(dst, tu.Text)
		dst = append(dst, "}\n"...)
	}
	return dst
}

// speakerFields are a row's speaker and name fields; a speaker without a
// name is named by id.
func speakerFields(id, name string) []byte {
	if name == "" {
		name = id
	}
	b := []byte(`,"speaker":`)
	b = appendString(b, id)
	b = append(b, `,"name":`...)
	return appendString(b, name)
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string, escaped as encoding/json
// escapes it with HTML escaping off: quote, backslash and control
// characters, invalid UTF-8 as U+FFFD, and U+2028 and U+2029, which
// JavaScript reads as line ends.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
