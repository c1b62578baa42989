package markdown

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// fakeResolver knows a few transcripts, speakers, topics and source files.
type fakeResolver struct{}

func (fakeResolver) Resolve(l Link) (string, bool) {
	switch l.Kind {
	case LinkTranscript:
		if l.Target == "harbour-2020" {
			return "/transcripts/harbour-2020/", true
		}
	case LinkSpeaker:
		switch l.Target {
		case "ada-voss", "press", "okafor-reyes":
			return "/speakers/" + l.Target + "/", true
		}
	case LinkTopic:
		if l.Target == "dredging" {
			return "/topics/dredging/", true
		}
	case LinkSource:
		switch l.Target {
		case "transcripts/2021/other.md":
			return "/transcripts/other/", true
		case "transcripts/2020/harbour.md":
			return "/transcripts/harbour-2020/", true
		case "transcripts/2021/my notes.md":
			return "/transcripts/my-notes/", true
		}
	}
	return "", false
}

// cast is the fixtures' speakers. The moderator has no page, so its turns
// show an unlinked name.
func cast() DocOptions {
	labels := map[string]string{}
	for label, id := range map[string]string{
		"MS. VOSS":             "ada-voss",
		"Ms. Voss":             "ada-voss",
		"Ada":                  "ada-voss",
		"MR. OKAFOR-REYES":     "okafor-reyes",
		"Mr. Okafor-Reyes":     "okafor-reyes",
		"MODERATOR":            "moderator",
		"Moderator":            "moderator",
		"Q":                    "press",
		"Some Unlisted Person": "unlisted", // a label whose speaker has no entry: the label is shown
	} {
		labels[NormalizeLabel(label)] = id
	}
	return DocOptions{
		SourcePath: "transcripts/2021/sample.md",
		FirstLine:  5,
		Labels:     labels,
		Speakers: map[string]Speaker{
			"ada-voss":     {Name: "Ada Voss"},
			"okafor-reyes": {Name: "Chidi Okafor-Reyes"},
			"moderator":    {Name: "Moderator"},
			"press":        {Name: "Reporter"},
		},
	}
}

type fixture struct {
	name   string
	unsafe bool
	doc    func(d *DocOptions)
}

var fixtures = []fixture{
	{name: "turns-plain"},
	{name: "turns-bold"},
	{name: "turns-time", doc: func(d *DocOptions) { d.MediaURL = "https://media.example.org/hearing.mp3" }},
	{name: "turns-time-nomedia"},
	{name: "wikilinks"},
	{name: "footnotes", doc: func(d *DocOptions) { d.IDPrefix = "doc1" }},
	{name: "alerts"},
	{name: "code"},
	{name: "html-escaped"},
	{name: "html-unsafe", unsafe: true},
	{name: "headings", doc: func(d *DocOptions) { d.IDPrefix = "" }},
	{name: "corpus-style", doc: func(d *DocOptions) { d.FirstLine = 1 }},
}

// parsed is what the .turns.json goldens hold.
type parsed struct {
	Turns    []Turn
	Links    []Link
	Headings []Heading
}

func TestGolden(t *testing.T) {
	t.Parallel()
	converters := map[bool]*Converter{
		false: New(Options{Resolver: fakeResolver{}}),
		true:  New(Options{Resolver: fakeResolver{}, UnsafeHTML: true}),
	}
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", f.name+".md"))
			if err != nil {
				t.Fatal(err)
			}
			d := cast()
			if f.doc != nil {
				f.doc(&d)
			}
			doc := converters[f.unsafe].Parse(in, d)
			var html bytes.Buffer
			if err := doc.Render(&html); err != nil {
				t.Fatal(err)
			}
			// Written through a writer that is not a bytes.Buffer (which
			// Render writes into directly), the HTML is the same.
			var other strings.Builder
			if err := doc.Render(&other); err != nil {
				t.Fatal(err)
			}
			if other.String() != html.String() {
				t.Errorf("rendered into a strings.Builder, the HTML differs from that rendered into a bytes.Buffer")
			}
			data, err := json.MarshalIndent(parsed{doc.Turns(), doc.Links(), doc.Headings()}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, '\n')
			sitetest.Golden(t, filepath.Join("testdata", f.name+".html"), html.Bytes())
			sitetest.Golden(t, filepath.Join("testdata", f.name+".turns.json"), data)
		})
	}
}

