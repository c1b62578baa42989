// Package serve is the preview server of "generator serve": an
// http.Handler for a built site's folder, under the path of its base_url,
// with live reload. It serves the folder's 404.html for a missing path and
// never a file outside the folder: it refuses ".." and "." in paths however
// they are encoded, encoded slashes and backslashes, and opens files through
// an os.Root, which refuses symbolic links that leave it.
//
// Live reload is a Hub of Server-Sent Events at /__verbatim/events and a
// script at /__verbatim/reload.js that the server adds to each HTML page as
// it serves it (the built files never hold it): the page reloads when a
// build succeeds and shows a failed build's errors over itself.
package serve

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The paths the server keeps for itself, whatever the base path.
const (
	Prefix     = "/__verbatim/"
	EventsPath = Prefix + "events"
	ScriptPath = Prefix + "reload.js"
)

//go:embed reload.js
var reloadJS []byte

// Options say what to serve.
type Options struct {
	Dir      string // the built site
	BasePath string // the path the site lives under: "/" or "/repo/"; "" means "/"
	Hub      *Hub   // nil: no live reload
}

// Server serves a built site. It reads the folder afresh on every request,
// as a build replaces it whole.
type Server struct {
	dir string
	hub *Hub

	mu   sync.RWMutex
	base string
}

// New makes a Server.
func New(opt Options) (*Server, error) {
	dir, err := filepath.Abs(opt.Dir)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", opt.Dir, err)
	}
	s := &Server{dir: dir, hub: opt.Hub}
	if err := s.SetBasePath(opt.BasePath); err != nil {
		return nil, err
	}
	return s, nil
}

// SetBasePath changes the path the site is served under, as when base_url
// changed in site.yaml.
func (s *Server) SetBasePath(p string) error {
	if p == "" {
		p = "/"
	}
	if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") || (p != "/" && path.Clean(p) != strings.TrimSuffix(p, "/")) {
		return fmt.Errorf("base path %q must be a clean path starting and ending in /", p)
	}
	if strings.HasPrefix(p, Prefix) {
		return fmt.Errorf("base path %q is under %s, which the server keeps for itself", p, Prefix)
	}
	s.mu.Lock()
	s.base = p
	s.mu.Unlock()
	return nil
}

// BasePath is the path the site is served under.
func (s *Server) BasePath() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.base
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// What is previewed changes with every save: never cache it.
	w.Header().Set("Cache-Control", "no-store")

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if s.hub != nil && strings.HasPrefix(p, Prefix) {
		switch p {
		case EventsPath:
			s.hub.ServeHTTP(w, r)
		case ScriptPath:
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			http.ServeContent(w, r, "reload.js", time.Time{}, bytes.NewReader(reloadJS))
		default:
			http.NotFound(w, r)
		}
		return
	}

	rel, err := localPath(r.URL.EscapedPath(), p)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	base := s.BasePath()
	if !strings.HasPrefix(rel, base) {
		// The site is at base: its root, and the base without its slash,
		// lead there rather than to a 404.
		if rel == "/" || rel+"/" == base {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, r)
		return
	}
	rel = strings.TrimPrefix(rel, base)

	root, err := os.OpenRoot(s.dir)
	if err != nil {
		s.notBuilt(w, r)
		return
	}
	defer root.Close()

	name := strings.TrimSuffix(rel, "/")
	if name == "" {
		name = "."
	}
	st, err := root.Stat(name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	if st.IsDir() {
		if rel != "" && !strings.HasSuffix(rel, "/") {
			// Relative links in the index page resolve against the
			// folder only with the slash.
			target := base + rel + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		name = path.Join(name, "index.html")
	} else if strings.HasSuffix(rel, "/") {
		s.notFound(w, r) // a file asked for as a folder
		return
	}
	s.serveFile(w, r, root, name)
}

// localPath checks the request's path and returns it with "/" between
// clean elements. It refuses what would climb out of the site, or name
// another file than it seems: "." and ".." elements however encoded,
// encoded slashes, backslashes, NUL and empty elements ("//etc").
func localPath(escaped, decoded string) (string, error) {
	lower := strings.ToLower(escaped)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return "", errors.New("bad path: an encoded slash")
	}
	if !strings.HasPrefix(decoded, "/") || strings.ContainsAny(decoded, "\\\x00") {
		return "", errors.New("bad path")
	}
	parts := strings.Split(decoded[1:], "/")
	for i, part := range parts {
		if part == "." || part == ".." {
			return "", errors.New("bad path: . or .. in it")
		}
		if part == "" && i != len(parts)-1 {
			return "", errors.New("bad path: an empty element")
		}
	}
	if rest := strings.Trim(decoded, "/"); rest != "" && !filepath.IsLocal(filepath.FromSlash(rest)) {
		return "", errors.New("bad path")
	}
	return decoded, nil
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string) {
	f, err := root.Open(name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		s.notFound(w, r)
		return
	}
	if !isHTML(name) || s.hub == nil {
		http.ServeContent(w, r, name, st.ModTime(), f)
		return
	}
	body, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, "reading "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(s.inject(body)))
}

// notFound serves the site's 404.html with status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	body, err := s.read404()
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.writePage(w, r, http.StatusNotFound, body)
}

func (s *Server) read404() ([]byte, error) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open("404.html")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// notBuilt answers while there is no output folder, as when the first
// build failed: the page carries the live reload script, which shows the
// build's errors and reloads once a build succeeds.
func (s *Server) notBuilt(w http.ResponseWriter, r *http.Request) {
	body := []byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not built yet</title></head>\n<body>\n<p>The site has not been built yet: no folder " +
		html.EscapeString(s.dir) + ".</p>\n</body>\n</html>\n")
	s.writePage(w, r, http.StatusServiceUnavailable, body)
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	if s.hub != nil {
		body = s.inject(body)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// inject puts the live reload script before the page's last </body>, or at
// its end when it has none.
func (s *Server) inject(page []byte) []byte {
	tag := `<script src="` + ScriptPath + `" data-version="` + html.EscapeString(s.hub.Version()) + `"></script>` + "\n"
	i := lastIndexFold(page, []byte("</body"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

func lastIndexFold(s, sub []byte) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func isHTML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}
