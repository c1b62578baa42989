package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCaptionShapes imports a fixture of each caption shape import tells
// by content and checks what detection decided, the speakers with their
// roles, and each turn's speaker and time. (TestGolden holds every word.)
func TestCaptionShapes(t *testing.T) {
	t.Parallel()
	type turn struct{ speaker, at string }
	for _, tc := range []struct {
		file     string
		shape    string
		speakers []string // id/role
		turns    []turn
	}{
		{"lighthouse-walk.vtt", "YouTube rolling captions (WebVTT)", []string{"unknown/unidentified"},
			[]turn{{"unknown", "00:00:00"}, {"unknown", "00:02:05"}}},
		{"allotment-meeting.json", "WhisperX JSON", []string{"speaker-00/unidentified", "speaker-01/unidentified", "speaker-02/unidentified", "unknown/unidentified"},
			[]turn{{"speaker-00", "00:00:00"}, {"speaker-01", "00:00:10"}, {"speaker-00", "00:00:13"}, {"speaker-02", "00:00:18"},
				{"speaker-01", "00:00:22"}, {"unknown", "00:00:24"}, {"speaker-02", "00:00:26"}, {"speaker-00", "00:00:31"}}},
		{"tide-tables.json", "Whisper JSON", []string{"unknown/unidentified"},
			[]turn{{"unknown", "00:00:00"}, {"unknown", "00:01:06"}}},
		{"quiz-night.json", "caption JSON list (times in milliseconds)", []string{"rosa-penhale/", "dev-marr/", "ada-quist/"},
			[]turn{{"rosa-penhale", "00:00:01"}, {"dev-marr", "00:00:08"}, {"rosa-penhale", "00:00:10"}, {"ada-quist", "00:00:25"},
				{"dev-marr", "00:00:31"}, {"rosa-penhale", "00:00:33"}, {"ada-quist", "00:00:39"}, {"rosa-penhale", "00:00:41"}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			tr, _ := importFixture(t, tc.file)
			if tr.Shape != tc.shape {
				t.Errorf("read as %q, want %q", tr.Shape, tc.shape)
			}
			var speakers []string
			for _, sp := range tr.Speakers {
				speakers = append(speakers, sp.ID+"/"+sp.Role)
			}
			if !reflect.DeepEqual(speakers, tc.speakers) {
				t.Errorf("speakers %q, want %q", speakers, tc.speakers)
			}
			var turns []turn
			for _, tu := range tr.Turns {
				turns = append(turns, turn{tu.Speaker, formatClock(tu.Start)})
			}
			if !reflect.DeepEqual(turns, tc.turns) {
				t.Errorf("turns %v\nwant  %v", turns, tc.turns)
			}
		})
	}
}

// transcriptWords is every word of a transcript's turns, in order.
func transcriptWords(tr *Transcript) []string {
	var out []string
	for _, tu := range tr.Turns {
		for _, p := range tu.Paragraphs {
			out = append(out, strings.Fields(p)...)
		}
	}
	return out
}

// Every word of the input once, in order: the rolling captions' lines as
// they were written (each shown two or three times in the file), and the
// JSON files' segment texts.
func TestEveryWordOnce(t *testing.T) {
	t.Parallel()
	rolling := "welcome back to the lighthouse walk today we climb all two hundred steps and count the gulls on the way up " +
		"the keeper's cottage is on your left it sold fish & chips until nineteen seventy now it keeps the museum of the lamp " +
		"mind the rail it is older than it looks here at the top the lens still turns thank you for walking with us"
	tr, _ := importFixture(t, "lighthouse-walk.vtt")
	if got := strings.Join(transcriptWords(tr), " "); got != rolling {
		t.Errorf("rolling captions read as\n%s\nwant\n%s", got, rolling)
	}
	for _, name := range []string{"allotment-meeting.json", "tide-tables.json", "quiz-night.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "in", name))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Segments []struct{ Text string }
		}
		var list []struct{ Text string }
		if json.Unmarshal(data, &list) != nil {
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			list = doc.Segments
		}
		var want []string
		for _, s := range list {
			want = append(want, strings.Fields(s.Text)...)
		}
		tr, _ := importFixture(t, name)
		if got := transcriptWords(tr); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: words\n%q\nwant\n%q", name, got, want)
		}
	}
}

// --speaker names a voice the diarizer numbered: the archive's id, the
// label an alias, and no "unidentified" role.
func TestNamingNumberedSpeakers(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "in", "allotment-meeting.json"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Import(data, Options{Name: "allotment-meeting.json", ModTime: fixedTime, Speakers: map[string]string{"SPEAKER_00": "mira-hale"}})
	if err != nil {
		t.Fatal(err)
	}
	md := string(tr.Markdown())
	for _, want := range []string{"  - {id: mira-hale, aliases: [SPEAKER_00]}\n", "  - {id: speaker-01, name: SPEAKER_01, role: unidentified}\n",
		"[00:00:00] **SPEAKER_00:** Right, shall we start?"} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in:\n%s", want, md)
		}
	}
}

