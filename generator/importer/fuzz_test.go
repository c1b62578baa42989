package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
)

// seedFormat adds the fixtures of one format and a few hostile shapes.
func seedFormat(f *testing.F, ext string, extra ...string) {
	for _, dir := range []string{"in", "bad"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*"+ext))
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// checkImport is the property every importer keeps: no panic, no hang, and
// what it writes is a transcript the build reads back as it was meant:
// front matter that decodes with a title, a date and the speakers, and a
// body in which the build finds exactly the imported turns, by the same
// speakers in the same order, and no turn in the preamble or in a turn's
// later paragraphs.
func checkImport(t *testing.T, data []byte, format Format) {
	if len(data) > 256<<10 {
		return
	}
	sitetest.Bounded(t, 10*time.Second, func() {
		tr, err := Import(data, Options{Name: "fuzz" + extOf(format), Format: format, ModTime: fixedTime})
		if err != nil {
			return
		}
		md := tr.Markdown()
		front, fm, body, line, err := load.SplitFront(md)
		if err != nil || fm != "yaml" {
			t.Fatalf("front matter does not split (%v):\n%s", err, md)
		}
		fr, err := load.DecodeFront(front, fm)
		if err != nil {
			t.Fatalf("front matter does not decode (%v):\n%s", err, md)
		}
		if s, _ := fr.Values["title"].(string); strings.TrimSpace(s) == "" {
			t.Fatalf("no title:\n%s", md)
		}
		if _, ok := fr.Values["date"]; !ok {
			t.Fatalf("no date:\n%s", md)
		}
		labels := map[string]string{}
		for _, sp := range tr.Speakers {
			labels[markdown.NormalizeLabel(sp.Name)] = sp.ID
		}
		for _, sp := range tr.Speakers {
			for _, a := range sp.Aliases {
				if _, taken := labels[markdown.NormalizeLabel(a)]; !taken {
					labels[markdown.NormalizeLabel(a)] = sp.ID
				}
			}
		}
		got := markdown.New(markdown.Options{}).Parse(body, markdown.DocOptions{Labels: labels, FirstLine: line}).Turns()
		var want []string
		for _, tu := range tr.Turns {
			want = append(want, tu.Speaker)
		}
		var gotIDs []string
		for _, tu := range got {
			gotIDs = append(gotIDs, tu.Speaker)
		}
		if strings.Join(gotIDs, " ") != strings.Join(want, " ") {
			t.Fatalf("imported turns by %q, the build reads turns by %q from:\n%s", want, gotIDs, md)
		}
	})
}

func extOf(f Format) string {
	switch f {
	case SRT:
		return ".srt"
	case VTT:
		return ".vtt"
	case JSON:
		return ".json"
	}
	return ".txt"
}

func FuzzImportText(f *testing.F) {
	seedFormat(f, ".txt",
		"Title, Town, 3 March 2022\n\nQ: a?\n\nAnn Lee: b.\n\nAnn  Lee: c.\n\nQ : d",
		"---\ntitle: x\ndate: 2021-01-01\n---\n\n[00:01] Ann: x\n\n[1:00:00] Bob: y\n\nAnn: Bob: z",
		"\ufeffMR. X: a\r\nMR.\u00a0X: b\rQ: c",
		"Ann: **Bob:** x\n\nBob: # heading\n\nAnn: > quote\n\nBob: - list\n\nAnn: ---",
		"A: \n\nB:\n\nA:",
		"",
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkImport(t, data, Text) })
}

func FuzzImportSRT(f *testing.F) {
	seedFormat(f, ".srt",
		"1\n00:00:01,000 --> 00:00:02,000\n[ANN] hi\n\n2\n00:00:02,000 --> 00:00:01,000\nBOB: back\n",
		"1\n99:59:59,999 --> 100:00:00,000\nA: late\n",
		"\n\n\n1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>A:</i> x\r\n",
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkImport(t, data, SRT) })
}

func FuzzImportVTT(f *testing.F) {
	seedFormat(f, ".vtt",
		"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>hi</v> <v Bob>there\n",
		"WEBVTT - <script>\n\nNOTE x\n\nSTYLE\n::cue{}\n\n1\n00:00:01.000 --> 00:00:02.000 align:start\n<v.loud Ann Lee>x\n",
		"WEBVTT\n\n00:00.000 --> 00:00.000\n<v \n",
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkImport(t, data, VTT) })
}

func FuzzImportJSON(f *testing.F) {
	seedFormat(f, ".json",
		`{"version":"1.0.0","segments":[{"speaker":"A","startTime":1e308,"body":"x"},{"speaker":"","startTime":-1,"body":"y"}]}`,
		`{"segments":[{"speaker":"**A:**","startTime":0,"body":"A: x\n\nA: y"},{"speaker":"B","body":"[[z]]"}]}`,
		`{"segments":[{"speaker":"A","startTime":"NaN","body":1}]}`,
	)
	f.Fuzz(func(t *testing.T, data []byte) { checkImport(t, data, JSON) })
}
