package search

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// synthetic makes n transcripts of Zipf-distributed made-up words, about
// 1,500 words each in 18 turns, as the bench corpus has.
func synthetic(n int) (*model.Site, [][]markdown.Turn) {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 30000)
	for i := range vocab {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteByte("bcdfghklmnprstvz"[r.IntN(16)])
			b.WriteByte("aeiou"[r.IntN(5)])
		}
		vocab[i] = b.String()
	}
	copy(vocab, strings.Fields(stopList))
	z := rand.NewZipf(r, 1.01, 1, uint64(len(vocab)-1))
	site := &model.Site{}
	for i := range 50 {
		site.Speakers = append(site.Speakers, &model.Speaker{ID: "s" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Name: "Speaker " + vocab[1000+i]})
	}
	site.Topics = []*model.Topic{{ID: "t1", Title: "One"}, {ID: "t2", Title: "Two"}}
	var all [][]markdown.Turn
	for i := range n {
		t := &model.Transcript{Slug: "t" + string(rune('a'+i%26)) + strings.Repeat("x", i/26%5) + "-" + strconv.Itoa(i), Title: "Press conference " + vocab[z.Uint64()],
			Summary: vocab[z.Uint64()] + " " + vocab[z.Uint64()], Topics: site.Topics[:1+i%2]}
		t.Date = t.Date.AddDate(30, 0, i/3)
		for k := range 4 {
			t.Speakers = append(t.Speakers, &model.Appearance{Speaker: site.Speakers[(i+k*7)%len(site.Speakers)]})
		}
		var turns []markdown.Turn
		for k := range 18 {
			var b strings.Builder
			for range 83 {
				b.WriteString(vocab[z.Uint64()])
				b.WriteByte(' ')
			}
			turns = append(turns, markdown.Turn{N: k + 1, Speaker: t.Speakers[k%4].Speaker.ID, Text: b.String()})
		}
		site.Transcripts = append(site.Transcripts, t)
		all = append(all, turns)
	}
	return site, all
}

func BenchmarkAdd(b *testing.B) {
	site, turns := synthetic(200)
	ix := New()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(turns)
		ix.Add(site.Transcripts[k], turns[k])
	}
}

func BenchmarkWrite2000(b *testing.B) {
	site, turns := synthetic(2000)
	ix := New()
	var es []*Entry
	for k := range turns {
		es = append(es, ix.Add(site.Transcripts[k], turns[k]))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var w sitetest.CountWriter
		if err := ix.Write(&w, site, es); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(w.Bytes.Load()), "bytes")
	}
}
