package model_test

import (
	"strings"
	"testing"
)

const minimal = "---\ntitle: T\ndate: 2024-01-01\nspeakers: [ann]\n---\n\nAnn: hi\n"

// TestHostileNames models sites whose slugs, ids and file names would
// leave their folder, or could not exist on Windows: each is refused with
// its file and line.
func TestHostileNames(t *testing.T) {
	t.Parallel()
	tr := func(front string) string {
		return "---\ntitle: T\ndate: 2024-01-01\n" + front + "\n---\n\nAnn: hi\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // in the error, with file:line
	}{
		{"slug ..", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: ..")}, "content/transcripts/a.md:5: slug"},
		{"slug ../x", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: ../../x")}, "content/transcripts/a.md:5: slug"},
		{"slug absolute", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: /etc/x")}, "content/transcripts/a.md:5: slug"},
		{"slug NUL", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: \"a\\0b\"")}, "content/transcripts/a.md:5: slug"},
		{"slug backslash", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: '..\\x'")}, "content/transcripts/a.md:5: slug"},
		{"slug CON", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: CON")}, "content/transcripts/a.md:5: slug \"CON\" is a name Windows keeps"},
		{"slug nul.txt", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: nul.txt")}, "content/transcripts/a.md:5: slug \"nul.txt\" is a name Windows keeps"},
		{"slug com1", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: com1")}, "content/transcripts/a.md:5: slug \"com1\" is a name Windows keeps"},
		{"slug trailing dot", map[string]string{"transcripts/a.md": tr("speakers: [ann]\nslug: a.")}, "content/transcripts/a.md:5: slug \"a.\""},
		{"file aux.md", map[string]string{"transcripts/aux.md": minimal}, "content/transcripts/aux.md:1: slug \"aux\" is a name Windows keeps"},
		{"speaker id", map[string]string{"transcripts/a.md": tr("speakers: [{id: lpt1, name: Ann}]")}, "content/transcripts/a.md:4: speakers: the id \"lpt1\" is a name Windows keeps"},
		{"speaker name", map[string]string{"transcripts/a.md": tr("speakers: [Nul]")}, "content/transcripts/a.md:4: speakers: the id \"nul\" is a name Windows keeps"},
		{"speaker id ..", map[string]string{"transcripts/a.md": tr("speakers: [{id: ../x, name: Ann}]")}, "content/transcripts/a.md:4: speakers: \"../x\" is not a valid id"},
		{"topic", map[string]string{"transcripts/a.md": tr("speakers: [ann]\ntopics: [prn]")}, "content/transcripts/a.md:5: topics: the id \"prn\" is a name Windows keeps"},
		{"speaker file", map[string]string{"transcripts/a.md": minimal, "speakers/con.md": "---\nname: C\n---\n"}, "content/speakers/con.md: file name \"con.md\" is a name Windows keeps"},
		{"topic file", map[string]string{"transcripts/a.md": minimal, "topics/com9.md": "---\ntitle: C\n---\n"}, "content/topics/com9.md: file name \"com9.md\" is a name Windows keeps"},
		{"page", map[string]string{"transcripts/a.md": minimal, "pages/con/about.md": "---\ntitle: C\n---\n"}, "content/pages/con/about.md: the path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := buildErrs(t, tc.files); !strings.Contains(got, tc.want) {
				t.Errorf("errors\n%s\nwant one to say %q", got, tc.want)
			}
		})
	}
}
