package turnids

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// turn is a turn of a test transcript: speaker and words.
type turn struct{ sp, text string }

func number(t *testing.T, rec *Record, ts []turn) Numbered {
	t.Helper()
	in := make([]Turn, len(ts))
	for i, x := range ts {
		in[i] = NewTurn(x.sp, x.text)
	}
	out := Number(rec, in)
	// The record survives being written and read.
	back, err := Parse(out.Record.Format())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back.Entries, out.Record.Entries, func(a, b Entry) bool { return a.N == b.N && a.State == b.State && a.Print.Equal(b.Print) }) {
		t.Fatalf("record changed through Format and Parse:\n%s", out.Record.Format())
	}
	return out
}

var base = []turn{
	{"mayor", "Good evening and welcome to the council meeting on the harbour wall and its repair"},
	{"clerk", "The first item is the report of the engineers on the state of the northern wall"},
	{"mayor", "Thank you. I ask the engineer to present the findings of the survey made in March"},
	{"engineer", "The survey found three breaches below the waterline and a crack along the old quay"},
	{"mayor", "How much would the repair cost, and how long would the harbour stay closed to boats"},
	{"engineer", "About two million over eighteen months, with the harbour open for most of that time"},
	{"engineer", "The government would pay half of it and the town the other half over three years"},
	{"clerk", "The next item is the library opening hours which the committee asked us to extend"},
}

// TestNumberEdits edits a transcript step by step and checks, after each
// step, the numbers the turns get and that every number given before
// still leads to the same words.
func TestNumberEdits(t *testing.T) {
	t.Parallel()
	steps := []struct {
		name string
		edit func([]turn) []turn
		want []int // the turns' numbers in document order
		gone map[int]int
	}{
		{"first build", func(ts []turn) []turn { return ts }, []int{1, 2, 3, 4, 5, 6, 7, 8}, nil},
		{"words fixed", func(ts []turn) []turn {
			ts[3].text = strings.Replace(ts[3].text, "three breaches", "three small breaches", 1)
			ts[4].text = strings.ToUpper(ts[4].text[:1]) + ts[4].text[1:] + "?"
			return ts
		}, []int{1, 2, 3, 4, 5, 6, 7, 8}, nil},
		{"a turn inserted at the start", func(ts []turn) []turn {
			return append([]turn{{"mayor", "Before we start, a word on the minutes of the last meeting"}}, ts...)
		}, []int{9, 1, 2, 3, 4, 5, 6, 7, 8}, nil},
		{"a turn split in two", func(ts []turn) []turn {
			words := strings.Fields(ts[4].text)
			a, b := strings.Join(words[:6], " "), strings.Join(words[6:], " ")
			return slices.Concat(ts[:4], []turn{{"engineer", a}, {"engineer", b}}, ts[5:])
		}, []int{9, 1, 2, 3, 4, 10, 5, 6, 7, 8}, nil},
		{"two turns merged", func(ts []turn) []turn {
			m := turn{"engineer", ts[7].text + " " + ts[8].text}
			return slices.Concat(ts[:7], []turn{m}, ts[9:])
		}, []int{9, 1, 2, 3, 4, 10, 5, 6, 8}, map[int]int{7: 6}},
		{"a turn deleted", func(ts []turn) []turn {
			return slices.Delete(ts, 2, 3)
		}, []int{9, 1, 3, 4, 10, 5, 6, 8}, map[int]int{7: 6, 2: 3}},
		{"a turn moved to the end", func(ts []turn) []turn {
			return append(slices.Delete(slices.Clone(ts), 0, 1), ts[0])
		}, []int{1, 3, 4, 10, 5, 6, 8, 9}, map[int]int{7: 6, 2: 3}},
		{"a deleted turn written again", func(ts []turn) []turn {
			return slices.Insert(ts, 1, base[1])
		}, []int{1, 2, 3, 4, 10, 5, 6, 8, 9}, map[int]int{7: 6}},
		// Other words in the same place, on the same subject, are another
		// turn: the old number is not given to them.
		{"a turn written anew", func(ts []turn) []turn {
			ts[2].text = "The engineers of the council survey the harbour wall in March, and present their findings to the meeting"
			return ts
		}, []int{1, 2, 11, 4, 10, 5, 6, 8, 9}, map[int]int{7: 6, 3: 4}},
	}
	var ts []turn
	var rec *Record
	was := map[int]string{} // the words each number was given
	for _, st := range steps {
		if ts == nil {
			ts = slices.Clone(base)
		}
		ts = st.edit(slices.Clone(ts))
		out := number(t, rec, ts)
		if !slices.Equal(out.Numbers, st.want) {
			t.Errorf("%s: numbers %v, want %v\n%s", st.name, out.Numbers, st.want, out.Record.Format())
		}
		now := map[int]string{}
		for i, n := range out.Numbers {
			if _, dup := now[n]; dup {
				t.Errorf("%s: number %d given twice", st.name, n)
			}
			now[n] = ts[i].text
		}
		for n, words := range was {
			leads := out.Record.Leads(n)
			if _, live := now[n]; live && leads != n {
				t.Errorf("%s: t%d is live but leads to t%d", st.name, n, leads)
			}
			if want, removed := st.gone[n]; removed && leads != want {
				t.Errorf("%s: removed t%d leads to t%d, want t%d", st.name, n, leads, want)
			}
			if _, live := now[n]; !live && st.gone[n] == 0 {
				t.Errorf("%s: t%d is gone, unexpectedly", st.name, n)
			}
			// A live number holds the words it held, or their first part.
			if got, live := now[n]; live && !sharesStart(words, got) {
				t.Errorf("%s: t%d now holds %q, not %q", st.name, n, got, words)
			}
		}
		var markers []int
		for _, m := range out.Removed {
			markers = append(markers, m.N)
		}
		var removed []int
		for n := range st.gone {
			removed = append(removed, n)
		}
		slices.Sort(markers)
		slices.Sort(removed)
		if !slices.Equal(markers, removed) {
			t.Errorf("%s: markers for %v, want %v", st.name, markers, removed)
		}
		for n, w := range now {
			if _, ok := was[n]; !ok {
				was[n] = w
			}
		}
		rec = &out.Record
	}
}

