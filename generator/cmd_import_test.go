package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importFixture = `Village Hall News - Sign up for alerts

Parish meeting on the new footbridge
Ashcombe, 12 May 2023

Question: When does work start?

Clerk Dana Mirr: In June.

Question: And finish?

Clerk Dana Mirr: By autumn.

Follow us on social media
`

func runImport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"import"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// The import command: --dry-run writes nothing and lists what it drops,
// no file is replaced without --force, --force twice gives the same bytes,
// and a bad file is named while the others are still imported.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "meeting.txt")
	bad := filepath.Join(dir, "broken.srt")
	into := filepath.Join(dir, "site", "content", "transcripts")
	os.WriteFile(in, []byte(importFixture), 0o644)
	os.WriteFile(bad, []byte("1\n00:00:01,000 -> 00:00:02,000\nbroken arrow\n"), 0o644)
	out := filepath.Join(into, "2023-05-12-parish-meeting-on-the-new-footbridge.md")

	code, stdout, _ := runImport(t, "--dry-run", "--into", into, in)
	if code != 0 {
		t.Fatalf("dry run: exit %d", code)
	}
	for _, want := range []string{"dropped line 1: Village Hall News - Sign up for alerts", "dropped line 14: Follow us on social media",
		"location: Ashcombe", "speaker: clerk-dana-mirr = Clerk Dana Mirr: 2 turns", "speaker: question = Question (questioner): 2 turns"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run does not say %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(into); err == nil {
		t.Error("--dry-run wrote something")
	}

	code, _, stderr := runImport(t, "--into", into, bad, in)
	if code != 1 || !strings.Contains(stderr, "broken.srt:2: cannot read the cue time") {
		t.Errorf("bad file: exit %d, stderr:\n%s", code, stderr)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the good file was not imported beside the bad one: %v", err)
	}

	os.WriteFile(out, []byte("edited by hand"), 0o644)
	code, _, stderr = runImport(t, "--into", into, in)
	if code != 1 || !strings.Contains(stderr, "exists: use --force") {
		t.Errorf("overwrite without --force: exit %d, stderr:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "edited by hand" {
		t.Error("a file was replaced without --force")
	}

	for i := 0; i < 2; i++ {
		if code, _, stderr := runImport(t, "--force", "--into", into, in); code != 0 {
			t.Fatalf("--force: exit %d\n%s", code, stderr)
		}
		if b, _ := os.ReadFile(out); !bytes.Equal(b, first) {
			t.Errorf("import %d with --force gives other bytes:\n%s", i+1, b)
		}
	}
	entries, _ := os.ReadDir(into)
	if len(entries) != 1 {
		t.Errorf("left behind in %s: %v", into, entries)
	}

	if code, _, _ := runImport(t, "--speaker", "Clerk=Not An Id", "--into", into, in); code != 2 {
		t.Errorf("bad --speaker id: exit %d", code)
	}
	if code, _, _ := runImport(t, "--format", "docx", in); code != 2 {
		t.Errorf("bad --format: exit %d", code)
	}
	if code, _, stderr := runImport(t, "--help"); code != 0 || !strings.Contains(stderr, "Usage: generator import") {
		t.Errorf("--help: exit %d\n%s", code, stderr)
	}
}
