package dataset

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// dataFlag is the data/ folder of a built site, whose turns BenchmarkPart
// compresses again.
var dataFlag = flag.String("data", "", "the data/ folder of a built site, for BenchmarkPart")

// readArchive reads the transcripts and turns of the files in dir back
// from their rows.
func readArchive(b *testing.B, dir string) ([]*model.Transcript, [][]markdown.Turn) {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "turns*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no turns*.jsonl.gz in %s: %v", dir, err)
	}
	var ts []*model.Transcript
	var turns [][]markdown.Turn
	var spoke map[string]bool // the speakers of the last transcript
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r Row
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			if len(ts) == 0 || ts[len(ts)-1].Slug != r.Slug {
				t := &model.Transcript{Slug: r.Slug, Title: r.Title, File: r.Slug + ".md"}
				if t.Date, err = time.Parse("2006-01-02", r.Date); err != nil {
					t.Date, _ = time.Parse(time.RFC3339, r.Date)
				}
				for _, id := range r.Topics {
					t.Topics = append(t.Topics, &model.Topic{ID: id})
				}
				ts, turns, spoke = append(ts, t), append(turns, nil), map[string]bool{}
			}
			t := ts[len(ts)-1]
			if !spoke[r.Speaker] {
				spoke[r.Speaker] = true
				t.Speakers = append(t.Speakers, &model.Appearance{Speaker: &model.Speaker{ID: r.Speaker, Name: r.Name}})
			}
			tu := markdown.Turn{N: r.N, Speaker: r.Speaker, Text: r.Text}
			if r.Time != nil {
				tu.Time = *r.Time
			}
			turns[len(turns)-1] = append(turns[len(turns)-1], tu)
		}
		if err := sc.Err(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		f.Close()
	}
	return ts, turns
}

// BenchmarkPart makes the parts of every transcript of a built site, on
// one core, from the rows of its data files (-data): the CPU time that
// the archive as data adds to a build, and the bytes it weighs.
func BenchmarkPart(b *testing.B) {
	if *dataFlag == "" {
		b.Skip("-data names no data/ folder of a built site")
	}
	ts, turns := readArchive(b, *dataFlag)
	m := New()
	for b.Loop() {
		size := 0
		for i, t := range ts {
			p, err := m.Part(t, turns[i])
			if err != nil {
				b.Fatal(err)
			}
			size += p.zn
		}
		b.ReportMetric(float64(size), "bytes")
	}
}
