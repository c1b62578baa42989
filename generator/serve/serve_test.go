package serve

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

const secret = "SECRET-OUTSIDE-THE-SITE"

// site makes a built site in <tmp>/public beside a file it must never
// serve, and symbolic links leading out of it and within it.
func site(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "public")
	sitetest.Write(t, dir, map[string]string{
		"index.html":               "<!DOCTYPE html><html><body><h1>Home</h1></body></html>",
		"404.html":                 "<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>",
		"transcripts/a/index.html": "<html><BODY><p>Transcript A</p></BODY></html>",
		"transcripts/a/index.json": `{"slug":"a"}`,
		"assets/style.css":         "body{color:red}</body>",
		"index.xml":                "<feed></feed>",
		"old.htm":                  "<p>no body tag</p>",
		"two.html":                 "<body><pre></body></pre></body>",
	})
	sitetest.Write(t, tmp, map[string]string{"secret.txt": secret, "private/index.html": secret})
	must(t, os.Symlink(filepath.Join(tmp, "secret.txt"), filepath.Join(dir, "leak.txt")))
	must(t, os.Symlink("../secret.txt", filepath.Join(dir, "leak-rel.txt")))
	must(t, os.Symlink(filepath.Join(tmp, "private"), filepath.Join(dir, "leakdir")))
	must(t, os.Symlink("assets/style.css", filepath.Join(dir, "inside.css")))
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newServer(t *testing.T, dir, base string, hub *Hub) *Server {
	t.Helper()
	s, err := New(Options{Dir: dir, BasePath: base, Hub: hub})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get sends a request whose target is read as a server reads one off the
// wire, so encoded and unclean paths arrive as they would.
func get(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestNeverOutside(t *testing.T) {
	t.Parallel()
	dir := site(t)
	for _, base := range []string{"/", "/repo/"} {
		s := newServer(t, dir, base, NewHub())
		for _, tc := range []struct {
			target string
			status int
		}{
			{"/../secret.txt", 400},
			{"/repo/../secret.txt", 400},
			{"/repo/../../secret.txt", 400},
			{"/%2e%2e/secret.txt", 400},
			{"/%2E%2E/secret.txt", 400},
			{"/.%2e/secret.txt", 400},
			{"/repo/%2e%2e/%2e%2e/secret.txt", 400},
			{"/..%2fsecret.txt", 400},
			{"/%2e%2e%2Fsecret.txt", 400},
			{"/repo%2f..%2f..%2fsecret.txt", 400},
			{"/..%5csecret.txt", 400},
			{"/repo/assets%2fstyle.css", 400},
			{"/repo/./index.html", 400},
			{"//etc/passwd", 400},
			{"/repo//etc/passwd", 400},
			// An absolute path is read under the site, like any other.
			{"/repo/" + url(filepath.Join(filepath.Dir(dir), "secret.txt")), 404},
			{"/repo/" + filepath.ToSlash(filepath.Join(filepath.Dir(dir), "secret.txt")), 400},
			{"http://example.com/../secret.txt", 400},
			{"/repo/%00", 400},
			{"/repo/a%00.html", 400},
			{"/repo/leak.txt", 404},
			{"/repo/leak-rel.txt", 404},
			{"/repo/leakdir/", 404},
			{"/repo/leakdir/index.html", 404},
		} {
			target := tc.target
			if base == "/" {
				target = strings.Replace(target, "/repo/", "/", 1)
				target = strings.Replace(target, "/repo%2f", "/%2f", 1)
			}
			rec := get(s, "GET", target)
			if rec.Code != tc.status {
				t.Errorf("base %s: GET %s: status %d, want %d", base, target, rec.Code, tc.status)
			}
			if strings.Contains(rec.Body.String(), secret) {
				t.Errorf("base %s: GET %s served the file outside", base, target)
			}
		}
	}
}

func url(p string) string { return strings.TrimPrefix(filepath.ToSlash(p), "/") }

// TestNeverOutsideOnTheWire sends raw requests, which no client cleans, to
// a real server.
func TestNeverOutsideOnTheWire(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(newServer(t, site(t), "/", NewHub()))
	defer ts.Close()
	for _, target := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/leak.txt", "/leakdir/", "/../private/"} {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(3 * time.Second))
		io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != 400 && resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d", target, resp.StatusCode)
		}
		if strings.Contains(string(body), secret) {
			t.Errorf("GET %s served the file outside", target)
		}
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	dir := site(t)
	for _, tc := range []struct {
		base, target string
		status       int
		contains     string // in the body, or the Location of a redirect
	}{
		{"/", "/", 200, "<h1>Home</h1>"},
		{"/", "/index.html", 200, "<h1>Home</h1>"},
		{"/", "/transcripts/a/", 200, "Transcript A"},
		{"/", "/transcripts/a", 302, "/transcripts/a/"},
		{"/", "/transcripts/a?x=1", 302, "/transcripts/a/?x=1"},
		{"/", "/transcripts/a/index.json", 200, `"slug"`},
		{"/", "/assets/style.css", 200, "color:red"},
		{"/", "/inside.css", 200, "color:red"},
		{"/", "/missing/", 404, "Page not found"},
		{"/", "/missing.html", 404, "Page not found"},
		{"/", "/assets/", 404, "Page not found"},    // a folder without index.html
		{"/", "/index.xml/", 404, "Page not found"}, // a file asked for as a folder
		{"/", "/transcripts/a/index.html/x", 404, "Page not found"},
		{"/repo/", "/repo/", 200, "<h1>Home</h1>"},
		{"/repo/", "/repo/transcripts/a/", 200, "Transcript A"},
		{"/repo/", "/repo/transcripts/a", 302, "/repo/transcripts/a/"},
		{"/repo/", "/", 302, "/repo/"},
		{"/repo/", "/repo", 302, "/repo/"},
		{"/repo/", "/transcripts/a/", 404, "Page not found"},
		{"/repo/", "/repository/", 404, "Page not found"},
		{"/repo/", "/repo/missing/", 404, "Page not found"},
		{"/a/b/", "/a/b/transcripts/a/", 200, "Transcript A"},
		{"/a/b/", "/a/", 404, "Page not found"},
	} {
		rec := get(newServer(t, dir, tc.base, NewHub()), "GET", tc.target)
		got := rec.Body.String()
		if rec.Code/100 == 3 {
			got = rec.Header().Get("Location")
		}
		if rec.Code != tc.status || !strings.Contains(got, tc.contains) {
			t.Errorf("base %s: GET %s: %d %q, want %d with %q", tc.base, tc.target, rec.Code, got, tc.status, tc.contains)
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: Cache-Control %q", tc.target, rec.Header().Get("Cache-Control"))
		}
	}
}

func TestMethods(t *testing.T) {
	t.Parallel()
	s := newServer(t, site(t), "/", NewHub())
	if rec := get(s, "POST", "/"); rec.Code != 405 {
		t.Errorf("POST: %d", rec.Code)
	}
	if rec := get(s, "POST", EventsPath); rec.Code != 405 {
		t.Errorf("POST events: %d", rec.Code)
	}
	rec := get(s, "HEAD", "/missing/")
	if rec.Code != 404 || rec.Body.Len() != 0 {
		t.Errorf("HEAD missing: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := get(s, "HEAD", "/"); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestNo404Page(t *testing.T) {
	t.Parallel()
	dir := site(t)
	must(t, os.Remove(filepath.Join(dir, "404.html")))
	rec := get(newServer(t, dir, "/", NewHub()), "GET", "/missing/")
	if rec.Code != 404 {
		t.Fatalf("status %d", rec.Code)
	}
}

func TestNotBuilt(t *testing.T) {
	t.Parallel()
	s := newServer(t, filepath.Join(t.TempDir(), "public"), "/", NewHub())
	rec := get(s, "GET", "/")
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), ScriptPath) {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestInjection(t *testing.T) {
	t.Parallel()
	dir := site(t)
	hub := NewHub()
	s := newServer(t, dir, "/", hub)
	tag := `<script src="/__verbatim/reload.js" data-version="` + hub.Version() + `"></script>`
	for _, tc := range []struct {
		target, want string
	}{
		{"/", "<!DOCTYPE html><html><body><h1>Home</h1>" + tag + "\n</body></html>"},
		{"/transcripts/a/", "<html><BODY><p>Transcript A</p>" + tag + "\n</BODY></html>"},
		{"/old.htm", "<p>no body tag</p>" + tag + "\n"},
		{"/two.html", "<body><pre></body></pre>" + tag + "\n</body>"},
		{"/missing/", "<!DOCTYPE html><html><body><h1>Page not found</h1>" + tag + "\n</body></html>"},
		// Not HTML: as on disk.
		{"/assets/style.css", "body{color:red}</body>"},
		{"/index.xml", "<feed></feed>"},
		{"/transcripts/a/index.json", `{"slug":"a"}`},
	} {
		rec := get(s, "GET", tc.target)
		if got := rec.Body.String(); got != tc.want {
			t.Errorf("GET %s:\n got %q\nwant %q", tc.target, got, tc.want)
		}
		if strings.HasSuffix(tc.target, "/") || strings.HasSuffix(tc.target, "htm") {
			if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("GET %s: Content-Type %q", tc.target, ct)
			}
		}
	}
	// The files on disk never get the script.
	data, err := os.ReadFile(filepath.Join(dir, "index.html"))
	must(t, err)
	if strings.Contains(string(data), "script") {
		t.Fatal("index.html on disk changed")
	}
	// Without a hub, nothing is added.
	if got := get(newServer(t, dir, "/", nil), "GET", "/").Body.String(); strings.Contains(got, "script") {
		t.Fatalf("script without a hub: %q", got)
	}
	rec := get(s, "GET", ScriptPath)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "EventSource") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("reload.js: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec := get(s, "GET", Prefix+"other"); rec.Code != 404 {
		t.Fatalf("%sother: %d", Prefix, rec.Code)
	}
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base string
		ok   bool
	}{
		{"", true}, {"/", true}, {"/repo/", true}, {"/a/b/", true},
		{"repo/", false}, {"/repo", false}, {"/a//b/", false}, {"/a/../b/", false}, {"/./", false}, {"/__verbatim/", false},
	} {
		_, err := New(Options{Dir: t.TempDir(), BasePath: tc.base})
		if (err == nil) != tc.ok {
			t.Errorf("base %q: err %v", tc.base, err)
		}
	}
	s := newServer(t, site(t), "/", NewHub())
	must(t, s.SetBasePath("/repo/"))
	if rec := get(s, "GET", "/repo/"); rec.Code != 200 {
		t.Fatalf("after SetBasePath: %d", rec.Code)
	}
}

