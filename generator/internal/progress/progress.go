// Package progress shows how a long task is going on a terminal: one line,
// rewritten five times a second and cleared when the task ends. Anywhere
// else (a file, a pipe, a CI log) it shows nothing, so that what is kept
// holds only the outcome.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Show shows line() on w while a task runs, when w is a terminal; the
// returned func stops it and clears the line.
func Show(w io.Writer, line func() string) (stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	return show(f, line, 200*time.Millisecond)
}

// show writes line() to w every interval, each over the one before.
func show(w io.Writer, line func() string, every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-t.C:
				fmt.Fprint(w, "\r\033[K"+line())
				shown = true
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
