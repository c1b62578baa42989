package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/captions"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// fixedTime stands in for a file's modification time, so golden files do
// not depend on when the fixtures were checked out.
var fixedTime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

func importFixture(t *testing.T, name string) (*Transcript, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "in", name))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Import(data, Options{Name: name, ModTime: fixedTime})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return tr, data
}

// report is what the golden .txt file holds beside the Markdown: what was
// left out and what the import warns about.
func report(tr *Transcript) string {
	var b strings.Builder
	b.WriteString("format: " + tr.FormatName() + ", " + tr.Encoding + "\nslug: " + tr.Slug + "\n")
	for _, d := range tr.Dropped {
		b.WriteString("dropped: " + strconv.Itoa(d.Line) + ": " + d.Text + "\n")
	}
	for _, w := range tr.Warnings {
		b.WriteString("warning: " + w + "\n")
	}
	return b.String()
}

func fixtures(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("testdata", "in"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) < 6 {
		t.Fatalf("only %d fixtures", len(names))
	}
	return names
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, name := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			tr, data := importFixture(t, name)
			md := tr.Markdown()
			sitetest.Golden(t, filepath.Join("testdata", "golden", name+".md"), md)
			sitetest.Golden(t, filepath.Join("testdata", "golden", name+".txt"), []byte(report(tr)))
			again, err := Import(data, Options{Name: name, ModTime: fixedTime})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Markdown(), md) {
				t.Error("a second import gives other bytes")
			}
		})
	}
}

// TestSeedLike checks the heuristics the issue asks for on a transcript
// shaped like the seed: header noise, a dateline in the title, opening
// remarks without a label, multi-paragraph answers, trailing boilerplate.
func TestSeedLike(t *testing.T) {
	t.Parallel()
	tr, _ := importFixture(t, "ferry-briefing.txt")
	if want := "Mayor Ines Okoro's remarks and answers to questions at a briefing on the winter ferry timetable"; tr.Title != want {
		t.Errorf("title %q, want %q", tr.Title, want)
	}
	if tr.Date != "2022-03-03" || tr.Location != "Port Elwyn" {
		t.Errorf("date %q, location %q", tr.Date, tr.Location)
	}
	if len(tr.Speakers) != 2 || tr.Speakers[0].ID != "ines-okoro" || tr.Speakers[1].ID != "question" || tr.Speakers[1].Role == "" {
		t.Errorf("speakers %+v", tr.Speakers)
	}
	if len(tr.Preamble) != 0 {
		t.Errorf("preamble %q: the opening remarks belong to the mayor", tr.Preamble)
	}
	first := tr.Turns[0]
	if first.Speaker != "ines-okoro" || len(first.Paragraphs) != 3 || first.Paragraphs[0] != "Good afternoon," {
		t.Errorf("first turn %+v", first)
	}
	var dropped []string
	for _, d := range tr.Dropped {
		dropped = append(dropped, d.Text)
	}
	if len(dropped) != 4 || !strings.Contains(dropped[0], "Subscribe") || dropped[3] != "Join the mailing list" {
		t.Errorf("dropped %q", dropped)
	}
	// The answer "Four crews" runs over three paragraphs, "Note:" among them.
	if p := tr.Turns[2].Paragraphs; len(p) != 3 || !strings.HasPrefix(p[1], "Note:") {
		t.Errorf("second answer %q", p)
	}
}

