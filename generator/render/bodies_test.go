package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// memSpill is a temporary file in memory that fails to write after limit
// bytes, or to read when broken.
type memSpill struct {
	bytes.Buffer
	limit  int
	broken bool
}

func (s *memSpill) Write(p []byte) (int, error) {
	if s.Len()+len(p) > s.limit {
		return 0, errors.New("disk full")
	}
	return s.Buffer.Write(p)
}

func (s *memSpill) ReadAt(p []byte, at int64) (int, error) {
	if s.broken || int(at)+len(p) > s.Len() {
		return 0, errors.New("unreadable")
	}
	return copy(p, s.Bytes()[at:]), nil
}

// Bodies gives back each transcript's body and turn excerpts whether they
// went to the spill, stayed in memory because writing failed, or cannot
// be read back (the page then parses again: take says so).
func TestBodiesSpill(t *testing.T) {
	t.Parallel()
	conv := markdown.New(markdown.Options{})
	long := strings.Repeat("word ", 100)
	src := []byte("**Ann:** Hello, *world*.\n\n**Bob:** " + long + "\n\n**Ann:** Bye.\n")
	opts := markdown.DocOptions{
		Labels:   map[string]string{markdown.NormalizeLabel("Ann"): "ann", markdown.NormalizeLabel("Bob"): "bob"},
		Speakers: map[string]markdown.Speaker{"ann": {Name: "Ann"}, "bob": {Name: "Bob"}},
	}
	for _, c := range []struct {
		name      string
		spill     *memSpill
		bodyKept  bool
		excerptOK bool
	}{
		{"spilled", &memSpill{limit: 1 << 20}, true, true},
		{"write failed", &memSpill{limit: 0}, false, true},
		{"read failed", &memSpill{limit: 1 << 20, broken: true}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := NewBodies(0)
			b.SpillTo(c.spill)
			if !b.LeavesExcerpts() {
				t.Fatal("with a spill, Bodies does not keep the excerpts")
			}
			tr := &model.Transcript{Slug: "a"}
			doc := conv.Parse(src, opts)
			b.Keep(tr, doc)
			if c.name == "read failed" {
				c.spill.broken = true
			}
			if err := b.SpillErr(); (err != nil) != (c.name == "write failed") {
				t.Errorf("SpillErr() = %v", err)
			}

			exc, ok := b.Excerpts(tr, []int{1, 3})
			if ok != c.excerptOK {
				t.Fatalf("Excerpts ok = %v, want %v", ok, c.excerptOK)
			}
			if ok && (len(exc) != 2 || exc[0] != "Hello, world." || exc[1] != "Bye.") {
				t.Errorf("excerpts of turns 1 and 3: %q", exc)
			}
			if ok {
				exc, _ := b.Excerpts(tr, []int{2})
				if len(exc) != 1 || !strings.HasSuffix(exc[0], "…") || len(exc[0]) > 300 {
					t.Errorf("the long turn's excerpt: %q", exc)
				}
			}

			bd, ok := b.take(tr)
			if ok != c.bodyKept {
				t.Fatalf("take ok = %v, want %v", ok, c.bodyKept)
			}
			if ok {
				if !strings.Contains(string(bd.html), "<em>world</em>") {
					t.Errorf("the body's HTML: %s", bd.html)
				}
				if len(bd.turns) != 3 || bd.turns[1].Speaker != "bob" || bd.turns[1].Text != strings.TrimSpace(long) {
					t.Errorf("the body's turns: %+v", bd.turns)
				}
			}
			if _, again := b.take(tr); again {
				t.Error("a body was handed out twice")
			}
		})
	}
}

// Turns come back from the spill as they went in, whatever their numbers:
// the last turn of a long recording has a large line and time, and is the
// last thing in the encoding. Damaged bytes are an error, not a panic.
func TestTurnsEncoding(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		turns []markdown.Turn
	}{
		{"none", nil},
		{"late line", []markdown.Turn{{N: 1, Speaker: "a", Text: "hello there", Words: 2, Line: 600}}},
		{"late time, short text", []markdown.Turn{{N: 1, Speaker: "a", Time: "01:30:00", Seconds: 5400, Text: "Thanks.", Words: 1, Line: 90}}},
		{"long recording", []markdown.Turn{
			{N: 1, Speaker: "ann", Time: "0:00:01", Seconds: 1, Text: "Hello, «world» — ünïcode.", Words: 3, Line: 6},
			{N: 2, Speaker: "bob", Text: "", Words: 0, Line: 9},
			{N: 40000, Speaker: "ann", Time: "99:59:59", Seconds: 359999, Text: "Bye.", Words: 1, Line: 1 << 20},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			enc := encodeTurns([]byte("<p>html first</p>"), c.turns)[len("<p>html first</p>"):]
			got, err := decodeTurns(string(enc))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.turns) {
				t.Fatalf("%d turns back, %d in", len(got), len(c.turns))
			}
			for i := range got {
				if got[i] != c.turns[i] {
					t.Errorf("turn %d: %+v, want %+v", i, got[i], c.turns[i])
				}
			}
			for cut := 0; cut < len(enc); cut++ {
				if _, err := decodeTurns(string(enc[:cut])); err == nil && len(c.turns) > 0 {
					t.Errorf("cut to %d of %d bytes: no error", cut, len(enc))
				}
			}
		})
	}
}
