package dev

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/serve"
	"github.com/verbatim-archive/verbatim/generator/watch"
)

// timeout bounds each wait: for the loop to start, for an event, for the
// loop to stop. It is generous because "go test ./..." builds other
// packages at the same time; no test asserts a duration.
const timeout = 30 * time.Second

// output is a writer the loop and the test use at once; the test waits on
// it for what it expects to be written.
type output struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed, and replaced, by every write
}

func newOutput() *output { return &output{written: make(chan struct{})} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	close(o.written)
	o.written = make(chan struct{})
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// waitFor waits until the output matches re.
func (o *output) waitFor(t *testing.T, re *regexp.Regexp) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		o.mu.Lock()
		found, written := re.Match(o.b.Bytes()), o.written
		o.mu.Unlock()
		if found {
			return
		}
		select {
		case <-written:
		case <-deadline:
			t.Fatalf("the output never showed %s:\n%s", re, o)
		}
	}
}

func transcript(title, words string) string {
	return "---\ntitle: " + title + "\ndate: 2024-01-02\nspeakers: [Ann Lee, Bo]\n---\n\n**Ann Lee:** " + words + "\n\nBo: Indeed.\n"
}

func writeFile(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveAtomically saves as many editors do: a temporary file renamed over
// the old one.
func saveAtomically(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// running is a loop started by start.
type running struct {
	url            string // where the site is served, ending in "/"; "" for watch
	origin         string // "http://127.0.0.1:PORT"
	stdout, stderr *output
	cancel         context.CancelFunc
	done           chan error
	stopped        bool
	err            error
	// steps follows the loop's rebuilds, unless the test traces them
	// itself (Options.trace).
	steps *traces
}

// idle waits until the loop is done with every change it received: the
// search index and the data, which serve brings up to date after telling
// the pages, included.
func (r *running) idle(t testing.TB) {
	t.Helper()
	if r.steps == nil {
		t.Fatal("the test traces the loop itself")
	}
	r.steps.waitIdle(t)
}

// start runs the loop with opt, its outputs and the serving address set,
// until the test ends, and waits for the first build.
func start(t testing.TB, opt Options) *running {
	t.Helper()
	return startWithin(t, opt, timeout)
}

// startWithin is start waiting up to wait for the first build, which for
// a large archive takes longer than timeout.
func startWithin(t testing.TB, opt Options, wait time.Duration) *running {
	t.Helper()
	r := &running{stdout: newOutput(), stderr: newOutput(), done: make(chan error, 1)}
	if opt.trace == nil {
		r.steps = &traces{at: map[string]time.Time{}, noted: make(chan struct{})}
		opt.trace = r.steps.note
	}
	opt.Addr, opt.Stdout, opt.Stderr = "127.0.0.1:0", r.stdout, r.stderr
	urls := make(chan string, 1)
	opt.Started = func(u string) { urls <- u }
	var ctx context.Context
	ctx, r.cancel = context.WithCancel(context.Background())
	go func() { r.done <- Run(ctx, opt) }()
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("run: %v", err)
		}
	})
	select {
	case r.url = <-urls:
	case err := <-r.done:
		r.stopped, r.err = true, err
		t.Fatalf("run ended: %v\n%s%s", err, r.stdout, r.stderr)
	case <-time.After(wait):
		t.Fatal("run did not start")
	}
	if r.url != "" {
		r.origin = regexp.MustCompile(`^http://[^/]+`).FindString(r.url)
	}
	return r
}

// startSite writes a site of one transcript and starts the loop on it.
func startSite(t *testing.T, serve bool, siteYAML string) (dir string, r *running) {
	t.Helper()
	dir = t.TempDir()
	writeFile(t, dir, "content/site.yaml", siteYAML)
	writeFile(t, dir, "content/transcripts/a.md", transcript("Alpha", "First words."))
	return dir, start(t, Options{Build: pipeline.Options{Source: dir}, Serve: serve})
}

// alive fails the test if the loop has ended.
func (r *running) alive(t *testing.T) {
	t.Helper()
	select {
	case err := <-r.done:
		r.stopped, r.err = true, err
		t.Fatalf("run ended: %v\n%s%s", err, r.stdout, r.stderr)
	default:
	}
}

