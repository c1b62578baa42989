package markdown

import (
	"fmt"
	"strings"
	"testing"
)

func TestFindings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		body  string
		media string
		want  []string // "kind line subject"; the body starts on line 5
	}{
		{"clean", "Preamble.\n\nMS. VOSS: One.[^a]\n\n[^a]: A note.\n", "", nil},
		{"bold label spelt otherwise", "MS. VOSS: One.\n\n**Ms Voss:** Two.\n", "", []string{"spelling 7 Ms Voss"}},
		{"accents and spacing", "**Mr Okafor Reyes:** Two.\n\nmoderator: Three.\n", "", []string{"spelling 5 Mr Okafor Reyes", "spelling 7 moderator"}},
		{"bold typo of a long label", "MS. VOSS: One.\n\n**Mr. Okafor-Reyas:** Two.\n", "", []string{"misattribution 7 Mr. Okafor-Reyas"}},
		{"timed plain typo", "MS. VOSS: One.\n\n[00:00:05] Moderater: Two.\n", "", []string{"misattribution 7 Moderater"}},
		{"short words are not typos", "MS. VOSS: One.\n\nAda: Two.\n\nAda Vo: three.\n\nNote: text.\n", "", nil},
		{"a time that cannot be read before a label", "MS. VOSS: One.\n\n[00:61:00] Moderator: Two.\n", "", []string{"bad-time 7 Moderator"}},
		{"a time that cannot be read before other words", "MS. VOSS: One.\n\n[00:61:00] the tape stopped.\n", "", nil},
		{"bold label after colon", "**Sergey Lavrov**: Hello.\n", "", []string{"label 5 Sergey Lavrov"}},
		{"bold label continuing a turn", "MS. VOSS: One.\n\nMore from her.\n\n**Ada Vos:** Two.\n", "", []string{"label 9 Ada Vos"}},
		{"timestamped unknown label", "[00:01] Somebody Else: Hi.\n", "", []string{"label 5 Somebody Else"}},
		{"plain typo of a long label", "Mr. Okafor-Rayes: Yes.\n", "", []string{"misattribution 5 Mr. Okafor-Rayes"}},
		{"plain words before a colon are not a label", "Note: this is not a label.\n\nThe answer: no.\n", "", nil},
		{"bold text that is no label", "**Important** words: here.\n\n**Bold:**text without a space.\n", "", nil},
		{"the rest of a labelled line is not checked", "MS. VOSS: **Not a label:** but words.\n", "", nil},
		{"quoted bold is not at the top level", "> **Nobody:** quoted.\n", "", nil},
		{"unused note", "MS. VOSS: One.\n\n[^a]: Never used.\n", "", []string{"note-unused 7 a"}},
		{"note defined twice", "MS. VOSS: One.[^a]\n\n[^a]: First.\n[^a]: Second.\n", "", []string{"note-unused 8 a"}},
		{"undefined note", "MS. VOSS: One.[^gone]\n\nTwo `[^code]` and \\[^escaped].\n", "", []string{"note-undefined 5 gone"}},
		{"timestamps out of order", "[00:02:00] MS. VOSS: One.\n\n[00:01:00] Q: Two.\n\n[00:03:00] Q: Three.\n", "https://example.org/a.mp3", []string{"time-order 7 00:01:00"}},
		{"timestamps without media", "[00:02:00] MS. VOSS: One.\n\n[00:03:00] Q: Two.\n", "", []string{"time-no-media 5 00:02:00"}},
	}
	c := New(Options{Resolver: fakeResolver{}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := cast()
			opts.MediaURL = tc.media
			doc := c.Inspect([]byte(tc.body), opts)
			var got []string
			for _, f := range doc.Findings() {
				got = append(got, fmt.Sprintf("%s %d %s", kindName(f.Kind), f.Line, f.Subject))
				if f.Message == "" {
					t.Errorf("finding %+v has no message", f)
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("findings = %q, want %q", got, tc.want)
			}
		})
	}
}

func kindName(k FindingKind) string {
	switch k {
	case FindLabel:
		return "label"
	case FindNoteUnused:
		return "note-unused"
	case FindNoteUndefined:
		return "note-undefined"
	case FindTimeOrder:
		return "time-order"
	case FindTimeNoMedia:
		return "time-no-media"
	case FindLabelSpelling:
		return "spelling"
	case FindMisattribution:
		return "misattribution"
	case FindBadTime:
		return "bad-time"
	}
	return "?"
}

// The messages suggest the fix: the label meant, or the speaker who could
// take a word of their name as an alias.
func TestLabelHints(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	for body, want := range map[string]string{
		"**Ms Voss:** Two.\n":    `"Ms Voss:" is taken as "Ms. Voss:", spelt otherwise`,
		"**MS. voss:** Two.\n":   `"MS. voss:" is taken as "Ms. Voss:", spelt otherwise`,
		"**Ms. Vass:** Two.\n":   `"Ms. Vass:" is not a speaker of this transcript; did you mean "Ms. Voss"?`,
		"**Voss:** Two.\n":       `add "Voss" to the aliases of Ada Voss (ada-voss)`,
		"**Zed Zedson:** Two.\n": "list the speaker in the front matter",
	} {
		f := c.Inspect([]byte(body), cast()).Findings()
		if len(f) != 1 || !strings.Contains(f[0].Message, want) {
			t.Errorf("%q: findings %+v, want a message with %q", body, f, want)
		}
	}
}

// A Document from Parse reports what it can; only Inspect keeps unused
// notes, so that a build does not pay for them.
func TestParseKeepsNoNotes(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	doc := c.Parse([]byte("MS. VOSS: One.\n\n[^a]: Never used.\n"), cast())
	if f := doc.Findings(); len(f) != 0 {
		t.Errorf("findings of a parsed document: %+v", f)
	}
}

func TestReferences(t *testing.T) {
	t.Parallel()
	c := New(Options{Resolver: fakeResolver{}})
	body := "![a](images/a.png) and [b](/files/b.pdf \"t\")\n\n" +
		"[web](https://example.org/) [mail](mailto:x@example.org) [frag](#t1) [[harbour-2020]] [md](../2020/harbour.md)\n\n" +
		"![proto](//cdn.example.org/x.png) [up](../../static/c.txt)\n"
	got := c.Parse([]byte(body), cast()).References()
	want := []Reference{
		{RefImage, "images/a.png", 5},
		{RefLink, "/files/b.pdf", 5},
		{RefLink, "../../static/c.txt", 9},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("references = %+v, want %+v", got, want)
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"lavrov", "lavorv", 1}, {"speakrs", "speakers", 1},
		{"tittle", "title", 1}, {"kitten", "sitting", 3}, {"é", "e", 1},
	} {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