// sharesStart says whether two versions of a turn start with the same words.
func sharesStart(a, b string) bool {
	wa, wb := Words(a), Words(b)
	return len(wa) > 2 && len(wb) > 2 && slices.Equal(wa[:3], wb[:3])
}

// TestNumberDeterministic: the same record and turns give the same
// numbers, whatever came before.
func TestNumberDeterministic(t *testing.T) {
	t.Parallel()
	first := number(t, nil, base)
	edited := slices.Concat(base[2:], base[:2])
	a := number(t, &first.Record, edited)
	b := number(t, &first.Record, edited)
	if !slices.Equal(a.Numbers, b.Numbers) || string(a.Record.Format()) != string(b.Record.Format()) {
		t.Fatalf("two runs differ: %v %v", a.Numbers, b.Numbers)
	}
}

// TestFormat: the record's lines as the format defines them, hashes
// zero-padded to their width; Parse reads them back.
func TestFormat(t *testing.T) {
	t.Parallel()
	r := Record{Entries: []Entry{
		{N: 1, Print: Print{Speaker: "ann", Words: 12, Ends: 0x0a0b, Sketch: []uint32{0x1, 0xab, 0xffff}}},
		{N: 3, State: Deleted, Print: Print{Speaker: "bo", Words: 0, Ends: 0xdeadbeef}},
		{N: 2, State: Merged, Print: Print{Speaker: "ann", Words: 7, Ends: 0, Sketch: []uint32{0x0100}}},
	}, Aliases: []string{"old-slug"}}
	want := header + "1 ann 12 00000a0b 0001 00ab ffff\n-3 bo 0 deadbeef\n+2 ann 7 00000000 0100\nalias old-slug\n"
	if got := string(r.Format()); got != want {
		t.Fatalf("Format:\n%s\nwant:\n%s", got, want)
	}
	back, err := Parse([]byte(want))
	if err != nil || string(back.Format()) != want {
		t.Fatalf("Parse then Format: %v\n%s", err, back.Format())
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"1 a 3 00000000 0a\n1 a 3 00000000 0b\n", "2: turn 1 is listed twice"},
		{"<<<<<<< HEAD\n", "1: a merge conflict"},
		{"x a 3 00000000\n", `1: "x" is not a turn number`},
		{"1 a\n", "1: not a turn's line"},
	} {
		_, err := Parse([]byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestNumberSwapped: two turns of one speaker that share most words,
// swapped, each keep their number: the alignment in order would pair each
// with the other's words, and an address would lead to what was not said
// there.
func TestNumberSwapped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		a, b []turn
		want []int
	}{
		{"agree and disagree",
			[]turn{{"q", "What did the council decide about the harbour wall last night"}, {"m", "I agree with that completely."}, {"q", "And the ferry?"}, {"m", "I disagree with that completely."}},
			[]turn{{"q", "What did the council decide about the harbour wall last night"}, {"m", "I disagree with that completely."}, {"q", "And the ferry?"}, {"m", "I agree with that completely."}},
			[]int{1, 4, 3, 2}},
		{"yes and no",
			[]turn{{"q", "Will you stand again?"}, {"m", "Yes, absolutely."}, {"q", "Will you raise taxes?"}, {"m", "No, absolutely not."}},
			[]turn{{"q", "Will you stand again?"}, {"m", "No, absolutely not."}, {"q", "Will you raise taxes?"}, {"m", "Yes, absolutely."}},
			[]int{1, 4, 3, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := number(t, nil, tc.a)
			got := number(t, &first.Record, tc.b)
			if !slices.Equal(got.Numbers, tc.want) {
				t.Errorf("numbers %v, want %v", got.Numbers, tc.want)
			}
		})
	}
}

// BenchmarkRecord formats and parses the record of a transcript of 60
// turns, as a build does for every transcript.
func BenchmarkRecord(b *testing.B) {
	var r Record
	for i := range 60 {
		r.Entries = append(r.Entries, Entry{N: i + 1, Print: NewTurn("speaker-id", strings.Repeat("words of a turn spoken once ", i%9+1)+fmt.Sprint(i)).Print})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(r.Format()); err != nil {
			b.Fatal(err)
		}
	}
}
