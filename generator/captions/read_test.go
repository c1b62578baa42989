package captions

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"00:00:01,000", ms(1000), true},
		{"01:02:03.456", ms(3723456), true},
		{"02:03.4", ms(123400), true},
		{"0.860", ms(860), true},
		{"7", ms(7000), true},
		{"1:00:00", time.Hour, true},
		{"00:00:01.23456", ms(1234), true}, // past milliseconds is cut, not rounded
		{"00:60:00", 0, false},
		{"1:2:3:4", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{"", 0, false},
		{"00:01.x", 0, false},
	} {
		got, ok := ParseClock(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestIsTimingLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"00:00:01,000 --> 00:00:04,000", true},
		{"  00:01.000 --> 00:04.000 align:start position:10%", true},
		{"0.860 --> 7.380", true},
		{"00:00:01,000 --> 00:00:04,000 X1:100 X2:200", true},
		{"00:00:01,000 -> 00:00:04,000", false},
		{"Ann: a --> b", false},
		{"00:00:01,000 -->00:00:04,000x", false},
	} {
		if got := IsTimingLine(tc.in); got != tc.want {
			t.Errorf("IsTimingLine(%q) = %v", tc.in, got)
		}
	}
}

// cue is a Cue written short for the tables: one span a voice and text.
func cue(line int, id string, start, end int, spans ...string) Cue {
	c := Cue{Line: line, ID: id, Start: ms(start), End: ms(end), Timed: true}
	for i := 0; i+1 < len(spans); i += 2 {
		c.Spans = append(c.Spans, Span{Voice: spans[i], Text: spans[i+1]})
	}
	return c
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func(string) (*File, error)
		in   string
		want File
	}{
		{
			name: "SRT",
			read: ReadSRT,
			in:   "1\n00:00:01,000 --> 00:00:02,500\n<i>Ann:</i> Hello,\nthere.\n\n2\n00:00:03,000 --> 00:00:04,000 X1:1 X2:2\n{\\an8}<font color=\"red\">Bo</font>: Hi &amp; bye\n",
			want: File{Cues: []Cue{
				cue(2, "1", 1000, 2500, "", "Ann: Hello, there."),
				cue(7, "2", 3000, 4000, "", "Bo: Hi &amp; bye"),
			}},
		},
		{
			name: "SRT with CRLF, no numbers, blank lines in front",
			read: ReadSRT,
			in:   "\r\n\r\n00:00:01,000 --> 00:00:02,000\r\nOne\r\n\r\n0.5 --> 7.25\r\nTwo\r\n",
			want: File{Cues: []Cue{cue(3, "", 1000, 2000, "", "One"), cue(6, "", 500, 7250, "", "Two")}},
		},
		{
			name: "SRT cue without text",
			read: ReadSRT,
			in:   "1\n00:00:01,000 --> 00:00:02,000\n",
			want: File{Cues: []Cue{cue(2, "1", 1000, 2000, "", "")}},
		},
		{
			name: "a blank line inside a cue",
			read: ReadSRT,
			in:   "1\n00:00:01,000 --> 00:00:02,000\nFirst half\n\nsecond half\n\n2\n00:00:03,000 --> 00:00:04,000\nNext\n",
			want: File{
				Cues:     []Cue{cue(2, "1", 1000, 2000, "", "First half second half"), cue(8, "2", 3000, 4000, "", "Next")},
				Warnings: []Warning{{5, "text without a cue time: taken as more of the cue above"}},
			},
		},
		{
			name: "WebVTT",
			read: ReadVTT,
			in: "WEBVTT - Harbour Talk, episode 12\nKind: captions\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\n" +
				"t1\n00:01.000 --> 00:02.000 align:start\n<v.loud Sarah Lee>Hi <i>there</i></v> <v Tom>Hello &lt;you&gt;\n\n" +
				"00:03.000 --> 00:04.000\n<c.yellow>plain</c> <00:03.500>words\n\n" +
				"00:05.000 --> 00:06.000\n<v Ann></v>\n\n00:07.000 --> 00:08.000\n<b></b>\n",
			want: File{Title: "Harbour Talk, episode 12", Cues: []Cue{
				cue(14, "t1", 1000, 2000, "Sarah Lee", "Hi there", "Tom", "Hello <you>"),
				cue(17, "", 3000, 4000, "", "plain words"),
				cue(20, "", 5000, 6000, "Ann", ""),
				cue(23, "", 7000, 8000),
			}},
		},
		{
			name: "WebVTT without a header",
			read: ReadVTT,
			in:   "\n00:01.000 --> 00:02.000\nHi\n",
			want: File{
				Cues:     []Cue{cue(2, "", 1000, 2000, "", "Hi")},
				Warnings: []Warning{{0, "no WEBVTT header: read as WebVTT all the same"}},
			},
		},
		{
			name: "WebVTT: cues in the file's order, header only",
			read: ReadVTT,
			in:   "WEBVTT\n\n00:05.000 --> 00:06.000\nlater\n\n00:01.000 --> 00:02.000\nearlier\n",
			want: File{Cues: []Cue{cue(3, "", 5000, 6000, "", "later"), cue(6, "", 1000, 2000, "", "earlier")}},
		},
		{
			name: "WebVTT with no cues",
			read: ReadVTT,
			in:   "WEBVTT\n\nNOTE nothing yet\n",
			want: File{Cues: []Cue{}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.read(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func(string) (*File, error)
		in   string
		line int
		msg  string // the start of the message
	}{
		{"text before any cue", ReadSRT, "Hello there\n\n1\n00:00:01,000 --> 00:00:02,000\nx\n", 1, `expected a cue time such as "00:00:01,000 --> 00:00:04,000", found "Hello there"`},
		{"a long line is clipped", ReadSRT, strings.Repeat("word ", 30), 1, `expected a cue time such as "00:00:01,000 --> 00:00:04,000", found "` + strings.Repeat("word ", 12)[:60] + `…"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.read(tc.in)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v (%T), want an *Error", err, err)
			}
			if e.Line != tc.line || !strings.HasPrefix(e.Msg, tc.msg) {
				t.Errorf("error at line %d: %s\nwant line %d: %s", e.Line, e.Msg, tc.line, tc.msg)
			}
		})
	}
}

func TestReadPodcastJSON(t *testing.T) {
	untimed := func(id, voice, text string) Cue { return Cue{ID: id, Spans: []Span{{Voice: voice, Text: text}}} }
	timed := func(start int, id, voice, text string) Cue {
		c := untimed(id, voice, text)
		c.Start, c.Timed = ms(start), true
		return c
	}
	for _, tc := range []struct {
		name string
		in   string
		want []Cue
	}{
		{
			name: "document",
			in: `{"version": "1.0.0", "segments": [
				{"id": "t1", "speaker": "Ann", "startTime": 1.5, "endTime": 3, "body": "Hello.\n\nAgain."},
				{"speaker": "Bo", "startTime": "2.25", "body": "Hi"},
				{"startTime": "00:01:02.5", "body": "clock"},
				{"startTime": null, "body": "untimed"},
				{"body": ""}]}`,
			want: []Cue{timed(1500, "t1", "Ann", "Hello.\n\nAgain."), timed(2250, "", "Bo", "Hi"), timed(62500, "", "", "clock"), untimed("", "", "untimed"), untimed("", "", "")},
		},
		{
			name: "bare array",
			in:   ` [{"speaker": "Ann", "startTime": 0, "body": "x"}]`,
			want: []Cue{timed(0, "", "Ann", "x")},
		},
		{
			name: "no segments in them",
			in:   `{"segments": []}`,
			want: []Cue{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadPodcastJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Cues, tc.want) || got.Title != "" || got.Warnings != nil {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestReadPodcastJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"syntax", "{\"segments\": [\n{\"body\": \"a\"},\n{\"body\": }]}", 3, "invalid JSON: invalid character '}'"},
		{"a field of the wrong type", "{\"segments\": [\n{\"body\": 1}]}", 2, "not a podcast namespace JSON transcript: segments.body is a number, not a string"},
		{"not an object", "\n 5", 2, "not a podcast namespace JSON transcript: a JSON number where an object should be"},
		{"a segment not an object", "[{\"body\": \"a\"},\n\"b\"]", 2, "not a podcast namespace JSON transcript: a JSON string where an object should be"},
		{"no segments", `{"version": "1.0.0"}`, 0, `no "segments": not a podcast namespace JSON transcript`},
		{"a negative time", `[{"startTime": -1, "body": "a"}]`, 0, "segments[0].startTime: -1 is not a time in seconds"},
		{"not a time", `[{"body": "a"}, {"startTime": "soon", "body": "b"}]`, 0, `segments[1].startTime: "soon" is not a time in seconds`},
		{"not a number", `[{"startTime": "NaN", "body": "b"}]`, 0, `segments[0].startTime: NaN is not a time in seconds`},
		{"empty", ``, 1, "invalid JSON: unexpected end of JSON input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadPodcastJSON([]byte(tc.in))
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v (%T), want an *Error", err, err)
			}
			if e.Line != tc.line || !strings.HasPrefix(e.Msg, tc.msg) {
				t.Errorf("error at line %d: %s\nwant line %d: %s", e.Line, e.Msg, tc.line, tc.msg)
			}
		})
	}
}
