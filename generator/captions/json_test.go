package captions

import (
	"reflect"
	"strings"
	"testing"
)

// ReadJSON tells each shape by its content and reads its times in the
// unit the rule of cuearray.go decides.
func TestReadJSONShapes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		shape string
		want  []string // as texts writes them
		lines []int
	}{
		{"podcast namespace", `{"version": "1.0.0", "segments": [{"speaker": "Ann", "startTime": 1.5, "body": "Hi"}]}`, "", []string{"1500-0 Hi"}, []int{0}},
		{"Whisper", "{\"text\": \" Hi. Bye.\", \"segments\": [\n{\"id\": 0, \"start\": 0.0, \"end\": 1.25, \"text\": \" Hi.\"},\n{\"id\": 1, \"start\": 1.25, \"end\": 2.0, \"text\": \" Bye.\"}]}",
			"Whisper JSON", []string{"0-1250  Hi.", "1250-2000  Bye."}, []int{2, 3}},
		{"milliseconds: whole numbers, cues of 100 or more", "[\n{\"start\": 25801, \"end\": 28700, \"text\": \"a\"},\n{\"start\": 28700, \"end\": 30000, \"text\": \"b\"}]",
			"caption JSON list (times in milliseconds)", []string{"25801-28700 a", "28700-30000 b"}, []int{2, 3}},
		{"seconds: a fraction", `[{"start": 25, "end": 28.7, "text": "a"}]`, "caption JSON list (times in seconds)", []string{"25000-28700 a"}, []int{1}},
		{"seconds: whole numbers, short cues", `[{"start": 25, "end": 28, "text": "a"}, {"start": 28, "end": 31, "text": "b"}]`,
			"caption JSON list (times in seconds)", []string{"25000-28000 a", "28000-31000 b"}, []int{1, 1}},
		{"milliseconds: a key says so", `[{"startMs": 5, "endMs": 9, "text": "a"}]`, "caption JSON list (times in milliseconds)", []string{"5-9 a"}, []int{1}},
		{"no ends: the gaps between starts", `[{"start": 1000, "text": "a"}, {"start": 3500, "text": "b"}]`,
			"caption JSON list (times in milliseconds)", []string{"1000-0 a", "3500-0 b"}, []int{1, 1}},
		{"clocks", `{"cues": [{"start": "00:00:01,500", "end": "00:00:02.000", "text": "a"}]}`, `caption JSON "cues" list (times in seconds)`, []string{"1500-2000 a"}, []int{1}},
		{"under results, with speakers", `{"results": [{"start_time": "1.5", "end_time": "2", "text": "a", "speaker_label": "spk_0"}, {"start_time": 3, "end_time": 4, "text": "b", "speaker": 1}]}`,
			`caption JSON "results" list (times in seconds)`, []string{"1500-2000 a", "3000-4000 b"}, []int{1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			var lines []int
			for _, c := range f.Cues {
				lines = append(lines, c.Line)
			}
			if f.Shape != tc.shape || !reflect.DeepEqual(texts(f), tc.want) || !reflect.DeepEqual(lines, tc.lines) {
				t.Errorf("%q %q at lines %v\nwant %q %q at lines %v", f.Shape, texts(f), lines, tc.shape, tc.want, tc.lines)
			}
		})
	}
	f, _ := ReadJSON([]byte(`{"results": [{"start": 1, "end": 2, "text": "a", "speaker_label": "spk_0"}, {"start": 3, "end": 4, "text": "b", "speaker": 1}]}`))
	if f.Cues[0].Spans[0].Voice != "spk_0" || f.Cues[1].Spans[0].Voice != "Speaker 1" {
		t.Errorf("speakers %+v", f.Cues)
	}
}

func TestReadJSONRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"an object of other keys", "\n\n{\"utterances\": []}", 3, `not a JSON transcript of a shape import reads (expected the podcast namespace's`},
		{"a list of other objects", "[\n {\"from\": 1, \"say\": \"hi\"}]", 2, `found an object with "from", "say"`},
		{"a list of strings", `["a", "b"]`, 1, "found a string"},
		{"a number", `42`, 1, "found a number"},
		{"a segment not an object", "{\"segments\": [{\"start\": 1, \"text\": \"a\"},\n 7]}", 2, "segments[1]: 7 where an object should be"},
		{"a cue's words under another key", "[{\"start\": 1000, \"end\": 2000, \"text\": \"One.\"},\n{\"start\": 2000, \"end\": 3000, \"content\": \"Two words.\"}]", 2, `[1]: no "text", but words under "content"`},
		{"a segment's words under another key", "{\"segments\": [{\"id\": 0, \"start\": 0.0, \"end\": 1.0, \"text\": \"a\"},\n{\"id\": 1, \"start\": 1.0, \"end\": 2.0, \"transcript\": \"b c\"}]}", 2, `segments[1]: no "text", but words under "transcript"`},
		{"a bad time", "[{\"start\": 1, \"text\": \"a\"},\n{\"start\": -5, \"text\": \"b\"}]", 2, "start: -5 is not a time in seconds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSON([]byte(tc.in))
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v (%T), want an *Error", err, err)
			}
			if e.Line != tc.line || !strings.Contains(e.Msg, tc.msg) {
				t.Errorf("line %d: %s\nwant line %d: …%s…", e.Line, e.Msg, tc.line, tc.msg)
			}
		})
	}
}