// Issue 18, case 9: a caption file with bad cues imports all the others,
// and each cue left out is a warning with its line and its text.
func TestBadCuesLeftOut(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		turns    []string
		warnings []string
	}{
		{"bad-timing.vtt", "", []string{"fine"}, []string{
			`line 6: cannot read the cue time "00:00:03.000 -> 00:00:04.000": the cue is left out, as a player leaves it out; its text: "broken arrow"`,
			`line 3: text before the first speaker's name: given to the speaker "Unknown"`}},
		{"bad-seconds.srt", "", []string{"ok"}, []string{
			`line 6: cannot read the cue time "00:00:99,000 --> 00:00:04,000": the cue is left out, as a player leaves it out; its text: "bad seconds"`,
			`line 2: text before the first speaker's name: given to the speaker "Unknown"`}},
		{"browser.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: One.\n\n00:00:60.000 --> 00:00:61.000\nAnn: Sixty seconds.\n\n" +
			"00::00:03.000 --> 00:00:04.000\nBo: Two colons.\n\n00:00:05.000\v--> 00:00:06.000\nBo: A vertical tab.\n\n" +
			"greeting --> reply\n00:00:07.000 --> 00:00:08.000\nBo: Two.\n", []string{"One.", "Two."}, []string{
			`line 6: cannot read the cue time "00:00:60.000 --> 00:00:61.000": the cue is left out, as a player leaves it out; its text: "Ann: Sixty seconds."`,
			`line 9: cannot read the cue time "00::00:03.000 --> 00:00:04.000": the cue is left out, as a player leaves it out; its text: "Bo: Two colons."`,
			"line 12: cannot read the cue time \"00:00:05.000\\v--> 00:00:06.000\": the cue is left out, as a player leaves it out; its text: \"Bo: A vertical tab.\"",
			`line 15: cannot read the cue time "greeting --> reply": the line is left out, as a player leaves it out`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.in)
			if tc.in == "" {
				var err error
				if data, err = os.ReadFile(filepath.Join("testdata", "bad", tc.name)); err != nil {
					t.Fatal(err)
				}
			}
			tr, err := Import(data, Options{Name: tc.name, ModTime: fixedTime})
			if err != nil {
				t.Fatal(err)
			}
			var turns []string
			for _, tu := range tr.Turns {
				turns = append(turns, tu.Paragraphs...)
			}
			if !reflect.DeepEqual(turns, tc.turns) {
				t.Errorf("turns %q, want %q", turns, tc.turns)
			}
			var warnings []string
			for _, w := range tr.Warnings {
				if strings.HasPrefix(w, "line ") {
					warnings = append(warnings, w)
				}
			}
			if !reflect.DeepEqual(warnings, tc.warnings) {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(tc.warnings, "\n"))
			}
		})
	}
	_, err := Import([]byte("WEBVTT\n\n00:00:60.000 --> 00:01:01.000\nnothing else\n"), Options{Name: "all-bad.vtt"})
	if want := `all-bad.vtt:3: cannot read the cue time "00:00:60.000 --> 00:01:01.000": the cue is left out, as a player leaves it out; its text: "nothing else"; the file has no cue that can be read`; err == nil || err.Error() != want {
		t.Errorf("error %v\nwant  %s", err, want)
	}
}

// Issue 18, case 11: a caption tool's JSON list imports with every word;
// JSON of a shape no reader knows is refused naming the shapes read, and
// JSON whose words no reader finds is refused, never written empty.
func TestJSONShapes(t *testing.T) {
	t.Parallel()
	tr, err := Import([]byte(`[{"start": 25801, "end": 28700, "text": "Three thousand words, say."},
{"start": 28900, "end": 31000, "text": "And more."}]`), Options{Name: "case11.json", ModTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(transcriptWords(tr), " "); got != "Three thousand words, say. And more." || formatClock(tr.Turns[0].Start) != "00:00:25" {
		t.Errorf("read %q at %s", got, formatClock(tr.Turns[0].Start))
	}
	for _, tc := range []struct{ in, want string }{
		{"{\n  \"transcript\": {\"utterances\": []}\n}", `x.json:1: not a JSON transcript of a shape import reads (expected the podcast namespace's {"segments": [{"startTime", "body"}]}, Whisper's {"segments": [{"start", "end", "text"}]}, or a list of {"start", "end", "text"}, alone or under "results", "cues" or "captions"): found an object with "transcript"`},
		{"[\n  {\"begin\": 1, \"words\": \"hello there\"}\n]", `x.json:2: not a JSON transcript of a shape import reads (expected the podcast namespace's {"segments": [{"startTime", "body"}]}, Whisper's {"segments": [{"start", "end", "text"}]}, or a list of {"start", "end", "text"}, alone or under "results", "cues" or "captions"): found an object with "begin", "words"`},
		{`[{"startTime": 1, "transcript": "hello there"}]`, `x.json: the file holds 2 words and the json reader found none of them: nothing written`},
		{"[{\"start\": 1, \"text\": \"a\"},\n {\"start\": \"soon\", \"text\": \"b\"}]", `x.json:2: start: "soon" is not a time`},
		{"{\"segments\": [\n{\"start\": 0, \"text\": 5}]}", `x.json:2: segments[0]: "text" is 5, not a string`},
	} {
		_, err := Import([]byte(tc.in), Options{Name: "x.json"})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\nerror %v\nwant  %s", tc.in, err, tc.want)
		}
	}
}
