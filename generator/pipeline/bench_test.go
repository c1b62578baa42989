package pipeline_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/output"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/render"
	"github.com/verbatim-archive/verbatim/generator/synth"
	"github.com/verbatim-archive/verbatim/themes"
)

// archive returns a synthetic archive of n transcripts, written once into
// the system's temp folder and kept there for later runs (delete
// verbatim-bench-* to regenerate).
func archive(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("verbatim-bench-%d", n))
	if err := synth.Kept(dir, synth.Options{Transcripts: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

var sizes = []int{2000, 20000}

// builtinTheme is the theme built into the binary.
func builtinTheme(b *testing.B) *render.Theme {
	b.Helper()
	builtin, _ := fs.Sub(themes.Default, "default")
	theme, err := render.LoadTheme(render.Overlay{Builtin: builtin})
	if err != nil {
		b.Fatal(err)
	}
	return theme
}

// linkedSite is the model of the synthetic archive of n transcripts.
func linkedSite(b *testing.B, n int) *model.Site {
	b.Helper()
	src, err := load.Site(archive(b, n))
	if err != nil {
		b.Fatal(err)
	}
	site, errs := model.Build(src, model.Options{})
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	return site
}

// onEveryCore calls f for 0 to n-1 on every core, each goroutine with a
// buffer of its own, emptied before each call, and gives the first error.
func onEveryCore(n int, f func(i int, buf *bytes.Buffer) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, runtime.GOMAXPROCS(0))
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				buf.Reset()
				if err := f(i, &buf); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// BenchmarkBuild is a whole build, from reading content/ to the output in
// place, as `generator build` does it.
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := archive(b, n)
			out := filepath.Join(b.TempDir(), "public")
			var files int
			for b.Loop() {
				res, err := pipeline.Run(pipeline.Options{Source: src, Destination: out})
				if err != nil {
					b.Fatal(err)
				}
				files = res.Files
			}
			b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := archive(b, n)
			for b.Loop() {
				if _, err := load.Site(src); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "transcripts/s")
		})
	}
}

// BenchmarkModel parses every transcript once and links the archive.
func BenchmarkModel(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src, err := load.Site(archive(b, n))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, errs := model.Build(src, model.Options{}); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "transcripts/s")
		})
	}
}

// BenchmarkGoldmark is the floor a build is measured against: plain
// goldmark with its GFM and footnote extensions converting every
// transcript body of the archive to HTML on every core, with nothing
// else (no turns, templates, pages or files).
func BenchmarkGoldmark(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src, err := load.Site(archive(b, n))
			if err != nil {
				b.Fatal(err)
			}
			files := src.Files[load.Transcripts]
			md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
			var out atomic.Int64
			for b.Loop() {
				err := onEveryCore(len(files), func(i int, buf *bytes.Buffer) error {
					if err := md.Convert(files[i].Body, buf); err != nil {
						return err
					}
					out.Add(int64(buf.Len()))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if out.Load() == 0 {
				b.Fatal("goldmark wrote nothing")
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "transcripts/s")
		})
	}
}

// BenchmarkParse is the project's Markdown alone: every transcript body
// parsed and rendered with the project's extensions (turns, labels,
// cross-links, sidenotes, highlighting) on every core, as the model does
// it; against Goldmark, what the extensions cost.
func BenchmarkParse(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			site := linkedSite(b, n)
			ts := site.Transcripts
			var turns atomic.Int64
			for b.Loop() {
				err := onEveryCore(len(ts), func(i int, buf *bytes.Buffer) error {
					doc := site.Markdown.Parse(ts[i].Body.Source, ts[i].DocOptions())
					if err := doc.Render(buf); err != nil {
						return err
					}
					turns.Add(int64(len(doc.Turns())))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if turns.Load() == 0 {
				b.Fatal("no turns parsed")
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "transcripts/s")
		})
	}
}

// BenchmarkWrite is the output alone: the files of a rendered site, held
// in memory, given to an output.Writer and committed into a new
// destination, as a first build does.
func BenchmarkWrite(b *testing.B) {
	theme := builtinTheme(b)
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			site := linkedSite(b, n)
			var files sitetest.MemWriter
			if err := render.Site(site, theme, &files, render.Options{}); err != nil {
				b.Fatal(err)
			}
			var size int64
			for _, data := range files.Files() {
				size += int64(len(data))
			}
			b.SetBytes(size)
			dir := b.TempDir()
			i := 0
			for b.Loop() {
				i++
				w, err := output.New(filepath.Join(dir, fmt.Sprint(i)), nil)
				if err != nil {
					b.Fatal(err)
				}
				for rel, data := range files.Files() {
					if err := w.Write(rel, data); err != nil {
						b.Fatal(err)
					}
				}
				if _, _, err := w.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(files.Files()))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// BenchmarkRender renders every page into memory, without writing.
func BenchmarkRender(b *testing.B) {
	theme := builtinTheme(b)
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			site := linkedSite(b, n)
			var w sitetest.CountWriter
			for b.Loop() {
				if err := render.Site(site, theme, &w, render.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(w.Files.Load())/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(w.Bytes.Load())/float64(b.N), "bytes/build")
		})
	}
}

// BenchmarkRebuild is watch mode's loop: one transcript of the archive is
// saved with a changed word, and the Builder brings the output up to date.
// It measures from the save to the output on disk, without the watcher's
// debounce.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := archive(b, n)
			s, err := load.Site(src)
			if err != nil {
				b.Fatal(err)
			}
			f := s.Files[load.Transcripts][len(s.Files[load.Transcripts])/2]
			file := filepath.Join(src, "content", filepath.FromSlash(f.Path))
			orig, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { os.WriteFile(file, orig, 0o644) })
			builder, err := pipeline.NewBuilder(pipeline.Options{Source: src, Destination: filepath.Join(b.TempDir(), "public")})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := builder.Build(nil); err != nil {
				b.Fatal(err)
			}
			i := 0
			var ran, written int
			save := func() {
				i++
				edited := append(append([]byte{}, orig...), fmt.Sprintf("\n\nEdit number %d.\n", i)...)
				if err := os.WriteFile(file, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				res, err := builder.Build([]string{file})
				if err != nil {
					b.Fatal(err)
				}
				ran, written = res.Ran, len(res.Written)
			}
			// The first saves of a process are a little slower (at 20,000
			// transcripts, 1.0 s where later ones take 0.75 s): the
			// benchmark times the steady state after two.
			save()
			save()
			for b.Loop() {
				save()
			}
			b.ReportMetric(float64(ran), "jobs/rebuild")
			b.ReportMetric(float64(written), "files/rebuild")
		})
	}
}
