package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// The helpers of this file start with "dev", as other test files of the
// package are written alongside.

const devTimeout = 5 * time.Second

// devBuffer is an output that the command and the test use at once.
type devBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *devBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *devBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func devTranscript(title, words string) string {
	return "---\ntitle: " + title + "\ndate: 2024-01-02\nspeakers: [Ann Lee, Bo]\n---\n\n**Ann Lee:** " + words + "\n\nBo: Indeed.\n"
}

func devWrite(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// devSaveAtomically saves as many editors do: a temporary file renamed
// over the old one.
func devSaveAtomically(t *testing.T, dir, rel, text string) {
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

// devStart runs the command over a new site until the test ends.
func devStart(t *testing.T, serve bool, siteYAML string) (dir, url string, stdout, stderr *devBuffer) {
	t.Helper()
	dir = t.TempDir()
	devWrite(t, dir, "content/site.yaml", siteYAML)
	devWrite(t, dir, "content/transcripts/a.md", devTranscript("Alpha", "First words."))
	stdout, stderr = &devBuffer{}, &devBuffer{}
	d := &dev{name: "watch", serve: serve, addr: "127.0.0.1:0", stdout: stdout, stderr: stderr}
	if serve {
		d.name = "serve"
	}
	d.flags.source = dir
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- d.run(ctx, func(u string) { urls <- u }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(devTimeout):
			t.Error("run did not stop after its context was cancelled")
		}
	})
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("run ended: %v\n%s%s", err, stdout, stderr)
	case <-time.After(devTimeout):
		t.Fatal("run did not start")
	}
	return dir, url, stdout, stderr
}

type devEvent struct {
	name string
	data map[string]any
}

func devSubscribe(t *testing.T, url string) <-chan devEvent {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ch := make(chan devEvent, 32)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var e devEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				_ = json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data)
			case line == "" && e.name != "":
				ch <- e
				e = devEvent{}
			}
		}
	}()
	return ch
}

func devExpect(t *testing.T, ch <-chan devEvent, name string) devEvent {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatalf("event stream ended; want %s", name)
		}
		if e.name != name {
			t.Fatalf("event %s %v; want %s", e.name, e.data, name)
		}
		return e
	case <-time.After(devTimeout):
		t.Fatalf("no %s event", name)
	}
	return devEvent{}
}