// stop ends the loop as Ctrl-C does and returns its failure, if any.
func (r *running) stop() error {
	if r.stopped {
		return r.err
	}
	r.stopped = true
	r.cancel()
	select {
	case r.err = <-r.done:
	case <-time.After(timeout):
		r.err = errors.New("run did not stop after its context was cancelled")
	}
	if r.err == nil && !strings.Contains(r.stdout.String(), "stopped") {
		r.err = errors.New("run stopped without saying so")
	}
	return r.err
}

type event struct {
	name string
	data map[string]any
}

// subscribe opens the live reload event stream, as an open page does.
func subscribe(t testing.TB, url string) <-chan event {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ch := make(chan event, 32)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var e event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data)
			case line == "" && e.name != "":
				ch <- e
				e = event{}
			}
		}
	}()
	return ch
}

// next is the next event of a stream, skipping the reloads of the data
// page alone (dataOnly).
func next(t testing.TB, ch <-chan event) event {
	t.Helper()
	return nextWhere(t, ch, "event", func(e event) bool { return !dataOnly(e) })
}

// nextWhere is the next event of a stream that keep accepts, skipping
// others; what names it in the failure when none comes.
func nextWhere(t testing.TB, ch <-chan event, what string, keep func(event) bool) event {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatal("the event stream ended")
			}
			if keep(e) {
				return e
			}
		case <-deadline:
			t.Fatalf("no %s", what)
		}
	}
}

// dataOnly says e is the reload that follows a build's when serve has
// brought the search index and the data file up to date after the pages
// (pipeline.Builder.FinishLater): it names no page but the data page,
// which changed with the archive's count of turns.
func dataOnly(e event) bool {
	if e.name != "reload" {
		return false
	}
	paths, _ := e.data["paths"].([]any)
	data := false
	for _, p := range paths {
		s, _ := p.(string)
		switch {
		case strings.HasSuffix(s, "/data/"):
			data = true
		case s != serve.Prefix:
			return false
		}
	}
	return data
}

