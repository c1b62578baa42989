package watch

import (
	"slices"
	"testing"
	"time"
)

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

func TestBatcher(t *testing.T) {
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
			in, out := runBatcher(t, 10*time.Millisecond, time.Second)
			for _, n := range tc.notes {
				in <- n
			}
			b := recv(t, out)
			if !slices.Equal(b.Paths, tc.want.Paths) || b.Lost != tc.want.Lost {
				t.Fatalf("got %+v, want %+v", b, tc.want)
			}
		})
	}
}

// TestBatcherWaitsForQuiet sends notes more often than the quiet period:
// they come as one batch after the last.
func TestBatcherWaitsForQuiet(t *testing.T) {
	in, out := runBatcher(t, 40*time.Millisecond, 10*time.Second)
	for _, p := range []string{"/1", "/2", "/3", "/4", "/5"} {
		in <- note{path: p}
		select {
		case b := <-out:
			t.Fatalf("batch %v before the burst ended", b)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if b := recv(t, out); len(b.Paths) != 5 {
		t.Fatalf("got %v", b.Paths)
	}
}

// TestBatcherMaxWait sends a stream that never pauses: a batch still comes
// after maxWait.
func TestBatcherMaxWait(t *testing.T) {
	in, out := runBatcher(t, 50*time.Millisecond, 150*time.Millisecond)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for {
			select {
			case <-stop:
				return
			case in <- note{path: "/busy"}:
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	start := time.Now()
	recv(t, out)
	if d := time.Since(start); d > time.Second {
		t.Fatalf("first batch after %v", d)
	}
}

// TestBatcherHoldsWhileBusy: notes that come while the receiver is busy
// are all in the next batch, and only one batch follows.
func TestBatcherHoldsWhileBusy(t *testing.T) {
	in, out := runBatcher(t, 10*time.Millisecond, time.Second)
	in <- note{path: "/a"}
	recv(t, out)
	in <- note{path: "/b"}
	time.Sleep(30 * time.Millisecond)
	in <- note{path: "/c"}
	time.Sleep(30 * time.Millisecond)
	if b := recv(t, out); !slices.Equal(b.Paths, []string{"/b", "/c"}) {
		t.Fatalf("got %v", b.Paths)
	}
	select {
	case b := <-out:
		t.Fatalf("another batch %v", b)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestBatcherClosesOut(t *testing.T) {
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
}
