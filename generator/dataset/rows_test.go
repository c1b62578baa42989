package dataset

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// encodingJSON writes the rows of t's turns as the data file's format is
// defined: encoding/json's Encoder, HTML escaping off, one Row a line.
func encodingJSON(t *model.Transcript, turns []markdown.Turn) []byte {
	names := map[string]string{}
	for _, a := range t.Speakers {
		names[a.Speaker.ID] = a.Speaker.Name
	}
	topics := make([]string, len(t.Topics))
	for i, tp := range t.Topics {
		topics[i] = tp.ID
	}
	date := t.Date.Format("2006-01-02")
	if t.Date.Hour() != 0 || t.Date.Minute() != 0 || t.Date.Second() != 0 {
		date = t.Date.Format(time.RFC3339)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for _, tu := range turns {
		row := Row{Slug: t.Slug, Title: t.Title, Date: date, N: tu.N, Speaker: tu.Speaker, Name: names[tu.Speaker], Topics: topics, Text: tu.Text}
		if row.Name == "" {
			row.Name = tu.Speaker
		}
		if tu.Time != "" {
			row.Time = &tu.Time
		}
		if err := enc.Encode(row); err != nil {
			panic(err)
		}
	}
	return out.Bytes()
}

// TestRowsAsEncodingJSON holds the hand-written rows to encoding/json's,
// byte for byte, on text that needs every kind of escape.
func TestRowsAsEncodingJSON(t *testing.T) {
	hard := []string{
		"", "plain words", `say "hi" \ back\slash`, "tab\there\nline\r\nend",
		"\b\f\x00\x01\x1f\x7f", "<b>&amp;</b> 'quotes'", "café – naïve — “curly” 日本語 🎙️",
		"bad \xff\xfe utf8 \xc3", "line\u2028sep\u2029para", "\U0010FFFF edge \uFFFD",
		"ends in a cut rune \xe2\x80",
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			b[i] = byte(rnd.IntN(256))
		}
		hard = append(hard, string(b))
	}
	alice := &model.Speaker{ID: "alice", Name: "Alice \"Al\" <Smith>"}
	nameless := &model.Speaker{ID: "bob"}
	for _, tc := range []struct {
		name string
		t    *model.Transcript
	}{
		{"day", &model.Transcript{Slug: "2024-03-05-a", Title: "A \"title\" \u2028", Date: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
			Speakers: []*model.Appearance{{Speaker: alice}, {Speaker: nameless}}, Topics: []*model.Topic{{ID: "budget"}, {ID: "t\"2"}}}},
		{"time of day, no topics", &model.Transcript{Slug: "b", Title: "B", Date: time.Date(2024, 3, 5, 10, 30, 0, 0, time.FixedZone("", 3600)),
			Speakers: []*model.Appearance{{Speaker: alice}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var turns []markdown.Turn
			for i, s := range hard {
				tu := markdown.Turn{N: i + 1, Speaker: []string{"alice", "bob", "carol", s}[i%4], Text: s}
				if i%3 == 0 {
					tu.Time = "00:01:0" + string(rune('0'+i%10))
				}
				turns = append(turns, tu)
			}
			want := encodingJSON(tc.t, turns)
			got := appendRows(nil, tc.t, turns)
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("row %d:\n got %q\nwant %q", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("%d lines, want %d", len(gl), len(wl))
			}
		})
	}
}