func TestNormalizeLabel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"MS. PSAKI", "MS. PSAKI"},
		{"MS.\u00a0 PSAKI", "MS. PSAKI"},
		{"  MS.\tPSAKI \u00a0", "MS. PSAKI"},
		{"\u200bQ", "Q"},
		{"", ""},
		{" ", ""},
		{"Ms. Jean-Pierre", "Ms. Jean-Pierre"},
		{"Zoë\u2003Müller", "Zoë Müller"},
	} {
		if got := NormalizeLabel(c.in); got != c.want {
			t.Errorf("NormalizeLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestReadTime(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in    string
		want  string
		secs  int
		state timeState
		n     int // length read, when not all of in
	}{
		{"[1:02:03]", "01:02:03", 3723, goodTime, 0},
		{"[01:02:03]", "01:02:03", 3723, goodTime, 0},
		{"[12:34]", "00:12:34", 754, goodTime, 0},
		{"[75:00]", "01:15:00", 4500, goodTime, 0},
		{"[0:00]", "00:00:00", 0, goodTime, 0},
		{"[12:3]", "00:12:03", 723, goodTime, 0},
		{"[00:00:3]", "00:00:03", 3, goodTime, 0},
		{"[00:00:05.5]", "00:00:05", 5, goodTime, 0},
		{"[00:00:05,250]", "00:00:05", 5, goodTime, 0},
		{"(00:00:07)", "00:00:07", 7, goodTime, 0},
		{"00:00:09 Anna", "00:00:09", 9, goodTime, 8},
		{"[100:00:00]", "100:00:00", 360000, goodTime, 0},
		{"[12:60]", "", 0, badTime, 0},
		{"[1:60:00]", "", 0, badTime, 0},
		{"[00:61:00]", "", 0, badTime, 0},
		{"[00::00]", "", 0, badTime, 0},
		{"[123:45]", "", 0, badTime, 0},
		{"[1:2:3:4]", "", 0, badTime, 0},
		{"[12:34", "", 0, badTime, 0},
		{"(12:34]", "", 0, badTime, 0},
		{"[12]", "", 0, noTime, 0},
		{"[:34]", "", 0, noTime, 0},
		{"[", "", 0, noTime, 0},
		{"[Applause]", "", 0, noTime, 0},
		{"10:30am", "", 0, noTime, 0},
		{"2021 was", "", 0, noTime, 0},
	} {
		got, secs, n, state := readTime([]byte(c.in))
		want := c.n
		if want == 0 {
			want = len(c.in)
		}
		if state != c.state || got != c.want || secs != c.secs || (state == goodTime && n != want) {
			t.Errorf("readTime(%q) = %q, %d, %d, %v; want %q, %d, %d, %v", c.in, got, secs, n, state, c.want, c.secs, want, c.state)
		}
	}
}

func TestHighlightCSS(t *testing.T) {
	t.Parallel()
	css, err := HighlightCSS("monokai")
	if err != nil || !bytes.Contains(css, []byte(".chroma")) {
		t.Fatalf("HighlightCSS(monokai) = %.80q, %v", css, err)
	}
	if _, err := HighlightCSS("swapoff"); err != nil {
		t.Errorf("the fallback style itself is known: %v", err)
	}
	for _, name := range []string{"no-such-style", ""} {
		if _, err := HighlightCSS(name); err == nil || (name != "" && !strings.Contains(err.Error(), name)) {
			t.Errorf("HighlightCSS(%q): err = %v, want one naming the style", name, err)
		}
	}
}

// nasty inputs are those most likely to find a slip in the extensions'
// index arithmetic.
var nasty = []string{
	"",
	"\n",
	"[[",
	"[[]]",
	"[[|]]",
	"[[ [[x]] ]]",
	"[[x|",
	"[[speaker:",
	"**:",
	"**:**",
	"**",
	"**MS. VOSS",
	"MS. VOSS:",
	"MS. VOSS:\n",
	"MS. VOSS:\u00a0",
	"[00:01] MS. VOSS:",
	"[",
	"[0",
	"[00:",
	"[00:00]",
	"[00:00] ",
	"\u00a0",
	"\u00a0\n\u00a0\n",
	"    \u00a0",
	"> [!NOTE]",
	">",
	"> [!NOTE]\n>",
	"[^1]",
	"[^1]:",
	"[^1]: [^1]\n\nx[^1]",
	"[^a]: see[^b]\n[^b]: see[^a]\n\nx[^a][^b]",
	"```go",
	"```\n",
	"[x](.md)",
	"[x](../../../../../.md#)",
	"[x](%zz.md)",
	"<div>",
	"<",
	"\ufeffMS. VOSS: hi",
	"\xff\xfe[[\xff]]",
	"MS. VOSS: [[x]](y) [^n]\n\n[^n]: **Q:** [[speaker:press]]\n\n# t1\n\n---\n",
	"- [ ] task\n- [x] done",
	"| a | b |\n|---|---|\n| 1 | 2 |",
	"MS. VOSS: | a | b |\n|---|---|\n| 1 | 2 |",
	"MS. VOSS: x\n===",
	"MS. VOSS:\n---",
	strings.Repeat("[[", 1000),
	strings.Repeat("a:", 2000),
	strings.Repeat("> ", 200) + "[!NOTE]",
}

func TestNoPanic(t *testing.T) {
	t.Parallel()
	for _, unsafe := range []bool{false, true} {
		for _, r := range []Resolver{nil, fakeResolver{}} {
			c := New(Options{UnsafeHTML: unsafe, Resolver: r})
			for _, in := range nasty {
				for _, d := range []DocOptions{{}, cast()} {
					doc := c.Parse([]byte(in), d)
					if doc.failed != nil {
						t.Errorf("Parse(%q): %v", in, doc.failed)
					}
					if err := doc.Render(&bytes.Buffer{}); err != nil {
						t.Errorf("Render(%q): %v", in, err)
					}
					doc.Turns()
					doc.Links()
					doc.Headings()
				}
			}
		}
	}
}

func FuzzParseRender(f *testing.F) {
	for _, in := range nasty {
		f.Add(in)
	}
	c := New(Options{Resolver: fakeResolver{}})
	d := cast()
	f.Fuzz(func(t *testing.T, in string) {
		doc := c.Parse([]byte(in), d)
		if doc.failed != nil {
			t.Fatalf("Parse(%q): %v", in, doc.failed)
		}
		if err := doc.Render(&bytes.Buffer{}); err != nil {
			t.Fatalf("Render(%q): %v", in, err)
		}
	})
}

// TestConcurrent shares one converter between goroutines, as a build does;
// run it with -race.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	c := New(Options{Resolver: fakeResolver{}})
	var inputs [][]byte
	for _, f := range fixtures {
		in, err := os.ReadFile(filepath.Join("testdata", f.name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, in)
	}
	want := make([]string, len(inputs))
	for i, in := range inputs {
		var b bytes.Buffer
		if err := c.Parse(in, cast()).Render(&b); err != nil {
			t.Fatal(err)
		}
		want[i] = b.String()
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, in := range inputs {
				var b bytes.Buffer
				if err := c.Parse(in, cast()).Render(&b); err != nil {
					t.Error(err)
				}
				if b.String() != want[i] {
					t.Errorf("input %d renders differently when converted concurrently", i)
				}
			}
		}()
	}
	wg.Wait()
}

