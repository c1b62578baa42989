package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Hub tells the open pages about builds, by Server-Sent Events. It keeps
// the state of the last build (its version, or the error it failed with),
// so a page that connects late, or reconnects after a dropped connection or
// a restart of the server, learns what it missed: every connection starts
// with a "hello" event carrying the current version, which the page
// compares with the version it was served at, then an "error" event while
// the last build failed, and a "warning" event while the last good build
// has warnings the page shows.
type Hub struct {
	// Ping is how often an idle connection gets a comment line, which
	// finds connections the browser closed; 15 s when zero.
	Ping time.Duration

	mu       sync.Mutex
	clients  map[chan event]bool
	start    string // tells this server's versions from a previous one's
	builds   int
	errText  string // the last build's failure, "" after a good build
	warnText string // the last good build's warnings that the page shows
	closed   bool
}

type event struct {
	name string
	data any // sent as JSON, which keeps it on one data line
}

// NewHub makes a Hub with no clients.
func NewHub() *Hub {
	return &Hub{clients: map[chan event]bool{}, start: strconv.FormatInt(time.Now().UnixNano(), 36)}
}

// Version names the last good build, so a page can tell whether it is out
// of date.
func (h *Hub) Version() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.version()
}

func (h *Hub) version() string { return h.start + "." + strconv.Itoa(h.builds) }

type reloadData struct {
	Version string   `json:"version"`
	Paths   []string `json:"paths,omitempty"`
}

type errorData struct {
	Message string `json:"message"`
}

// Reload tells the pages that a build succeeded, which clears a failed
// one's error. Paths, when given, are the URL paths of the pages that
// changed ("/repo/transcripts/x/"): other pages stay as they are. With
// none, every page reloads.
func (h *Hub) Reload(paths ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.builds++
	h.errText = ""
	h.broadcast(event{"reload", reloadData{Version: h.version(), Paths: paths}})
}

// Error tells the pages that a build failed, with its message (the
// "file:line: message" list), which they show over the page until the next
// Reload.
func (h *Hub) Error(message string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errText = message
	h.broadcast(event{"error", errorData{Message: message}})
}

// Warn sets the warnings the pages show over the last good build (words
// given to the wrong speaker), "" for none; a page learns them on
// connecting, so one that reloads after the build still shows them.
func (h *Hub) Warn(message string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if message == h.warnText {
		return // the pages show it already, or reload and learn it
	}
	h.warnText = message
	h.broadcast(event{"warning", errorData{Message: message}})
}

// Close ends every connection and refuses new ones, so that a server
// shutting down is not kept waiting by pages that never leave.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for c := range h.clients {
		close(c)
		delete(h.clients, c)
	}
}

// broadcast must be called with h.mu held.
func (h *Hub) broadcast(e event) {
	for c := range h.clients {
		select {
		case c <- e:
		default:
			// A client this far behind has stopped reading. Closing its
			// connection makes the browser reconnect, and the hello event
			// then tells it what it missed.
			close(c)
			delete(h.clients, c)
		}
	}
}

// subscribe returns the channel of a new client, already holding the
// events that tell it the current state, or nil when the hub is closed.
func (h *Hub) subscribe() chan event {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := make(chan event, 16)
	c <- event{"hello", reloadData{Version: h.version()}}
	if h.errText != "" {
		c <- event{"error", errorData{Message: h.errText}}
	}
	if h.warnText != "" {
		c <- event{"warning", errorData{Message: h.warnText}}
	}
	h.clients[c] = true
	return c
}

func (h *Hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		close(c)
		delete(h.clients, c)
	}
}

// ServeHTTP is the event stream a page subscribes to.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	c := h.subscribe()
	if c == nil {
		http.Error(w, "the server is stopping", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(c)
	rc := http.NewResponseController(w)
	// The server's write timeout, if any, must not cut a stream that
	// lasts as long as the page is open.
	_ = rc.SetWriteDeadline(time.Time{})
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// A short retry delay makes a page reconnect soon after the server
	// restarts.
	if _, err := fmt.Fprint(w, "retry: 500\n\n"); err != nil {
		return
	}
	if err := rc.Flush(); err != nil {
		return
	}
	ping := h.Ping
	if ping <= 0 {
		ping = 15 * time.Second
	}
	tick := time.NewTicker(ping)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
		case e, ok := <-c:
			if !ok {
				return
			}
			data, err := json.Marshal(e.data)
			if err != nil {
				return
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, data); err != nil {
				return
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