func TestTurns(t *testing.T) {
	t.Parallel()
	type turn struct {
		speaker string
		at      string // hh:mm:ss, "" when untimed
		words   string // start of the first paragraph
	}
	for _, tc := range []struct {
		name  string
		input string
		want  []turn
	}{
		{"srt labels, continuation, empty and overlapping cues", "radio-panel.srt", []turn{
			{"wren", "00:00:01", "Good evening, and welcome to the late panel. Tonight: bridges"},
			{"halloran", "00:00:08", "Thanks, Wren. The short answer is everyone."},
			{"wren", "00:00:11", "Everyone?"},
			{"halloran", "00:00:13", "Well, mostly. Tolls, taxes, the usual mix. Everyone who crosses. [Laughter]"},
			{"wren", "00:01:04", "That's all for tonight."},
		}},
		{"vtt voices, labels, notes, settings, short times", "harbour-podcast.vtt", []turn{
			{"marisol-quint", "00:00:00", "Welcome to Harbour Talk. Today: the fog horn debate & what it costs."},
			{"speaker-1", "00:00:09", "I live by the point. It's loud."},
			{"marisol-quint", "00:00:09", "How loud?"},
			{"speaker-1", "00:00:12", "Loud enough to wake <everyone>."},
			{"ferris-oduya", "00:00:14", "Can I come in here? The horn saves lives. It's not up for debate."},
			{"marisol-quint", "00:00:19", "Thank you both."},
		}},
		{"podcast json, word segments", "short-episode.json", []turn{
			{"jo-ashby", "00:00:00", "Hello, and welcome. This week we talk about tides."},
			{"pell", "00:00:06", "Thanks, Jo. Tides are *older* than us. Much older."},
			{"jo-ashby", "00:01:15", "Q&A after the break."},
		}},
		{"text with timestamps and bold labels", "timed-hearing.txt", []turn{
			{"chair", "00:00:05", "Order, order."},
			{"dr-amara-velez", "00:00:41", "Thank you."},
			{"chair", "00:02:03", "How many"},
			{"dr-amara-velez", "00:02:10", "Eleven."},
			{"mr-tobias-lindqvist", "00:03:00", "If I may add: the flood"},
			{"chair", "01:02:03", "We will adjourn there."},
		}},
		{"text: Q and A, dateline, no speaker in the header", "harvest-interview.txt", []turn{
			{"question", "", "When did you first climb"},
			{"answer", "", "In the spring of 1961."},
			{"question", "", "And the lamp?"},
			{"answer", "", "Paraffin, until 1974."},
			{"question", "", "Did you ever miss it?"},
			{"answer", "", "Every day."},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, _ := importFixture(t, tc.input)
			if len(tr.Turns) != len(tc.want) {
				t.Fatalf("%d turns, want %d: %+v", len(tr.Turns), len(tc.want), tr.Turns)
			}
			for i, w := range tc.want {
				got := tr.Turns[i]
				at := ""
				if got.Timed {
					at = formatClock(got.Start)
				}
				if got.Speaker != w.speaker || at != w.at || len(got.Paragraphs) == 0 || !strings.HasPrefix(got.Paragraphs[0], w.words) {
					t.Errorf("turn %d: %s [%s] %q, want %s [%s] %q…", i+1, got.Speaker, at, got.Paragraphs, w.speaker, w.at, w.words)
				}
			}
		})
	}
}

