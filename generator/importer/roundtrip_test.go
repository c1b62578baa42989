package importer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/importer"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// turn is what a round trip must keep of a turn.
type turn struct {
	Speaker string
	Time    string // hh:mm:ss or ""
	Text    string // paragraphs joined by a blank line
}

func fromImport(tr *importer.Transcript) []turn {
	var out []turn
	for _, t := range tr.Turns {
		tu := turn{Speaker: t.Speaker, Text: strings.Join(t.Paragraphs, "\n\n")}
		if t.Timed {
			s := int(t.Start / time.Second)
			tu.Time = clock(s)
		}
		out = append(out, tu)
	}
	return out
}

func clock(s int) string {
	return strings.Join([]string{two(s / 3600), two(s / 60 % 60), two(s % 60)}, ":")
}

func two(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// folded compares texts as captions keep them: WebVTT has no paragraphs.
func folded(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRoundTrip imports each fixture, builds a site of the Markdown, with
// a recording, checks the build read the same turns (index.json), then
// imports the exported index.vtt and checks it gives the turns back:
// speakers, turn boundaries, times and words.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(filepath.Join("testdata", "in"))
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	dir := filepath.Join(site, "content", "transcripts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	imported := map[string]*importer.Transcript{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata", "in", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := importer.Import(data, importer.Options{Name: e.Name(), ModTime: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		if imported[tr.Slug] != nil {
			t.Fatalf("two fixtures give the slug %s", tr.Slug)
		}
		imported[tr.Slug] = tr
		// With a recording: captions are exported only for one.
		md := string(tr.Markdown())
		if !strings.Contains(md, "\nmedia: ") {
			md = strings.Replace(md, "---\n", "---\nmedia: https://example.org/"+tr.Slug+".mp3\n", 1)
		}
		if err := os.WriteFile(filepath.Join(dir, tr.Slug+".md"), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := pipeline.Run(pipeline.Options{Source: site, BaseURL: "https://example.org/"})
	if err != nil {
		t.Fatalf("the imported transcripts do not build:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("build warnings: %v", res.Warnings)
	}
	for slug, tr := range imported {
		t.Run(slug, func(t *testing.T) {
			out := filepath.Join(site, "public", "transcripts", slug)
			want := fromImport(tr)

			var idx struct {
				Speakers []struct{ ID, Name string }
				Turns    []turn
			}
			readJSON(t, filepath.Join(out, "index.json"), &idx)
			if len(idx.Speakers) != len(tr.Speakers) {
				t.Errorf("index.json has %d speakers, the import %d", len(idx.Speakers), len(tr.Speakers))
			}
			for i := range idx.Speakers {
				if i < len(tr.Speakers) && (idx.Speakers[i].ID != tr.Speakers[i].ID || idx.Speakers[i].Name != tr.Speakers[i].Name) {
					t.Errorf("speaker %d: %+v, imported %+v", i, idx.Speakers[i], tr.Speakers[i])
				}
			}
			compare(t, "index.json", idx.Turns, want, false)

			timed := false
			for _, tu := range want {
				timed = timed || tu.Time != ""
			}
			html, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if links := strings.Contains(string(html), `href="index.vtt"`); links != timed {
				t.Errorf("page links to index.vtt: %v; transcript has timestamps: %v", links, timed)
			}
			data, err := os.ReadFile(filepath.Join(out, "index.vtt"))
			if !timed {
				if err == nil {
					t.Errorf("index.vtt written for a transcript without timestamps")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Captions carry names, not ids: map them to the archive's ids
			// as --speaker does.
			ids := map[string]string{}
			for _, sp := range tr.Speakers {
				ids[sp.Label()] = sp.ID
			}
			back, err := importer.Import(data, importer.Options{Name: "index.vtt", Speakers: ids})
			if err != nil {
				t.Fatalf("index.vtt does not import: %v", err)
			}
			compare(t, "index.vtt", fromImport(back), want, true)
		})
	}
}

func compare(t *testing.T, what string, got, want []turn, fold bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d turns, want %d:\n%+v", what, len(got), len(want), got)
		return
	}
	for i := range want {
		g, w := got[i], want[i]
		if fold {
			g.Text, w.Text = folded(g.Text), folded(w.Text)
		}
		if g != w {
			t.Errorf("%s: turn %d:\n got %+v\nwant %+v", what, i+1, g, w)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