// expect fails the test unless the next event is called name.
func expect(t *testing.T, ch <-chan event, name string) event {
	t.Helper()
	e := next(t, ch)
	if e.name != name {
		t.Fatalf("event %s %v; want %s", e.name, e.data, name)
	}
	return e
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestServe drives serve end to end: edits, an atomic save, an added,
// renamed and deleted transcript, then a broken and a fixed save, checking
// the events an open page gets and the pages served.
func TestServe(t *testing.T) {
	dir, r := startSite(t, true, "title: Test\nbase_url: https://example.org/repo/\n")
	url := r.url
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/repo/") {
		t.Fatalf("URL %s: want the local address under the path of base_url", url)
	}
	page := url + "transcripts/a/"
	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "First words.") || !strings.Contains(body, "/__verbatim/reload.js") {
		t.Fatalf("GET %s: %d\n%s", page, code, body)
	}
	// The site is built for the address it is served at.
	if !strings.Contains(body, `href="/repo/`) {
		t.Fatalf("links not under /repo/:\n%s", body)
	}
	disk, err := os.ReadFile(filepath.Join(dir, "public/transcripts/a/index.html"))
	if err != nil || strings.Contains(string(disk), "reload.js") {
		t.Fatalf("public/ holds the reload script, or nothing (%v)", err)
	}

	events := subscribe(t, r.origin+"/__verbatim/events")
	expect(t, events, "hello")

	steps := []struct {
		name   string
		edit   func()
		path   string // fetched after the reload
		status int
		want   string
	}{
		{"write", func() { writeFile(t, dir, "content/transcripts/a.md", transcript("Alpha", "Second words.")) }, "transcripts/a/", 200, "Second words."},
		{"atomic save", func() { saveAtomically(t, dir, "content/transcripts/a.md", transcript("Alpha", "Third words.")) }, "transcripts/a/", 200, "Third words."},
		{"add", func() { writeFile(t, dir, "content/transcripts/2024/b.md", transcript("Beta", "Bee words.")) }, "transcripts/b/", 200, "Bee words."},
		{"rename", func() {
			if err := os.Rename(filepath.Join(dir, "content/transcripts/2024/b.md"), filepath.Join(dir, "content/transcripts/2024/c.md")); err != nil {
				t.Fatal(err)
			}
		}, "transcripts/b/", 200, `transcripts/c/">Beta</a>`}, // the record followed it, and keeps the old address
		{"renamed is there", nil, "transcripts/c/", 200, "Bee words."},
		{"delete", func() {
			if err := os.Remove(filepath.Join(dir, "content/transcripts/2024/c.md")); err != nil {
				t.Fatal(err)
			}
		}, "transcripts/c/", 404, "Page not found"},
		{"theme override", func() {
			writeFile(t, dir, "themes/default/templates/404.html", `{{define "main"}}<h1>Lost at sea</h1>{{end}}`)
		}, "nowhere/", 404, "Lost at sea"},
	}
	for _, s := range steps {
		if s.edit != nil {
			s.edit()
			expect(t, events, "reload")
		}
		code, body := get(t, url+s.path)
		if code != s.status || !strings.Contains(body, s.want) {
			t.Fatalf("%s: GET %s: %d, want %d with %q\n%s", s.name, s.path, code, s.status, s.want, body)
		}
	}

	// A broken save: an error event naming file and line; the last good
	// page is still served; the loop goes on.
	saveAtomically(t, dir, "content/transcripts/a.md", "---\ntitle: Alpha\ndate: [2024\nspeakers: [Ann Lee]\n---\n\nAnn Lee: Broken.\n")
	e := expect(t, events, "error")
	msg, _ := e.data["message"].(string)
	if !strings.Contains(msg, "content/transcripts/a.md:") {
		t.Fatalf("error event %q names no file:line", msg)
	}
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "Third words.") {
		t.Fatalf("after a failed build: %d\n%s", code, body)
	}
	// A page opened now hears of the error at once.
	late := subscribe(t, r.origin+"/__verbatim/events")
	expect(t, late, "hello")
	if e := expect(t, late, "error"); e.data["message"] != msg {
		t.Fatalf("late error %v", e.data)
	}

	// Fixed: a reload, which clears the overlay.
	writeFile(t, dir, "content/transcripts/a.md", transcript("Alpha", "Fixed words."))
	expect(t, events, "reload")
	expect(t, late, "reload")
	if code, body := get(t, page); code != 200 || !strings.Contains(body, "Fixed words.") {
		t.Fatalf("after the fix: %d\n%s", code, body)
	}

	out, errs := r.stdout.String(), r.stderr.String()
	if n := len(regexp.MustCompile(`(?m)^rebuilt \d+ pages? in \d+ ms: `).FindAllString(out, -1)); n < 7 {
		t.Errorf("%d rebuilt lines, want 7:\n%s", n, out)
	}
	if !strings.Contains(out, "a.md") || !strings.Contains(out, "c.md") {
		t.Errorf("the rebuilt lines do not name the changed files:\n%s", out)
	}
	if !strings.Contains(errs, "content/transcripts/a.md:") || !strings.Contains(errs, "build failed") {
		t.Errorf("stderr names no file:line:\n%s", errs)
	}
}