// sse reads the events of a stream into a channel.
type sseEvent struct {
	name string
	data map[string]any
}

func subscribe(t *testing.T, url string) (<-chan sseEvent, func()) {
	t.Helper()
	req, err := http.NewRequest("GET", url+EventsPath, nil)
	must(t, err)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("events: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	ch := make(chan sseEvent, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var e sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e.data); err != nil {
					e.name = "bad data: " + line
				}
			case line == "" && e.name != "":
				ch <- e
				e = sseEvent{}
			}
		}
	}()
	return ch, func() { resp.Body.Close() }
}

func expect(t *testing.T, ch <-chan sseEvent, name string) sseEvent {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatalf("stream ended, want %s", name)
		}
		if e.name != name {
			t.Fatalf("event %q %v, want %s", e.name, e.data, name)
		}
		return e
	case <-time.After(3 * time.Second):
		t.Fatalf("no %s event", name)
	}
	return sseEvent{}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	hub := NewHub()
	ts := httptest.NewServer(newServer(t, site(t), "/repo/", hub))
	defer ts.Close()

	a, closeA := subscribe(t, ts.URL)
	defer closeA()
	v0 := hub.Version()
	if e := expect(t, a, "hello"); e.data["version"] != v0 {
		t.Fatalf("hello %v, want version %s", e.data, v0)
	}

	hub.Reload()
	e := expect(t, a, "reload")
	v1 := hub.Version()
	if v1 == v0 || e.data["version"] != v1 || e.data["paths"] != nil {
		t.Fatalf("reload %v (versions %s, %s)", e.data, v0, v1)
	}

	msg := "content/transcripts/a.md:3: front matter: bad\ncontent/transcripts/b.md:9: no speaker \"X\""
	hub.Error(msg)
	if e := expect(t, a, "error"); e.data["message"] != msg {
		t.Fatalf("error %v", e.data)
	}
	if hub.Version() != v1 {
		t.Fatal("a failed build changed the version")
	}

	// A page that connects while the build is broken learns it at once.
	b, closeB := subscribe(t, ts.URL)
	defer closeB()
	expect(t, b, "hello")
	if e := expect(t, b, "error"); e.data["message"] != msg {
		t.Fatalf("error %v", e.data)
	}

	hub.Reload("/repo/transcripts/a/")
	for _, ch := range []<-chan sseEvent{a, b} {
		e := expect(t, ch, "reload")
		if p, _ := e.data["paths"].([]any); len(p) != 1 || p[0] != "/repo/transcripts/a/" {
			t.Fatalf("reload %v", e.data)
		}
	}

	// After a good build, a new page hears no error.
	c, closeC := subscribe(t, ts.URL)
	defer closeC()
	expect(t, c, "hello")
	hub.Reload()
	expect(t, c, "reload")

	// Pages served now carry the version of the last build.
	resp, err := http.Get(ts.URL + "/repo/")
	must(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `data-version="`+hub.Version()+`"`) {
		t.Fatalf("page without the version %s: %s", hub.Version(), body)
	}

	// Closing the hub ends the streams, so a server can shut down.
	hub.Close()
	timeout := time.After(3 * time.Second)
	for _, ch := range []<-chan sseEvent{a, b, c} {
	drain:
		for {
			select {
			case _, ok := <-ch:
				if !ok {
					break drain
				}
			case <-timeout:
				t.Fatal("stream not ended by Close")
			}
		}
	}
	resp, err = http.Get(ts.URL + EventsPath)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Fatalf("events after Close: %d", resp.StatusCode)
	}
}

func TestEventsPing(t *testing.T) {
	t.Parallel()
	hub := NewHub()
	hub.Ping = 10 * time.Millisecond
	ts := httptest.NewServer(newServer(t, site(t), "/", hub))
	defer ts.Close()
	resp, err := http.Get(ts.URL + EventsPath)
	must(t, err)
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	deadline := time.AfterFunc(3*time.Second, func() { resp.Body.Close() })
	defer deadline.Stop()
	for sc.Scan() {
		if sc.Text() == ": ping" {
			return
		}
	}
	t.Fatal("no ping")
}

// TestSlowClientDropped: a client that stops reading is cut off rather
// than holding up the others, and a new connection tells it the state.
func TestSlowClientDropped(t *testing.T) {
	t.Parallel()
	hub := NewHub()
	c := hub.subscribe()
	for range 40 {
		hub.Reload()
	}
	n := 0
	for range c {
		n++
	}
	if n == 0 || n > 17 {
		t.Fatalf("%d events before the drop", n)
	}
	hub.mu.Lock()
	left := len(hub.clients)
	hub.mu.Unlock()
	if left != 0 {
		t.Fatalf("%d clients left", left)
	}
	hub.unsubscribe(c) // after the drop: no double close
}
