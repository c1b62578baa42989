package watch

import (
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

// The batcher's tests run in a synctest bubble: its timers, and the test's
// time.Sleep, run on the bubble's fake clock, which moves only when every
// goroutine of the bubble waits. A quiet period passes in no time and
// exactly when the test says, whatever the machine's load.

func runBatcher(t *testing.T, quiet, maxWait time.Duration) (chan<- note, <-chan Batch) {
	t.Helper()
	in := make(chan note)
	out := make(chan Batch)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		batcher(in, out, stop, quiet, maxWait)
	}()
	t.Cleanup(func() {
		close(stop)
		<-done
	})
	return in, out
}

func recv(t *testing.T, out <-chan Batch) Batch {
	t.Helper()
	select {
	case b, ok := <-out:
		if !ok {
			t.Fatal("batches closed")
		}
		return b
	case <-time.After(timeout):
		t.Fatal("no batch came")
		return Batch{}
	}
}

// noBatch fails if a batch comes within d.
func noBatch(t *testing.T, out <-chan Batch, d time.Duration) {
	t.Helper()
	select {
	case b := <-out:
		t.Fatalf("batch %v", b)
	case <-time.After(d):
	}
}

func TestBatcher(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		notes []note
		want  Batch
	}{
		{"one", []note{{path: "/a"}}, Batch{Paths: []string{"/a"}}},
		{"duplicates once, sorted", []note{{path: "/b"}, {path: "/a"}, {path: "/b"}, {path: "/a"}}, Batch{Paths: []string{"/a", "/b"}}},
		{"lost", []note{{path: "/a"}, {lost: true}}, Batch{Paths: []string{"/a"}, Lost: true}},
		{"lost alone", []note{{lost: true}}, Batch{Paths: []string{}, Lost: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				in, out := runBatcher(t, 10*time.Millisecond, time.Second)
				for _, n := range tc.notes {
					in <- n
				}
				b := recv(t, out)
				if !slices.Equal(b.Paths, tc.want.Paths) || b.Lost != tc.want.Lost {
					t.Fatalf("got %+v, want %+v", b, tc.want)
				}
			})
		})
	}
}

// TestBatcherWaitsForQuiet sends notes more often than the quiet period:
// they come as one batch, a quiet period after the last.
func TestBatcherWaitsForQuiet(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const quiet = 40 * time.Millisecond
		in, out := runBatcher(t, quiet, 10*time.Second)
		var last time.Time
		for _, p := range []string{"/1", "/2", "/3", "/4", "/5"} {
			in <- note{path: p}
			last = time.Now()
			noBatch(t, out, quiet/4)
		}
		if b := recv(t, out); len(b.Paths) != 5 {
			t.Fatalf("got %v", b.Paths)
		}
		if d := time.Since(last); d != quiet {
			t.Errorf("the batch came %v after the last note, want %v", d, quiet)
		}
	})
}

// TestBatcherMaxWait sends a stream that never pauses: a batch still comes
// once the first note has waited maxWait.
func TestBatcherMaxWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const maxWait = 150 * time.Millisecond
		in, out := runBatcher(t, 50*time.Millisecond, maxWait)
		stop := make(chan struct{})
		defer close(stop)
		start := time.Now()
		go func() {
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case in <- note{path: "/busy"}:
				}
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
		recv(t, out)
		if d := time.Since(start); d != maxWait {
			t.Fatalf("first batch after %v, want %v", d, maxWait)
		}
	})
}

// TestBatcherHoldsWhileBusy: notes that come while the receiver is busy
// are all in the next batch, even when a quiet period passed between
// them, and only one batch follows.
func TestBatcherHoldsWhileBusy(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const quiet = 10 * time.Millisecond
		in, out := runBatcher(t, quiet, time.Second)
		in <- note{path: "/a"}
		recv(t, out)
		// Busy: nobody receives for three quiet periods after each note
		// (the fake clock's sleep takes no time).
		in <- note{path: "/b"}
		time.Sleep(3 * quiet)
		in <- note{path: "/c"}
		time.Sleep(3 * quiet)
		if b := recv(t, out); !slices.Equal(b.Paths, []string{"/b", "/c"}) {
			t.Fatalf("got %v", b.Paths)
		}
		noBatch(t, out, 5*quiet)
	})
}

func TestBatcherClosesOut(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		in := make(chan note)
		out := make(chan Batch)
		go batcher(in, out, make(chan struct{}), time.Millisecond, time.Second)
		close(in)
		select {
		case _, ok := <-out:
			if ok {
				t.Fatal("a batch from nothing")
			}
		case <-time.After(timeout):
			t.Fatal("out not closed")
		}
	})
}