// TestServeFirstBuildBroken: a site broken from the start is still
// served, with its error, and a fix reloads it.
func TestServeFirstBuildBroken(t *testing.T) {
	// A broken transcript and a broken template alike are the author's to
	// fix by saving: serve starts, shows the error, and recovers.
	for _, tc := range []struct {
		name, file, broken, fixed, message string
	}{
		{"transcript", "content/transcripts/a.md",
			"---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: [[nowhere]]\n",
			"---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Somewhere.\n",
			"transcripts/a.md:6: link to unknown transcript [[nowhere]]"},
		{"theme", "themes/default/templates/transcript.html",
			"{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n",
			"{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{end}}\n",
			"themes/default/templates/transcript.html:2: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "content/transcripts/a.md", "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Somewhere.\n")
			writeFile(t, dir, tc.file, tc.broken)
			r := start(t, Options{Build: pipeline.Options{Source: dir}, Serve: true})
			if code, body := get(t, r.url); code != 503 || !strings.Contains(body, "reload.js") {
				t.Fatalf("GET /: %d\n%s", code, body)
			}
			events := subscribe(t, r.url+"__verbatim/events")
			expect(t, events, "hello")
			if e := expect(t, events, "error"); !strings.Contains(e.data["message"].(string), tc.message) {
				t.Fatalf("error %v", e.data)
			}
			writeFile(t, dir, tc.file, tc.fixed)
			expect(t, events, "reload")
			if code, _ := get(t, r.url+"transcripts/a/"); code != 200 {
				t.Fatalf("after the fix: %d", code)
			}
			if err := r.stop(); err != nil {
				t.Fatal(err)
			}
			// The open event stream was ended, not left hanging.
			for range events {
			}
		})
	}
}

// Words given to the wrong speaker are said on every build, changed or
// not, and shown over the preview until a build has none.
func TestServeMisattribution(t *testing.T) {
	dir := t.TempDir()
	typo := "---\ntitle: A\ndate: 2020-01-01\nspeakers: [Ann Lee, Bo Lind]\n---\nAnn Lee: One.\n\nBo Lindd: Two.\n"
	writeFile(t, dir, "content/transcripts/a.md", typo)
	r := start(t, Options{Build: pipeline.Options{Source: dir}, Serve: true})
	events := subscribe(t, r.url+"__verbatim/events")
	expect(t, events, "hello")
	msg := `transcripts/a.md:8: "Bo Lindd:" is not a speaker of this transcript; did you mean "Bo Lind"?`
	if e := expect(t, events, "warning"); !strings.Contains(e.data["message"].(string), msg) {
		t.Fatalf("warning %v", e.data)
	}
	// Saved again with the typo: said again.
	writeFile(t, dir, "content/transcripts/a.md", strings.Replace(typo, "One.", "One!", 1))
	expect(t, events, "reload")
	r.stdout.waitFor(t, regexp.MustCompile(`(?m)^rebuilt `))
	if n := strings.Count(r.stderr.String(), msg); n != 2 {
		t.Errorf("the warning was said %d times in two builds:\n%s", n, r.stderr)
	}
	writeFile(t, dir, "content/transcripts/a.md", strings.Replace(typo, "Lindd", "Lind", 1))
	if e := expect(t, events, "warning"); e.data["message"] != "" {
		t.Fatalf("after the fix, warning %v", e.data)
	}
}

// TestWatch: watch rebuilds into the destination on a save, with the
// configured base_url.
func TestWatch(t *testing.T) {
	dir, r := startSite(t, false, "title: Test\nbase_url: https://example.org/repo/\n")
	if r.url != "" {
		t.Fatalf("watch gave a URL %q", r.url)
	}
	saveAtomically(t, dir, "content/transcripts/a.md", transcript("Alpha", "Saved words."))
	r.stdout.waitFor(t, regexp.MustCompile(`(?m)^rebuilt .*a\.md`))
	data, err := os.ReadFile(filepath.Join(dir, "public/transcripts/a/index.html"))
	if err != nil || !strings.Contains(string(data), "Saved words.") {
		t.Fatalf("not rebuilt (%v):\n%s", err, r.stdout)
	}
	if !strings.Contains(string(data), `href="/repo/`) || strings.Contains(string(data), "127.0.0.1") {
		t.Fatalf("watch did not build with the configured base_url:\n%s", data)
	}
	// A turn inserted: the build writes the transcript's turn record,
	// which is no change of the source: the rebuild after it is for the
	// next save, not for the record.
	saveAtomically(t, dir, "content/transcripts/a.md", strings.Replace(transcript("Alpha", "Saved words."), "**Ann Lee:**", "Bo: First.\n\n**Ann Lee:**", 1))
	r.stdout.waitFor(t, regexp.MustCompile(`(?m)^rebuilt .*a\.md(.|\n)*^rebuilt .*a\.md`))
	record, err := os.ReadFile(filepath.Join(dir, "content/.turnids/a.txt"))
	// The first save rewrote Ann Lee's words (t1 went, t3 came); the turn
	// inserted now is t4, before them.
	if err != nil || !strings.HasPrefix(string(record), "# turn addresses: commit with the transcript\n4 bo ") {
		t.Fatalf("the turn record: %v\n%s", err, record)
	}
	saveAtomically(t, dir, "content/transcripts/b.md", transcript("Beta", "Other words."))
	r.stdout.waitFor(t, regexp.MustCompile(`(?m)^rebuilt .*b\.md`))
	if n := len(regexp.MustCompile(`(?m)^rebuilt `).FindAllString(r.stdout.String(), -1)); n != 3 || strings.Contains(r.stdout.String(), ".turnids") {
		t.Errorf("%d rebuilds for three saves:\n%s", n, r.stdout)
	}
}

