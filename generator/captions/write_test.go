package captions

import (
	"reflect"
	"testing"
)

// segs are turns of every kind the writers meet: paragraphs and characters
// to escape, an untimed turn, two turns of one speaker at one time, a turn
// without words.
var segs = []Segment{
	{Speaker: "Wren", Start: 1, Timed: true, Text: "Good evening.\n\nWelcome <all> & sundry."},
	{Speaker: "Hal", Timed: false, Text: "Untimed words here."},
	{Speaker: "Wren", Start: 20, Timed: true, Text: "Two three four five"},
	{Speaker: "Wren", Start: 20, Timed: true, Text: ""},
}

func TestWebVTT(t *testing.T) {
	for _, tc := range []struct {
		name string
		segs []Segment
		want string
	}{
		{
			name: "turns",
			segs: segs,
			want: "WEBVTT\n\n" +
				"t1\n00:00:01.000 --> 00:00:03.400\n<v Wren>Good evening.\nWelcome &lt;all&gt; &amp; sundry.\n\n" +
				"t2\n00:00:03.400 --> 00:00:20.000\n<v Hal>Untimed words here.\n\n" +
				"t3\n00:00:20.000 --> 00:00:21.600\n<v Wren>Two three four five\n\n" +
				"t4\n00:00:20.000 --> 00:00:21.000\n<v Wren>…\n",
		},
		{
			name: "no speaker, past an hour",
			segs: []Segment{{Start: 3725.5, Timed: true, Text: "Late."}, {Text: ""}},
			want: "WEBVTT\n\n" +
				"t1\n01:02:05.500 --> 01:02:06.500\nLate.\n\n" +
				"t2\n01:02:06.500 --> 01:02:07.500\n…\n",
		},
		{name: "nothing", want: "WEBVTT\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(WebVTT(tc.segs)); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// What the writer writes, the reader reads back: the speakers, the times,
// the ids, the words (WebVTT keeps no paragraphs).
func TestWriteThenRead(t *testing.T) {
	want := []Cue{
		cue(4, "t1", 1000, 3400, "Wren", "Good evening. Welcome <all> & sundry."),
		cue(9, "t2", 3400, 20000, "Hal", "Untimed words here."),
		cue(13, "t3", 20000, 21600, "Wren", "Two three four five"),
		cue(17, "t4", 20000, 21000, "Wren", "…"),
	}
	f, err := ReadVTT(string(WebVTT(segs)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Cues, want) || f.Title != "" || f.Warnings != nil {
		t.Errorf("WebVTT read back:\n%+v\nwant\n%+v", *f, want)
	}
}
