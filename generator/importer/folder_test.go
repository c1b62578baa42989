package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportFolder converts a mixed archive in one command: every fixture
// (text in each tool's layout, captions, JSON, Markdown with YAML and TOML
// front matter), a Word document, a file in a subfolder; hidden files and
// files import does not read are passed over.
func TestImportFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "old-site", "transcripts")
	into := filepath.Join(dir, "site", "content", "transcripts")
	if err := os.MkdirAll(filepath.Join(src, "2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	var want []string // the files the folder gives
	for _, name := range fixtures(t) {
		write(t, filepath.Join(src, name), readFixture(t, name))
		want = append(want, name)
	}
	write(t, filepath.Join(src, "2024", "allotment-meeting-word.docx"), docxOf(t, "otter-allotment-meeting.txt"))
	want = append(want, "allotment-meeting-word.docx")
	write(t, filepath.Join(src, ".notes.md"), []byte("Ann Lee: hidden.\n"))
	write(t, filepath.Join(src, "cover.jpg"), []byte("\xff\xd8\xff"))

	files, err := ExpandFolders([]string{src})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Fatalf("the folder gives %d files, want %d: %q", len(files), len(want), files)
	}
	var out, errOut bytes.Buffer
	failed := ImportFiles(files, FilesOptions{Into: into, Stdout: &out, Stderr: &errOut})
	if failed != 0 {
		t.Fatalf("%d failed:\n%s", failed, &errOut)
	}
	written, err := os.ReadDir(into)
	if err != nil || len(written) != len(want) {
		t.Fatalf("%d transcripts written, want %d (%v)", len(written), len(want), err)
	}
	for _, line := range []string{
		"otter-allotment-meeting.txt -> " + filepath.Join(into, "otter-allotment-meeting.md") + " (text, otter layout, 3 speakers, 10 turns)",
		"allotment-meeting-word.docx -> " + filepath.Join(into, "allotment-meeting-word.md") + " (text, otter layout, 3 speakers, 10 turns)",
		"rev-harbour-interview.txt -> " + filepath.Join(into, "rev-harbour-interview.md") + " (text, rev layout, 3 speakers, 9 turns)",
		"(text, descript layout, 3 speakers, 10 turns)",
		"(text, bold-time layout, 3 speakers, 8 turns)",
		"old-site-episode.md -> " + filepath.Join(into, "2023-11-02-episode-31-the-night-ferry.md") + " (text, 3 speakers, 8 turns)",
		"radio-panel.srt -> ", "harbour-podcast.vtt -> ", "short-episode.json -> ",
	} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("the import does not say %q:\n%s", line, &out)
		}
	}
	// The old site's front matter is kept, its speakers' ids too.
	md, err := os.ReadFile(filepath.Join(into, "2023-11-02-episode-31-the-night-ferry.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"media: https://example.org/audio/episode-31.mp3\n", "topics:\n  - ferries\n",
		"summary: Mira and Tom ride", "{id: mira, name: Mira Hale, role: host}", "{id: tom, name: Tom Lind}"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("no %q in\n%s", want, md)
		}
	}
	if strings.Contains(string(md), "tags:") || strings.Contains(string(md), "episode:") {
		t.Errorf("keys the contract does not know were carried over:\n%s", md)
	}
}

// A folder with nothing import reads is an error, not a silent success.
func TestImportEmptyFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "cover.jpg"), []byte("\xff\xd8\xff"))
	if _, err := ExpandFolders([]string{dir}); err == nil || !strings.Contains(err.Error(), dir+": a folder with no file import reads") {
		t.Errorf("error %v", err)
	}
	files, err := ExpandFolders([]string{"missing.txt", filepath.Join(dir, "cover.jpg")})
	if err != nil || len(files) != 2 {
		t.Errorf("files named are kept as they are: %q, %v", files, err)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