// Run refuses what no save can mend, before it builds.
func TestRunRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
		want string
	}{
		{"no site", Options{Build: pipeline.Options{Source: "/nonexistent/site"}}, "no folder /nonexistent/site/content: is --source the site's folder?"},
		{"a bad address", Options{Build: pipeline.Options{Source: "../.."}, Serve: true, Addr: "256.0.0.1:99999"}, "--addr: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Stdout, tc.opt.Stderr = io.Discard, io.Discard
			err := Run(context.Background(), tc.opt)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want one starting %q", err, tc.want)
			}
		})
	}
}

// The pages told to reload are those a build changed, under the path the
// site is served at; a stylesheet or script reloads every page; data no
// page shows as it loads reloads none.
func TestReloadPaths(t *testing.T) {
	d := &loop{basePath: "/repo/"}
	for _, tc := range []struct {
		written, removed []string
		want             []string
	}{
		{nil, nil, []string{"/__verbatim/"}},
		{[]string{"index.html", "transcripts/a/index.html", "404.html", "transcripts/a/index.json", "feed.xml", "transcripts/a/index.vtt", "search/shard-0.bin", "robots.txt", ".nojekyll"},
			[]string{"transcripts/b/index.html", "old.html"},
			[]string{"/__verbatim/", "/repo/", "/repo/transcripts/a/", "/repo/transcripts/b/"}},
		{[]string{"transcripts/a/index.html", "style.css"}, nil, nil},
		{nil, []string{"images/map.png"}, nil},
	} {
		got := d.reloadPaths(&pipeline.Result{Written: tc.written, Removed: tc.removed})
		if !slices.Equal(got, tc.want) {
			t.Errorf("reloadPaths(%q, %q) = %q, want %q", tc.written, tc.removed, got, tc.want)
		}
	}
}

func TestChanged(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	d := &loop{}
	for _, tc := range []struct {
		b    watch.Batch
		want string
	}{
		{watch.Batch{Paths: []string{filepath.Join(wd, "content", "a.md")}}, "content/a.md"},
		{watch.Batch{Paths: []string{"/elsewhere/a.md", "/elsewhere/b.md", "/elsewhere/c.md", "/elsewhere/d.md", "/elsewhere/e.md"}}, "/elsewhere/a.md, /elsewhere/b.md, /elsewhere/c.md and 2 more"},
		{watch.Batch{Paths: []string{"/elsewhere/a.md"}, Lost: true}, "/elsewhere/a.md; changes lost by the system, so everything"},
		{watch.Batch{Lost: true}, "changes lost by the system, so everything"},
	} {
		if got := d.changed(tc.b); got != tc.want {
			t.Errorf("changed(%v) = %q, want %q", tc.b, got, tc.want)
		}
	}
}

func TestBrowsable(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"0.0.0.0:1313", "127.0.0.1:1313"},
		{"[::]:1313", "127.0.0.1:1313"},
		{"192.0.2.7:80", "192.0.2.7:80"},
		{"[2001:db8::1]:8080", "[2001:db8::1]:8080"},
	} {
		a, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := browsable(a); got != tc.want {
			t.Errorf("browsable(%s) = %s, want %s", tc.addr, got, tc.want)
		}
	}
}