// Rolling captions converted to SRT are unrolled as in WebVTT.
func TestUnrollSRT(t *testing.T) {
	f, err := ReadSRT("1\n00:00:00,000 --> 00:00:02,000\nhello there\n\n2\n00:00:02,000 --> 00:00:04,000\nhello there\nhow are you\n\n" +
		"3\n00:00:04,000 --> 00:00:06,000\nhow are you\nfine thanks\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"0-2000 hello there", "2000-4000 how are you", "4000-6000 fine thanks"}; !f.Rolling || !reflect.DeepEqual(texts(f), want) {
		t.Errorf("rolling %v, %q\nwant %q", f.Rolling, texts(f), want)
	}
}

// Rolling captions are told by their content and read with every line
// once; other files with a line repeated now and then are read as they
// are.
func TestUnroll(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		rolling bool
		want    []string
	}{
		{"YouTube's automatic captions", "WEBVTT\nKind: captions\n\n00:00:00.000 --> 00:00:02.000\n \nhello<00:00:00.500><c> there</c>\n\n" +
			"00:00:02.000 --> 00:00:02.010\nhello there\n \n\n00:00:02.010 --> 00:00:04.000\nhello there\nhow<00:00:02.500><c> are</c><00:00:03.000><c> you</c>\n\n" +
			"00:00:04.000 --> 00:00:04.010\nhow are you\n \n\n00:00:04.010 --> 00:00:06.000\nhow are you\nfine &amp; you\n",
			true, []string{"0-2000 hello there", "2010-4000 how are you", "4010-6000 fine & you"}},
		{"two-line roll-up, a line growing", "WEBVTT\n\n00:01.000 --> 00:02.000\none\n\n00:02.000 --> 00:03.000\none two\n\n00:03.000 --> 00:04.000\none two\nthree\n\n00:04.000 --> 00:05.000\nthree\nfour\n",
			true, []string{"1000-2000 one two", "3000-4000 three", "4000-5000 four"}},
		{"a repeat now and then is not rolling", "WEBVTT\n\n00:01.000 --> 00:02.000\nYes.\n\n00:02.000 --> 00:03.000\nYes.\n\n00:03.000 --> 00:04.000\nNo.\n\n00:04.000 --> 00:05.000\nMaybe.\n\n00:05.000 --> 00:06.000\nWell.\n",
			false, []string{"1000-2000 Yes.", "2000-3000 Yes.", "3000-4000 No.", "4000-5000 Maybe.", "5000-6000 Well."}},
		{"a speaker who says a line again, cue after cue, is not rolling", "WEBVTT\n\n00:01.000 --> 00:02.000\nAnna: Hello?\n\n00:02.000 --> 00:03.000\nAnna: Hello?\n\n00:03.000 --> 00:04.000\nAnna: Hello?\n\n00:04.000 --> 00:05.000\nTom: Yes, I am here.\n",
			false, []string{"1000-2000 Anna: Hello?", "2000-3000 Anna: Hello?", "3000-4000 Anna: Hello?", "4000-5000 Tom: Yes, I am here."}},
		{"a line said three times is not rolling", "WEBVTT\n\n00:01.000 --> 00:02.000\nOrder, order.\n\n00:02.000 --> 00:03.000\nOrder, order.\n\n00:03.000 --> 00:04.000\nOrder, order.\n",
			false, []string{"1000-2000 Order, order.", "2000-3000 Order, order.", "3000-4000 Order, order."}},
		{"voices are never rolling", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Again\n\n00:02.000 --> 00:03.000\n<v Ann>Again\n\n00:03.000 --> 00:04.000\n<v Ann>Again\n",
			false, []string{"1000-2000 Again", "2000-3000 Again", "3000-4000 Again"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadVTT(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if f.Rolling != tc.rolling || !reflect.DeepEqual(texts(f), tc.want) {
				t.Errorf("rolling %v, %q\nwant %v, %q", f.Rolling, texts(f), tc.rolling, tc.want)
			}
		})
	}
}

// A Whisper file's "text" is its segments' words: words of the text that
// no segment holds (segments cut short, or removed by hand) are named in
// a warning, since only the segments are read.
func TestWhisperTextBeyondSegments(t *testing.T) {
	f, err := ReadJSON([]byte(`{"text": " Hello there. And then we went home.", "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " Hello there."}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0].Msg, `"text" holds 7 words and the segments 2`) {
		t.Errorf("warnings %+v", f.Warnings)
	}
}