// TestEncodings imports one fixture in every encoding and line ending the
// issue names: each gives the same Markdown as the plain UTF-8 file.
func TestEncodings(t *testing.T) {
	t.Parallel()
	name := "ferry-briefing.txt"
	utf8Data, err := os.ReadFile(filepath.Join("testdata", "in", name))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Import(utf8Data, Options{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	crlf := bytes.ReplaceAll(utf8Data, []byte("\n"), []byte("\r\n"))
	utf16le, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes(crlf)
	utf16be, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder().Bytes(utf8Data)
	utf16noBOM, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().Bytes(utf8Data)
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes(crlf)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, enc string
		data      []byte
	}{
		{"CRLF", "UTF-8", crlf},
		{"CR", "UTF-8", bytes.ReplaceAll(utf8Data, []byte("\n"), []byte("\r"))},
		{"UTF-8 BOM", "UTF-8", append([]byte{0xEF, 0xBB, 0xBF}, crlf...)},
		{"UTF-16LE BOM", "UTF-16", utf16le},
		{"UTF-16BE BOM", "UTF-16", utf16be},
		{"UTF-16 without BOM", "UTF-16 (no byte order mark)", utf16noBOM},
		{"Windows-1252", "Windows-1252", cp1252},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Import(tc.data, Options{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			if got.Encoding != tc.enc {
				t.Errorf("encoding %q, want %q", got.Encoding, tc.enc)
			}
			if !bytes.Equal(got.Markdown(), want.Markdown()) {
				t.Errorf("Markdown differs from the UTF-8 file's:\n%s", got.Markdown())
			}
			if !strings.Contains(string(got.Markdown()), "£40,000") {
				t.Error("the pound sign did not survive")
			}
		})
	}
}

func TestRefused(t *testing.T) {
	t.Parallel()
	cyrillic, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("Сергей Лавров: Добрый день, дорогие друзья и коллеги.\n"))
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the error
	}{
		{"empty", nil, "input.txt: the file is empty"},
		{"blank", []byte(" \n\n\t\n"), "the file is empty"},
		{"binary", []byte("PK\x03\x04\x00\x00 word processor"), "binary data"},
		{"Cyrillic in Windows-1251", cyrillic, "not UTF-8 and does not read as Windows-1252"},
		{"undefined Windows-1252 bytes", []byte("caf\x81 au lait"), "not UTF-8, UTF-16 or Windows-1252"},
		{"UTF-32", []byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, "UTF-32"},
		{"RTF", []byte(`{\rtf1\ansi Hello}`), "RTF"},
		{"bad UTF-8 after a BOM", []byte("\xEF\xBB\xBFok \xff"), "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(tc.data, Options{Name: "input.txt"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		file, want string
	}{
		{"broken.json", "broken.json:4: invalid JSON"},
		{"no-segments.json", `no "segments"`},
		{"bad-timing.vtt", "bad-timing.vtt:6: cannot read the cue time"},
		{"bad-seconds.srt", "bad-seconds.srt:6: cannot read the cue time"},
		{"page.html", "page.html: the file is HTML"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "bad", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Import(data, Options{Name: tc.file})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		input string
		want  Format
	}{
		{"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", VTT},
		{"\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", SRT},
		{"0.860 --> 7.380\nno header\n", SRT},
		{`{"segments": []}`, JSON},
		{`[{"body": "hi", "startTime": 1}]`, JSON},
		{"[Music] plays\nThen words.", Text},
		{"Title\n\nQuestion: why?", Text},
	} {
		got, err := detect(tc.input)
		if err != nil || got != tc.want {
			t.Errorf("detect(%q) = %q, %v; want %q", tc.input, got, err, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in, want string
		only     bool
	}{
		{"7 July 2021", "2021-07-07", true},
		{"7 July 202109:07", "2021-07-07", true},
		{"July 7, 2021", "2021-07-07", true},
		{"Wednesday, July 7th, 2021 at 9:07 a.m. EDT", "2021-07-07", true},
		{"2021-07-07", "2021-07-07", true},
		{"2021-07-07T09:07:00+03:00", "2021-07-07", true},
		{"07.07.2021", "2021-07-07", true},
		{"Vientiane, 7 July 2021", "2021-07-07", false},
		{"Remarks, 31 Sept 2021", "", false},
		{"In March 2021, Laos issued", "", false},
	} {
		m, ok := findDate(tc.in)
		if tc.want == "" {
			if ok {
				t.Errorf("findDate(%q) = %q; want none", tc.in, m.date)
			}
			continue
		}
		if !ok || m.date != tc.want || dateOnly(tc.in, m) != tc.only {
			t.Errorf("findDate(%q) = %q, %v, date only %v", tc.in, m.date, ok, dateOnly(tc.in, m))
		}
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in         string
		name, rest string
	}{
		{"Sergey Lavrov: We are", "Sergey Lavrov", "We are"},
		{"MS. PSAKI:\u00a0 Okay", "MS. PSAKI", "Okay"},
		{"Q\u00a0\u00a0 Thank you", "Q", "Thank you"},
		{"Q\u00a0\u00a0\u00a0 On another topic: As the Capitol", "Q", "On another topic: As the Capitol"},
		{"Q \u00a0Thanks. And on the budget: Will", "Q", "Thanks. And on the budget: Will"},
		{"Q  Sure: why not", "Q", "Sure: why not"},
		{"A\u00a0\u00a0 Well: yes", "A", "Well: yes"},
		{"Q Thank you", "", ""},
		{"A coup: it was not", "", ""},
		{"**Jo Ashby:** Hi", "Jo Ashby", "Hi"},
		{"**Jo Ashby**: Hi", "Jo Ashby", "Hi"},
		{"[Halloran] Thanks", "Halloran", "Thanks"},
		{">> Anchor: Breaking news", "Anchor", "Breaking news"},
		{"Question (retranslated from Lao): Is it", "Question", "(retranslated from Lao) Is it"},
		{"Ursula von der Leyen: Thank you", "Ursula von der Leyen", "Thank you"},
		{"Question:", "Question", ""},
		{"Note: this is text", "", ""},
		{"The answer is simple: no", "", ""},
		{"[Music]", "", ""},
		{"Time: 10:00", "", ""},
		{"http://example.org", "", ""},
		{"Ratio 3:1 at", "", ""},
	} {
		lb, ok := splitLabel(tc.in)
		if tc.name == "" {
			if ok {
				t.Errorf("splitLabel(%q) = %+v; want no label", tc.in, lb)
			}
			continue
		}
		if !ok || lb.name != tc.name || lb.rest != tc.rest {
			t.Errorf("splitLabel(%q) = %+v, %v; want %q, %q", tc.in, lb, ok, tc.name, tc.rest)
		}
	}
}

// TestBriefingQuestions is issue 18's case 8: on a briefing page pasted
// as text, a question whose first sentence holds a colon, or whose Q is
// followed by a space and a no-break space, or by one space, is the
// questioner's turn, not part of the answer before it; a line of an answer
// that starts with "Q Street", and an "A" that starts a sentence, stay
// words.
func TestBriefingQuestions(t *testing.T) {
	t.Parallel()
	src := "Briefing on the harbour works\nMay 3, 2024\n\n" +
		"MS. OKORO:\u00a0 Good afternoon. One thing on the top: the ferry runs again on Monday.\n\n" +
		"Q\u00a0\u00a0\u00a0 On another topic: As the Capitol is on alert today, is the mayor\nchanging her plans?\n\n" +
		"MS. OKORO:\u00a0 No. She travels as planned.\n\n" +
		"Q \u00a0Thanks. And on the budget: Will the council vote this week?\n\n" +
		"MS. OKORO:\u00a0 Thursday.\n\n" +
		"Q Thank you. One more: Who pays for the new pier, and the depot?\n\n" +
		"MS. OKORO:\u00a0 The port authority, as before. The depot on\nQ Street is a separate matter.\n\n" +
		"A coup it is not.\n\n" +
		"Q\u00a0\u00a0\u00a0 Thank you.\n"
	tr, err := Import([]byte(src), Options{Name: "briefing.txt"})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ speaker, text string }{
		{"ms-okoro", "Good afternoon. One thing on the top: the ferry runs again on Monday."},
		{"question", "On another topic: As the Capitol is on alert today, is the mayor changing her plans?"},
		{"ms-okoro", "No. She travels as planned."},
		{"question", "Thanks. And on the budget: Will the council vote this week?"},
		{"ms-okoro", "Thursday."},
		{"question", "Thank you. One more: Who pays for the new pier, and the depot?"},
		{"ms-okoro", "The port authority, as before. The depot on Q Street is a separate matter.|A coup it is not."},
		{"question", "Thank you."},
	}
	if len(tr.Turns) != len(want) {
		t.Fatalf("%d turns, want %d:\n%s", len(tr.Turns), len(want), tr.Markdown())
	}
	for i, w := range want {
		got := tr.Turns[i]
		if text := strings.Join(got.Paragraphs, "|"); got.Speaker != w.speaker || text != w.text {
			t.Errorf("turn %d: %s %q, want %s %q", i+1, got.Speaker, text, w.speaker, w.text)
		}
	}
}

func TestSpeakerOption(t *testing.T) {
	t.Parallel()
	src := "Briefing\n2024-05-01\n\nMS. PSAKI: Hello.\n\nQ: A question.\n\nMS. PSAKI: An answer.\n"
	tr, err := Import([]byte(src), Options{Name: "b.txt", Speakers: map[string]string{"ms.  psaki": "psaki"}})
	if err != nil {
		t.Fatal(err)
	}
	// The label given an archive's id is an alias, not a name: the
	// archive names the person.
	if len(tr.Speakers) != 2 || tr.Speakers[0].ID != "psaki" || tr.Speakers[0].Name != "" || tr.Speakers[1].ID != "question" {
		t.Errorf("speakers %+v", tr.Speakers)
	}
	md := string(tr.Markdown())
	for _, want := range []string{"{id: psaki, aliases: [MS. PSAKI]}", "**MS. PSAKI:** Hello."} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in:\n%s", want, md)
		}
	}
	if !strings.Contains(string(tr.Markdown()), "{id: question, name: Question, role: questioner, aliases: [Q]}") {
		t.Errorf("Q is not an alias of Question:\n%s", tr.Markdown())
	}
	if _, err := Import([]byte(src), Options{Speakers: map[string]string{"Q": "Not An Id"}}); err == nil {
		t.Error("a bad id is accepted")
	}
}