func devGet(t *testing.T, url string) (int, string) {
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
	dir, url, stdout, stderr := devStart(t, true, "title: Test\nbase_url: https://example.org/repo/\n")
	origin := strings.TrimSuffix(url, "/repo/")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/repo/") {
		t.Fatalf("URL %s: want the local address under the path of base_url", url)
	}
	page := url + "transcripts/a/"
	code, body := devGet(t, page)
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

	events := devSubscribe(t, origin+"/__verbatim/events")
	devExpect(t, events, "hello")

	steps := []struct {
		name   string
		edit   func()
		path   string // fetched after the reload
		status int
		want   string
	}{
		{"write", func() { devWrite(t, dir, "content/transcripts/a.md", devTranscript("Alpha", "Second words.")) }, "transcripts/a/", 200, "Second words."},
		{"atomic save", func() { devSaveAtomically(t, dir, "content/transcripts/a.md", devTranscript("Alpha", "Third words.")) }, "transcripts/a/", 200, "Third words."},
		{"add", func() { devWrite(t, dir, "content/transcripts/2024/b.md", devTranscript("Beta", "Bee words.")) }, "transcripts/b/", 200, "Bee words."},
		{"rename", func() {
			if err := os.Rename(filepath.Join(dir, "content/transcripts/2024/b.md"), filepath.Join(dir, "content/transcripts/2024/c.md")); err != nil {
				t.Fatal(err)
			}
		}, "transcripts/b/", 404, "Page not found"},
		{"renamed is there", nil, "transcripts/c/", 200, "Bee words."},
		{"delete", func() {
			if err := os.Remove(filepath.Join(dir, "content/transcripts/2024/c.md")); err != nil {
				t.Fatal(err)
			}
		}, "transcripts/c/", 404, "Page not found"},
		{"theme override", func() {
			devWrite(t, dir, "themes/default/templates/404.html", `{{define "main"}}<h1>Lost at sea</h1>{{end}}`)
		}, "nowhere/", 404, "Lost at sea"},
	}
	for _, s := range steps {
		if s.edit != nil {
			s.edit()
			devExpect(t, events, "reload")
		}
		code, body := devGet(t, url+s.path)
		if code != s.status || !strings.Contains(body, s.want) {
			t.Fatalf("%s: GET %s: %d, want %d with %q\n%s", s.name, s.path, code, s.status, s.want, body)
		}
	}

	// A broken save: an error event naming file and line; the last good
	// page is still served; the process goes on.
	devSaveAtomically(t, dir, "content/transcripts/a.md", "---\ntitle: Alpha\ndate: [2024\nspeakers: [Ann Lee]\n---\n\nAnn Lee: Broken.\n")
	e := devExpect(t, events, "error")
	msg, _ := e.data["message"].(string)
	if !strings.Contains(msg, "content/transcripts/a.md:") {
		t.Fatalf("error event %q names no file:line", msg)
	}
	if code, body := devGet(t, page); code != 200 || !strings.Contains(body, "Third words.") {
		t.Fatalf("after a failed build: %d\n%s", code, body)
	}
	// A page opened now hears of the error at once.
	late := devSubscribe(t, origin+"/__verbatim/events")
	devExpect(t, late, "hello")
	if e := devExpect(t, late, "error"); e.data["message"] != msg {
		t.Fatalf("late error %v", e.data)
	}

	// Fixed: a reload, which clears the overlay.
	devWrite(t, dir, "content/transcripts/a.md", devTranscript("Alpha", "Fixed words."))
	devExpect(t, events, "reload")
	devExpect(t, late, "reload")
	if code, body := devGet(t, page); code != 200 || !strings.Contains(body, "Fixed words.") {
		t.Fatalf("after the fix: %d\n%s", code, body)
	}

	out, errs := stdout.String(), stderr.String()
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
	dir := t.TempDir()
	devWrite(t, dir, "content/transcripts/a.md", "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: [[nowhere]]\n")
	stdout, stderr := &devBuffer{}, &devBuffer{}
	d := &dev{name: "serve", serve: true, addr: "127.0.0.1:0", stdout: stdout, stderr: stderr}
	d.flags.source = dir
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- d.run(ctx, func(u string) { urls <- u }) }()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("run ended: %v\n%s", err, stderr)
	case <-time.After(devTimeout):
		t.Fatal("run did not start")
	}
	if code, body := devGet(t, url); code != 503 || !strings.Contains(body, "reload.js") {
		t.Fatalf("GET /: %d\n%s", code, body)
	}
	events := devSubscribe(t, url+"__verbatim/events")
	devExpect(t, events, "hello")
	if e := devExpect(t, events, "error"); !strings.Contains(e.data["message"].(string), "transcripts/a.md:6: link to unknown transcript [[nowhere]]") {
		t.Fatalf("error %v", e.data)
	}
	devWrite(t, dir, "content/transcripts/a.md", "---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: Somewhere.\n")
	devExpect(t, events, "reload")
	if code, _ := devGet(t, url+"transcripts/a/"); code != 200 {
		t.Fatalf("after the fix: %d", code)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(devTimeout):
		t.Fatal("run did not stop")
	}
	// The open event stream was ended, not left hanging.
	for range events {
	}
}

// TestWatch: watch rebuilds into the destination on a save, with the
// configured base_url.
func TestWatch(t *testing.T) {
	dir, url, stdout, _ := devStart(t, false, "title: Test\nbase_url: https://example.org/repo/\n")
	if url != "" {
		t.Fatalf("watch gave a URL %q", url)
	}
	out := filepath.Join(dir, "public/transcripts/a/index.html")
	devSaveAtomically(t, dir, "content/transcripts/a.md", devTranscript("Alpha", "Saved words."))
	deadline := time.Now().Add(devTimeout)
	for {
		data, _ := os.ReadFile(out)
		if strings.Contains(string(data), "Saved words.") {
			if !strings.Contains(string(data), `href="/repo/`) || strings.Contains(string(data), "127.0.0.1") {
				t.Fatalf("watch did not build with the configured base_url:\n%s", data)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not rebuilt:\n%s", stdout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--help"}, 0, "-addr"},
		{[]string{"watch", "--help"}, 0, "-drafts"},
		{[]string{"serve", "extra"}, 2, "unexpected argument"},
		{[]string{"watch", "--source", "/nonexistent/site"}, 1, "is --source the site's folder?"},
		{[]string{"serve", "--addr", "256.0.0.1:99999", "--source", "../"}, 1, "--addr"},
	} {
		var out, errOut devBuffer
		code := run(tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String()+out.String(), tc.want) {
			t.Errorf("%q: exit %d, want %d with %q:\n%s%s", tc.args, code, tc.code, tc.want, out.String(), errOut.String())
		}
	}
}