func TestLabelsNeedNotBeNormalised(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	doc := c.Parse([]byte("MS.  VOSS: hello"), DocOptions{Labels: map[string]string{"MS.\u00a0VOSS": "ada-voss"}})
	if turns := doc.Turns(); len(turns) != 1 || turns[0].Speaker != "ada-voss" {
		t.Errorf("turns = %+v", turns)
	}
}

// BenchmarkParse parses a transcript of 200 turns of a few paragraphs, as
// a build parses every transcript of the archive.
func BenchmarkParse(b *testing.B) {
	var src strings.Builder
	for i := range 200 {
		fmt.Fprintf(&src, "**%s:** The minister said the council would decide about the harbour wall, item %d.\n\n", []string{"MS. VOSS", "MODERATOR"}[i%2], i)
		src.WriteString("And then more words followed, about the ferry and the budget and the year to come.  With two spaces.\n\n")
	}
	body := []byte(src.String())
	c := New(Options{Resolver: fakeResolver{}})
	opts := cast()
	b.ReportAllocs()
	for b.Loop() {
		if len(c.Parse(body, opts).Turns()) != 200 {
			b.Fatal("not 200 turns")
		}
	}
}

// TestUnlinkedSame: a body in which no autolink can start (mayAutolink)
// comes out of the converter without autolinks exactly as it does out of
// the one with them: the same HTML, turns, links and headings.
func TestUnlinkedSame(t *testing.T) {
	t.Parallel()
	bodies := []string{
		"plain words and more words\n\nMS. VOSS: a turn ( with * stars * and _under_ ~~struck~~ ~tilde~ )\n",
		"**Moderator:** *emphasis at the start* of a line\n(parenthesised) start\n_under_ start\n~ tilde start\n",
		"| a | b |\n| - | - |\n| cell ( x | y * z |\n\n- [ ] task (one)\n- [x] done *two*\n",
		"Q: [[some-slug|a link]] and [text](../2021/other.md) and <b>raw</b>  \nhard break\\\nback\n",
		"# Heading (one)\n\ntext with a note[^1] and ^[a sidenote] here.\n\n[^1]: the note ( x )\n",
	}
	for _, f := range fixtures {
		in, err := os.ReadFile(filepath.Join("testdata", f.name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(in))
	}
	c := New(Options{Resolver: fakeResolver{}})
	linked := *c
	linked.unlinked = linked.md // parses every body with autolinks
	tried := 0
	for _, body := range bodies {
		if mayAutolink([]byte(body)) {
			continue
		}
		tried++
		got, want := c.Parse([]byte(body), cast()), linked.Parse([]byte(body), cast())
		var gotHTML, wantHTML bytes.Buffer
		if err := got.Render(&gotHTML); err != nil {
			t.Fatal(err)
		}
		if err := want.Render(&wantHTML); err != nil {
			t.Fatal(err)
		}
		if gotHTML.String() != wantHTML.String() || !reflect.DeepEqual(got.Turns(), want.Turns()) ||
			!reflect.DeepEqual(got.Links(), want.Links()) || !reflect.DeepEqual(got.Headings(), want.Headings()) {
			t.Errorf("without autolinks:\n%s\nwith them:\n%s\nfrom:\n%s", gotHTML.String(), wantHTML.String(), body)
		}
	}
	if tried < 5 {
		t.Fatalf("only %d bodies tried", tried)
	}
	// A body with an autolink keeps it.
	var out bytes.Buffer
	if err := c.Parse([]byte("see www.example.org or write to a@example.org\n"), cast()).Render(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Count(out.String(), "<a href=") != 2 {
		t.Errorf("autolinks lost: %s", out.String())
	}
}