func TestEscape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"*stars* and _under_ and `code`", `\*stars\* and \_under\_ and \` + "`code\\`"},
		{"[[link]] and [^1]", `\[\[link\]\] and \[^1\]`},
		{"# hash", `\# hash`},
		{"- dash", `\- dash`},
		{"> quote", `\> quote`},
		{"1986. That year", `1986\. That year`},
		{"2) second", `2\) second`},
		{"3.5 percent", "3.5 percent"},
		{"Q&A &amp; &#39;", `Q&A \&amp; \&#39;`},
		{"<b>html</b>", `\<b>html\</b>`},
		{"a \\ b ~~c~~", `a \\ b \~\~c\~\~`},
	} {
		if got := escapeMarkdown(tc.in); got != tc.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := guardLabel("Question: is this a label?", []string{"Question"}); got != `Question\: is this a label?` {
		t.Errorf("guardLabel = %q", got)
	}
}

// Two turns of one speaker in a row stay two turns through WebVTT, whose
// cues carry the turn ids. (captions tests what the writers write.)
func TestExportKeepsTurnsApart(t *testing.T) {
	t.Parallel()
	segs := []captions.Segment{
		{Speaker: "Wren", Start: 1, Timed: true, Text: "Good evening.\n\nWelcome <all> & sundry."},
		{Speaker: "Hal", Timed: false, Text: "Untimed words here."},
		{Speaker: "Wren", Start: 20, Timed: true, Text: "Two three four five"},
		{Speaker: "Wren", Start: 20, Timed: true, Text: ""},
	}
	tr, err := Import(captions.WebVTT(segs), Options{Name: "index.vtt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 4 {
		t.Errorf("%d turns back from WebVTT, want 4", len(tr.Turns))
	}
}

// FuzzImport checks that no input makes the importer or the writer panic,
// and that what it writes is deterministic.
func FuzzImport(f *testing.F) {
	for _, dir := range []string{"in", "bad"} {
		entries, _ := os.ReadDir(filepath.Join("testdata", dir))
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join("testdata", dir, e.Name())); err == nil {
				f.Add(data, 0)
			}
		}
	}
	f.Add([]byte("WEBVTT\n\n<v>\n0 --> 1\n<v \n"), 3)
	f.Add([]byte("1\n99999999999:00 --> 1\n"), 2)
	formats := []Format{Auto, Text, SRT, VTT, JSON}
	f.Fuzz(func(t *testing.T, data []byte, format int) {
		if format < 0 {
			format = -format
		}
		opt := Options{Name: "fuzz", Format: formats[format%len(formats)], ModTime: fixedTime}
		tr, err := Import(data, opt)
		if err != nil {
			return
		}
		a := tr.Markdown()
		tr2, err := Import(data, opt)
		if err != nil || !bytes.Equal(a, tr2.Markdown()) {
			t.Fatal("not deterministic")
		}
	})
}

