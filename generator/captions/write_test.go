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

func TestPodcastJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		segs []Segment
		want string
	}{
		{
			name: "a turn",
			segs: segs[:1],
			want: `{
  "version": "1.0.0",
  "segments": [
    {
      "id": "t1",
      "speaker": "Wren",
      "startTime": 1,
      "endTime": 3.4,
      "body": "Good evening.\n\nWelcome <all> & sundry."
    }
  ]
}
`,
		},
		{
			name: "no speaker, untimed",
			segs: []Segment{{Text: "one  two\nthree"}},
			want: `{
  "version": "1.0.0",
  "segments": [
    {
      "id": "t1",
      "startTime": 0,
      "endTime": 1.2,
      "body": "one two three"
    }
  ]
}
`,
		},
		{name: "nothing", want: "{\n  \"version\": \"1.0.0\",\n  \"segments\": []\n}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PodcastJSON(tc.segs)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// What the writers write, the readers read back: the speakers, the times,
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

	js, err := PodcastJSON(segs)
	if err != nil {
		t.Fatal(err)
	}
	f, err = ReadPodcastJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range f.Cues {
		w := want[i]
		w.Line, w.End = 0, 0 // JSON has no lines, and its endTime is not read
		w.Spans = []Span{{Voice: segs[i].Speaker, Text: segs[i].Text}}
		if !reflect.DeepEqual(c, w) {
			t.Errorf("JSON segment %d read back: %+v, want %+v", i, c, w)
		}
	}
}
