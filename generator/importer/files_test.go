package importer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/importer"
)

const pageFixture = `Village Hall News - Sign up for alerts

Parish meeting on the new footbridge
Ashcombe, 12 May 2023

Question: When does work start?

Clerk Dana Mirr: In June.

Question: And finish?

Clerk Dana Mirr: By autumn.

Follow us on social media
`

// importFiles runs ImportFiles and returns how many failed, and its
// output.
func importFiles(into string, dryRun, force bool, files ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	failed := importer.ImportFiles(files, importer.FilesOptions{Into: into, DryRun: dryRun, Force: force, Stdout: &out, Stderr: &errOut})
	return failed, out.String(), errOut.String()
}

// A dry run writes nothing and lists what it drops, no file is replaced
// without Force, Force twice gives the same bytes, and a bad file is named
// while the others are still imported.
func TestImportFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "meeting.txt")
	bad := filepath.Join(dir, "broken.srt")
	into := filepath.Join(dir, "site", "content", "transcripts")
	os.WriteFile(in, []byte(pageFixture), 0o644)
	os.WriteFile(bad, []byte("1\n00:00:01,000 -> 00:00:02,000\nbroken arrow\n"), 0o644)
	out := filepath.Join(into, "2023-05-12-parish-meeting-on-the-new-footbridge.md")

	failed, stdout, _ := importFiles(into, true, false, in)
	if failed != 0 {
		t.Fatalf("dry run: %d failed", failed)
	}
	for _, want := range []string{"dropped line 1: Village Hall News - Sign up for alerts", "dropped line 14: Follow us on social media",
		"location: Ashcombe", "speaker: clerk-dana-mirr = Clerk Dana Mirr: 2 turns", "speaker: question = Question (questioner): 2 turns"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("dry run does not say %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(into); err == nil {
		t.Error("the dry run wrote something")
	}

	failed, _, stderr := importFiles(into, false, false, bad, in)
	if failed != 1 || !strings.Contains(stderr, "broken.srt:2: cannot read the cue time") {
		t.Errorf("bad file: %d failed, stderr:\n%s", failed, stderr)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the good file was not imported beside the bad one: %v", err)
	}

	os.WriteFile(out, []byte("edited by hand"), 0o644)
	failed, _, stderr = importFiles(into, false, false, in)
	if failed != 1 || !strings.Contains(stderr, "exists: use --force") {
		t.Errorf("overwrite without Force: %d failed, stderr:\n%s", failed, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "edited by hand" {
		t.Error("a file was replaced without Force")
	}
	if _, stdout, _ := importFiles(into, true, false, in); !strings.Contains(stdout, "exists; importing would need --force") {
		t.Errorf("the dry run does not say the file exists:\n%s", stdout)
	}

	for i := 0; i < 2; i++ {
		if failed, _, stderr := importFiles(into, false, true, in); failed != 0 {
			t.Fatalf("Force: %d failed\n%s", failed, stderr)
		}
		if b, _ := os.ReadFile(out); !bytes.Equal(b, first) {
			t.Errorf("import %d with Force gives other bytes:\n%s", i+1, b)
		}
	}
	entries, _ := os.ReadDir(into)
	if len(entries) != 1 {
		t.Errorf("left behind in %s: %v", into, entries)
	}

	// Two files that give one transcript: the second is refused.
	twin := filepath.Join(dir, "twin.txt")
	os.WriteFile(twin, []byte(pageFixture), 0o644)
	if failed, _, stderr := importFiles(into, true, false, in, twin); failed != 1 || !strings.Contains(stderr, "twin.txt: would write ") {
		t.Errorf("two files for one transcript: %d failed\n%s", failed, stderr)
	}
}
