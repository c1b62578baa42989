package captions

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// texts is what a test compares of the cues read: each cue's start and
// end, in milliseconds, and its text.
func texts(f *File) []string {
	var out []string
	for _, c := range f.Cues {
		var words []string
		for _, sp := range c.Spans {
			words = append(words, sp.Text)
		}
		out = append(out, fmt.Sprintf("%d-%d %s", c.Start/time.Millisecond, c.End/time.Millisecond, strings.Join(words, " / ")))
	}
	return out
}

// warningLines is the lines the warnings are about.
func warningLines(f *File) []int {
	var out []int
	for _, w := range f.Warnings {
		out = append(out, w.Line)
	}
	return out
}

// TestWebVTTParsingRules holds cases of the W3C web-platform-tests for
// WebVTT file parsing (wpt, webvtt/parsing/file-parsing/support/*.test),
// transcribed: the file, the cues a browser keeps, and the lines of the
// warnings for what it leaves out. Where the reader keeps a cue a browser
// leaves out, the case says so: it reads times whose meaning is plain
// (readTiming).
func TestWebVTTParsingRules(t *testing.T) {
	for _, tc := range []struct {
		name  string // the wpt file, or what the case is about
		in    string
		want  []string
		warns []int
	}{
		{
			name: "arrows.test: a line holding --> is a timing line, first or second in a block; later it starts the next block",
			in: "WEBVTT\n\n-->\n00:00:00.000 --> 00:00:01.000\ntext0\nfoo-->\n00:00:00.000 --> 00:00:01.000\ntext1\n" +
				"-->foo\n00:00:00.000 --> 00:00:01.000\ntext2\n--->\n00:00:00.000 --> 00:00:01.000\ntext3\n" +
				"-->-->\n00:00:00.000 --> 00:00:01.000\ntext4\n00:00:00.000 --> 00:00:01.000\ntext5\n\n" +
				"00:00:00.000 -a -->\n\n00:00:00.000 --a -->\n\n00:00:00.000 - -->\n\n00:00:00.000 -- -->\n",
			want:  []string{"0-1000 text0", "0-1000 text1", "0-1000 text2", "0-1000 text3", "0-1000 text4", "0-1000 text5"},
			warns: []int{3, 6, 9, 12, 15, 21, 23, 25, 27},
		},
		{
			name:  "timings-60.test: 60 minutes or seconds is no time; 60 hours is",
			in:    "WEBVTT\n\n00:00:60.000 --> 00:00:01.000\ninvalid\n\n00:60:00.000 --> 00:00:01.000\ninvalid\n\n00:00:00.000 --> 00:00:60.000\ninvalid\n\n00:00:00.000 --> 00:60:00.000\ninvalid\n\n00:00:00.000 --> 60:00:01.000\ntext1\n\n60:00:00.000 --> 60:00:01.000\ntext2\n",
			want:  []string{"0-216001000 text1", "216000000-216001000 text2"},
			warns: []int{3, 6, 9, 12},
		},
		{
			name:  "timings-too-long.test: doubled separators",
			in:    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ntext0\n\n00::00:00.000 --> 00:00:01.000\ninvalid\n\n00:00::00.000 --> 00:00:01.000\ninvalid\n\n00:00:00..000 --> 00:00:01.000\ninvalid\n\n00::00.000 --> 00:01.000\ninvalid\n\n000:00:00.000 --> 00:00:01.000\ntext1\n",
			want:  []string{"0-1000 text0", "0-1000 text1"},
			warns: []int{6, 9, 12, 15},
		},
		{
			name: "timings-garbage.test: a letter inside a time or the arrow",
			in: "WEBVTT\n\nx00:00:00.000 --> 00:00:01.000\ninvalid\n\n00:00:0x0.000 --> 00:00:01.000\ninvalid\n\n" +
				"00:00:00.000x --> 00:00:01.000\ninvalid\n\n00:00:00.000 -x-> 00:00:01.000\ninvalid\n\n" +
				"00:00:00.000 -->x 00:00:01.000\ninvalid\n\n00:00:00.000 --> 00:00:01.00x0\ninvalid\n\n" +
				"00.00:00.000 --> 00:00:01.000\ninvalid\n\n00:00:00:000 --> 00:00:01.000\ninvalid\n\n" +
				// A browser leaves this one out too; SRT's comma is read.
				"00:00:00,000 --> 00:00:01,000\ncomma\n",
			want:  []string{"0-1000 comma"},
			warns: []int{3, 6, 9, 12, 15, 18, 21, 24},
		},
		{
			name: "timings-too-short.test: what the reader keeps and a browser does not",
			in: "WEBVTT\n\n0:00:00.000 --> 00:00:01.000\ntext0\n\n00:00:00.00 --> 00:00:01.000\ntwo digits\n\n" +
				"00:0:00.000 --> 00:00:01.000\none-digit minute\n\n00:00:00 --> 00:00:01.000\nno fraction\n\n" +
				"00:00:00. --> 00:00:01.000\ninvalid\n\n . --> 00:00:01.000\ninvalid\n\n" +
				"00: --> 00:00:01.000\ninvalid\n\n --> 00:00:01.000\ninvalid\n",
			want:  []string{"0-1000 text0", "0-1000 two digits", "0-1000 one-digit minute", "0-1000 no fraction"},
			warns: []int{15, 18, 21, 24},
		},
		{
			name: "timings-omitted-hours.test",
			in:   "WEBVTT\n\n00:00.000 --> 00:00:01.000\ntext0\n\n00:00:00.000 --> 00:01.000\ntext1\n\n00:00.000 --> 00:01.000\ntext2\n",
			want: []string{"0-1000 text0", "0-1000 text1", "0-1000 text2"},
		},
		{
			name: "timings-negative.test: a cue may end before it starts",
			in:   "WEBVTT\n\n00:00:01.000 --> 00:00:00.999\ntext1\n",
			want: []string{"1000-999 text1"},
		},
		{
			name:  "timings-eof.test: a timing line cut short",
			in:    "WEBVTT\n\n00:00:00.000 -->",
			warns: []int{3},
		},
		{
			name: "header-timings.test: a timing line ends the header",
			in:   "WEBVTT\n00:00:00.000 --> 00:00:01.000\ntext",
			want: []string{"0-1000 text"},
		},
		{
			name:  "white space in a timing line: spaces, tabs and form feeds, not a vertical tab",
			in:    "WEBVTT\n\n00:00:00.000\t-->\t00:00:01.000\ntab\n\n00:00:01.000\f-->  00:00:02.000\nform feed\n\n00:00:02.000\v--> 00:00:03.000\nvertical tab\n\n00:00:03.000 --> 00:00:04.000\v\u00a0\nafter the end time: settings\n",
			want:  []string{"0-1000 tab", "1000-2000 form feed", "3000-4000 after the end time: settings"},
			warns: []int{9},
		},
		{
			name: "ids and settings",
			in:   "WEBVTT\n\nfirst cue\n00:00:00.000 --> 00:00:01.000 align:start line:0%\ntext0\n\n2\n00:00:01.000 --> 00:00:02.000\ntext1\n",
			want: []string{"0-1000 text0", "1000-2000 text1"},
		},
		{
			name: "a cue's text up to the next timing line, without an empty line between",
			in:   "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ntext0\n00:00:01.000 --> 00:00:02.000\ntext1\n",
			want: []string{"0-1000 text0", "1000-2000 text1"},
		},
		{
			name: "a line of white space is not an empty line: the cue goes on",
			in:   "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n \ntext0\n",
			want: []string{"0-1000 text0"},
		},
		{
			name:  "the text after a cue left out, past an empty line, is left out with it",
			in:    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ntext0\n\n00:00:61.000 --> 00:00:62.000\nbad\n\nmore of bad\n\n00:00:02.000 --> 00:00:03.000\ntext1\n",
			want:  []string{"0-1000 text0", "2000-3000 text1"},
			warns: []int{6, 9},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadVTT(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(f); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cues %q\nwant %q", got, tc.want)
			}
			if got := warningLines(f); !reflect.DeepEqual(got, tc.warns) {
				t.Errorf("warnings at lines %v, want %v: %+v", got, tc.warns, f.Warnings)
			}
		})
	}
}

