package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The import command's flags reach the importer, and its mistakes exit 2.
// What an import does is tested in package importer.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "meeting.srt")
	into := filepath.Join(dir, "site", "content", "transcripts")
	os.WriteFile(in, []byte("1\n00:00:01,000 --> 00:00:02,000\nCLERK: In June.\n"), 0o644)
	folder := filepath.Join(dir, "old-site")
	os.MkdirAll(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "a.txt"), []byte("Speaker 1  0:01\nIn June.\n\nDana Mirr  0:04\nThank you.\n"), 0o644)
	os.WriteFile(filepath.Join(folder, "b.srt"), []byte("1\n00:00:01,000 --> 00:00:02,000\nCLERK: In July.\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string // in the output
	}{
		{[]string{"--dry-run", "--format", "srt", "--speaker", "CLERK=dana", "--into", into, in}, 0, "meeting.srt -> " + into},
		{[]string{"--dry-run", "--speaker", "CLERK=dana", "--into", into, in}, 0, "speaker: dana, labelled CLERK: 1 turn"},
		{[]string{"--into", into, in, filepath.Join(dir, "missing.srt")}, 1, "import: 1 of 2 files failed"},
		{[]string{"--force", "--into", into, in}, 0, "(srt, 1 speaker, 1 turn)"},
		{[]string{"--speaker", "Clerk=Not An Id", "--into", into, in}, 2, "is not an id"},
		{[]string{"--format", "pdf", in}, 2, "--format: unknown format"},
		{[]string{"--into", into}, 2, "no FILE given"},
		{[]string{"--dry-run", "--into", into, folder}, 0, "format: text, otter layout, UTF-8"},
		{[]string{"--dry-run", "--speaker", "Speaker 1=ola-berg", "--into", into, folder}, 0, "speaker: ola-berg, labelled Speaker 1: 1 turn"},
		{[]string{"--into", into, folder}, 0, "b.srt -> " + filepath.Join(into, "b.md") + " (srt, 1 speaker, 1 turn)"},
		{[]string{"--into", into, filepath.Join(dir, "empty")}, 1, "import: 1 of 1 files failed"},
		{[]string{"--help"}, 0, "Usage: generator import"},
	} {
		var out, errOut bytes.Buffer
		code := run(append([]string{"import"}, tc.args...), &out, &errOut)
		if code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.want) {
			t.Errorf("import %q: exit %d, want %d with %q:\n%s%s", tc.args, code, tc.code, tc.want, &out, &errOut)
		}
	}
}