func TestCaptionEdges(t *testing.T) {
	t.Parallel()
	srt := "1\n00:00:01,000 --> 00:00:02,000\nno name yet\n\n2\n100:00:00,000 --> 100:00:01,000\nAnn: Very late.\n"
	tr, err := Import([]byte(srt), Options{Name: "late.srt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 2 || tr.Turns[0].Speaker != "unknown" || tr.Turns[1].Speaker != "ann" {
		t.Fatalf("turns %+v", tr.Turns)
	}
	md := string(tr.Markdown())
	if !strings.Contains(md, "\n**Ann:** Very late.\n") || !strings.Contains(md, "[00:00:01] **Unknown:** no name yet") {
		t.Errorf("Markdown:\n%s", md)
	}
	if w := strings.Join(tr.Warnings, "\n"); !strings.Contains(w, "past what a timestamp can show") || !strings.Contains(w, `given to the speaker "Unknown"`) {
		t.Errorf("warnings:\n%s", w)
	}

	tr, err = Import([]byte("A title\n\nJust prose, with no labels at all.\n"), Options{Name: "prose.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if md := string(tr.Markdown()); !strings.Contains(md, "speakers: []\n") || len(tr.Preamble) != 1 {
		t.Errorf("Markdown:\n%s", md)
	}
}
