package dev

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/serve"
	"github.com/verbatim-archive/verbatim/generator/synth"
)

// saveProfile, when set, is where BenchmarkSave writes a CPU profile of
// its saves alone, without the first build, which -cpuprofile would hold.
var saveProfile = flag.String("saveprofile", "", "write a CPU profile of BenchmarkSave's timed saves to `file`")

// serveArchive returns a synthetic archive of n transcripts, written once
// into the system's temp folder and kept for later runs (delete
// verbatim-serve-* to regenerate). It is not the archive of package
// pipeline's benchmarks, which edit a transcript of theirs: a watcher on
// the same folder would see their saves.
func serveArchive(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("verbatim-serve-%d", n))
	if err := synth.Kept(dir, synth.Options{Transcripts: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// aTurn is the first turn of a transcript written by package synth, a
// line that starts with a speaker's label ("Name:", "**Name:**",
// "[00:01:39] **Name**:"), up to its last word. The front matter is
// skipped with the line "---" that ends it.
var aTurn = regexp.MustCompile(`(?ms)^---$.*?^---$.*?^[^\n:]{1,60}:(?:\*\*)? [^\n]* ([a-z]{3,})[.?;!]?$`)

// traces notes when each step of a rebuild happens (Options.trace), and
// the last build's result.
type traces struct {
	mu  sync.Mutex
	at  map[string]time.Time
	res *pipeline.Result
	// busy counts the batches received and not yet done with; noted is
	// closed, and replaced, by every step.
	busy  int
	noted chan struct{}
}

func (tr *traces) note(step string, res *pipeline.Result) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.at[step] = time.Now()
	if res != nil {
		tr.res = res
	}
	switch step {
	case "batch":
		tr.busy++
	case "idle":
		tr.busy--
	}
	close(tr.noted)
	tr.noted = make(chan struct{})
}

// waitIdle waits until the loop is done with every batch it received,
// what it does after telling the pages included.
func (tr *traces) waitIdle(b testing.TB) {
	b.Helper()
	deadline := time.After(timeout)
	for {
		tr.mu.Lock()
		busy, noted := tr.busy, tr.noted
		tr.mu.Unlock()
		if busy == 0 {
			return
		}
		select {
		case <-noted:
		case <-deadline:
			b.Fatal("the loop stayed busy")
		}
	}
}

func (tr *traces) reset() {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.at, tr.res = map[string]time.Time{}, nil
}

func (tr *traces) phases() []pipeline.Phase {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.res == nil {
		return nil
	}
	return tr.res.Phases
}

func (tr *traces) get(step string) time.Time {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.at[step]
}

// BenchmarkSave is a save as an author sees it in serve: a word of a turn
// changed and the transcript written, then the open page told to reload
// and the new page fetched over HTTP, as a browser does. ns/op and ms/save
// are the time from the write to the new bytes served, the watcher's
// debounce included; the other metrics divide it: debounce-ms (write to
// the batch of changes), build-ms and each of its phases (load-ms,
// model-ms, render-ms, commit-ms, ...), tell-ms (the build to the reload
// event) and fetch-ms (the reload event to the page served). after-ms is
// what the loop does once the pages are told (the search index and the
// data file brought up to date), which the next save waits for untimed.
//
// It runs on archives of 2,000 and 20,000 transcripts made by package
// synth; -bench 'Save/2000$' runs the small one alone.
func BenchmarkSave(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchmarkSave(b, n) })
	}
}

func benchmarkSave(b *testing.B, n int) {
	src := serveArchive(b, n)
	// A transcript from the middle of the archive, neither its newest nor
	// its oldest.
	files, err := filepath.Glob(filepath.Join(src, "content", "transcripts", "*", "*.md"))
	if err != nil || len(files) != n {
		b.Fatalf("%d transcripts in %s (%v); want %d", len(files), src, err, n)
	}
	sort.Strings(files)
	file := files[n/2]
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(file, orig, 0o644) })
	m := aTurn.FindSubmatchIndex(orig)
	if m == nil {
		b.Fatalf("%s has no turn", file)
	}

	tr := &traces{at: map[string]time.Time{}, noted: make(chan struct{})}
	r := startWithin(b, Options{Build: pipeline.Options{Source: src, Destination: filepath.Join(b.TempDir(), "public")}, Serve: true, trace: tr.note}, 10*time.Minute)
	page := r.url + "transcripts/" + strings.TrimSuffix(filepath.Base(file), ".md") + "/"
	events := subscribe(b, r.origin+serve.EventsPath)
	nextWhere(b, events, "hello event", func(e event) bool { return e.name == "hello" })

	phases := map[string]time.Duration{}
	var order []string
	var took []time.Duration
	i := 0
	save := func() {
		i++
		word := fmt.Sprintf("edited%d", i)
		edited := slices.Concat(orig[:m[2]], []byte(word), orig[m[3]:])
		tr.reset()
		t0 := time.Now()
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			nextWhere(b, events, "reload event", func(e event) bool { return e.name == "reload" })
			told := time.Now()
			code, body := get(b, page)
			if code != http.StatusOK {
				b.Fatalf("GET %s: %d", page, code)
			}
			if !strings.Contains(body, word) {
				continue // a reload of an earlier write's batch
			}
			done := time.Now()
			took = append(took, done.Sub(t0))
			batch, built := tr.get("batch"), tr.get("built")
			add := func(name string, d time.Duration) {
				if _, ok := phases[name]; !ok {
					order = append(order, name)
				}
				phases[name] += d
			}
			add("debounce-ms", batch.Sub(t0))
			add("build-ms", built.Sub(batch))
			for _, p := range tr.phases() {
				add(p.Name+"-ms", p.Took)
			}
			add("tell-ms", told.Sub(built))
			add("fetch-ms", done.Sub(told))
			// What the loop does after telling the pages (the search
			// index and the data, brought up to date) is not part of the
			// save's latency, but the next save waits for it, as a
			// save seconds later would find it done.
			b.StopTimer()
			tr.waitIdle(b)
			b.StartTimer()
			if idle := tr.get("idle"); !idle.IsZero() {
				add("after-ms", idle.Sub(tr.get("told")))
			}
			return
		}
	}
	// The first saves of a process are slower (the first rebuild learns
	// what the first build could not): the benchmark times the steady
	// state after two.
	save()
	save()
	clear(phases)
	order, took = nil, nil
	if *saveProfile != "" {
		f, err := os.Create(*saveProfile)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	b.ResetTimer()
	for b.Loop() {
		save()
	}
	b.StopTimer()
	sorted := slices.Clone(took)
	slices.Sort(sorted)
	var sum time.Duration
	for _, d := range took {
		sum += d
	}
	b.ReportMetric(float64(sum.Microseconds())/1000/float64(len(took)), "ms/save")
	b.ReportMetric(float64(sorted[len(sorted)/2].Microseconds())/1000, "median-ms")
	for _, name := range order {
		b.ReportMetric(float64(phases[name].Microseconds())/1000/float64(len(took)), name)
	}
}
