package pipeline_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// TestMalformedInput builds sites with one broken or odd transcript: each
// gives a correct build (checked through index.json) or an error naming the
// file and line, never a panic or a silent wrong page.
func TestMalformedInput(t *testing.T) {
	t.Parallel()
	const fm = "---\ntitle: T\ndate: 2024-01-01\nspeakers: [Ann, Bob]\n---\n"
	turns := "Ann: one\n\nBob: two\n"
	var long strings.Builder
	long.WriteString(fm)
	for i := 0; i < 50000; i++ {
		long.WriteString("Ann: a line of words\n\nBob: another\n\n")
	}
	for _, tc := range []struct {
		name  string
		file  string
		err   string // a regexp the error must match; "" means the build succeeds
		turns int    // turns in index.json when it builds
	}{
		{name: "unterminated front matter", file: "---\ntitle: T\ndate: 2024-01-01\n\nAnn: x\n", err: `a\.md:1: front matter is not closed`},
		{name: "front matter not a map", file: "---\n- a\n- b\n---\nx", err: `a\.md:2: front matter: front matter must be a mapping`},
		{name: "front matter a string", file: "---\njust words\n---\nx", err: `a\.md:2: front matter: front matter must be a mapping`},
		{name: "bad date", file: "---\ntitle: T\ndate: yesterday\nspeakers: [Ann]\n---\n", err: `a\.md:3: date: `},
		{name: "speakers a number", file: "---\ntitle: T\ndate: 2024-01-01\nspeakers: 5\n---\n", err: `a\.md:4: speakers`},
		{name: "title a map", file: "---\ntitle: {a: b}\ndate: 2024-01-01\nspeakers: [Ann]\n---\n", err: `a\.md:2: title`},
		{name: "duplicate key", file: "---\ntitle: T\ntitle: U\ndate: 2024-01-01\nspeakers: [Ann]\n---\n", err: `a\.md:3: front matter: .*title`},
		{name: "bad YAML", file: "---\ntitle: [\ndate: 2024-01-01\n---\n", err: `a\.md:\d+: front matter: `},
		{name: "bad TOML", file: "+++\ntitle = \n+++\n", err: `a\.md:\d+: front matter: `},
		{name: "empty file", file: "", err: `a\.md:1: title is required`},
		{name: "only front matter", file: fm, turns: 0},
		{name: "only front matter, no line end", file: strings.TrimSuffix(fm, "\n"), turns: 0},
		{name: "BOM", file: "\ufeff" + fm + "\n" + turns, turns: 2},
		{name: "CRLF", file: strings.ReplaceAll(fm+"\n"+turns, "\n", "\r\n"), turns: 2},
		{name: "lone CR", file: strings.ReplaceAll(fm+"\n"+turns, "\n", "\r"), turns: 2},
		// Text that is not UTF-8 would be published as replacement
		// characters: it is refused, where it starts.
		{name: "invalid UTF-8", file: fm + "\nAnn: \xff\xfe bad \xc3\x28 bytes\n\nBob: \xed\xa0\x80\n", err: `a\.md:7:6: the file is not UTF-8 \(byte 0xFF here\)`},
		{name: "invalid UTF-8 in front matter", file: "---\ntitle: \"\xff\"\ndate: 2024-01-01\nspeakers: [Ann]\n---\n", err: `a\.md:2:9: the file is not UTF-8 \(byte 0xFF here\); it looks like Latin-1`},
		{name: "NUL bytes", file: fm + "\nAnn: a\x00b\n\nBob: \x00\n", turns: 2},
		{name: "deep lists", file: fm + "\nAnn: x\n\n" + strings.Repeat("- ", 10000) + "y\n", turns: 1},
		{name: "deep quotes", file: fm + "\nAnn: x\n\n" + strings.Repeat(">", 100000) + " y\n", turns: 1},
		{name: "deep emphasis and links", file: fm + "\nAnn: " + strings.Repeat("*[", 20000) + "x" + strings.Repeat("](y)*", 20000) + "\n", turns: 1},
		{name: "deep HTML", file: fm + "\nAnn: " + strings.Repeat("<div>", 50000) + "\n", turns: 1},
		{name: "100,000 turns", file: long.String(), turns: 100000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkMalformed(t, tc.file, tc.err, tc.turns)
		})
	}
}

func checkMalformed(t *testing.T, file, wantErr string, wantTurns int) {
	t.Helper()
	site := sitetest.Site(t, map[string]string{"content/transcripts/a.md": file})
	out := filepath.Join(t.TempDir(), "public")
	_, err := pipeline.Run(pipeline.Options{Source: site, Destination: out})
	if wantErr != "" {
		if err == nil {
			t.Fatalf("built; want an error matching %q", wantErr)
		}
		if !regexp.MustCompile(wantErr).MatchString(err.Error()) {
			t.Fatalf("error\n%v\nwant one matching %q", err, wantErr)
		}
		if _, statErr := os.Stat(out); statErr == nil {
			t.Error("a failed build left a destination")
		}
		return
	}
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	j := sitetest.ReadTranscriptJSON(t, out, "a")
	if len(j.Turns) != wantTurns {
		t.Errorf("%d turns, want %d", len(j.Turns), wantTurns)
	}
}