// A cue left out is named with its line, its time and its text, so that
// no word is lost unreported (issue: "a caption file with one bad cue").
func TestDroppedCueWarnings(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func(string) (*File, error)
		in   string
		want []Warning
		cues int
	}{
		{"WebVTT, seconds past 59", ReadVTT, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nkept\n\n00:00:60.000 --> 00:00:61.000\nBad <i>time</i>, good words\n", []Warning{
			{6, `cannot read the cue time "00:00:60.000 --> 00:00:61.000": the cue is left out, as a player leaves it out; its text: "Bad <i>time</i>, good words"`},
		}, 1},
		{"WebVTT, an identifier holding -->", ReadVTT, "WEBVTT\n\nintro --> part one\n00:00:01.000 --> 00:00:02.000\nkept\n", []Warning{
			{3, `cannot read the cue time "intro --> part one": the line is left out, as a player leaves it out`},
		}, 1},
		{"WebVTT, an arrow gone wrong", ReadVTT, "WEBVTT\n\nNOTE x\n\n00:01.000 --> 00:02.000\nok\n\n00:03.000 to 00:04.000\nnot ok\n", []Warning{
			{8, `cannot read the cue time "00:03.000 to 00:04.000": the cue is left out, as a player leaves it out; its text: "not ok"`},
		}, 1},
		{"SRT, an arrow gone wrong", ReadSRT, "1\n00:00:01,000 -> 00:00:02,000\nbroken\n\n2\n00:00:03,000 --> 00:00:04,000\nfine\n", []Warning{
			{2, `cannot read the cue time "00:00:01,000 -> 00:00:02,000": the cue is left out, as a player leaves it out; its text: "broken"`},
		}, 1},
		{"SRT, seconds past 59, and the text after it", ReadSRT, "\n\n1\n00:00:61,000 --> 00:00:62,000\nx\n\ny\n\n2\n00:01:02,000 --> 00:01:03,000\nz\n", []Warning{
			{4, `cannot read the cue time "00:00:61,000 --> 00:00:62,000": the cue is left out, as a player leaves it out; its text: "x"`},
			{7, `text without a cue time after a cue left out: left out with it: "y"`},
		}, 1},
		{"SRT, an arrow and no times", ReadSRT, "1\nthen --> now\nx\n", []Warning{
			{2, `cannot read the cue time "then --> now": the cue is left out, as a player leaves it out; its text: "x"`},
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tc.read(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f.Warnings, tc.want) || len(f.Cues) != tc.cues {
				t.Errorf("warnings %+v and %d cues\nwant %+v and %d", f.Warnings, len(f.Cues), tc.want, tc.cues)
			}
		})
	}
}
