package progress

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// signalling is a writer that says when it was written to.
type signalling struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // receives once a write
}

func (s *signalling) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.written <- struct{}{}:
	default:
	}
	return s.b.Write(p)
}

// The line is rewritten in place while the task runs, and cleared at the
// end, so that what follows starts on a clean line.
func TestShow(t *testing.T) {
	w := &signalling{written: make(chan struct{}, 1)}
	stop := show(w, func() string { return "loading, 12 files so far" }, time.Millisecond)
	select {
	case <-w.written:
	case <-time.After(30 * time.Second):
		t.Fatal("nothing shown")
	}
	stop()
	w.mu.Lock()
	got := w.b.String()
	w.mu.Unlock()
	if !strings.HasPrefix(got, "\r\033[Kloading, 12 files so far") || !strings.HasSuffix(got, "so far\r\033[K") {
		t.Errorf("shown: %q", got)
	}
}

// A task over before the first rewrite leaves nothing.
func TestShowNothingWhenQuick(t *testing.T) {
	var b bytes.Buffer
	show(&b, func() string { return "never" }, time.Hour)()
	if b.Len() > 0 {
		t.Errorf("shown: %q", b.String())
	}
}

// Only a terminal gets the line: not a buffer, not a file.
func TestShowOnlyOnATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	for _, w := range []io.Writer{&b, f} {
		Show(w, func() string { t.Error("line asked for"); return "" })()
	}
	if st, _ := f.Stat(); st.Size() > 0 || b.Len() > 0 {
		t.Error("something was shown")
	}
}
