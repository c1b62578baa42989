package parallel

import (
	"sync/atomic"
	"testing"
)

// TestFor checks that every i is handed out exactly once and that For
// and ForReads return only after the last call.
func TestFor(t *testing.T) {
	t.Parallel()
	for name, loop := range map[string]func(int, func(int)){"For": For, "ForReads": ForReads} {
		for _, n := range []int{0, 1, 2, 3, 64, 1000} {
			calls := make([]atomic.Int32, n)
			loop(n, func(i int) { calls[i].Add(1) })
			for i := range calls {
				if c := calls[i].Load(); c != 1 {
					t.Errorf("%s(%d): f(%d) called %d times, want 1", name, n, i, c)
				}
			}
		}
	}
}

// TestForWith checks that a worker's state is made once per worker and is
// never in two calls at once.
func TestForWith(t *testing.T) {
	t.Parallel()
	type scratch struct{ busy atomic.Bool }
	for _, n := range []int{0, 1, 5, 1000} {
		var made, done, shared atomic.Int32
		ForWith(n, func() *scratch { made.Add(1); return new(scratch) }, func(s *scratch, i int) {
			if !s.busy.CompareAndSwap(false, true) {
				shared.Add(1)
			}
			done.Add(1)
			s.busy.Store(false)
		})
		if int(done.Load()) != n {
			t.Errorf("ForWith(%d): %d calls, want %d", n, done.Load(), n)
		}
		if shared.Load() != 0 {
			t.Errorf("ForWith(%d): a worker's state was in %d calls at once", n, shared.Load())
		}
		if m := int(made.Load()); m > n {
			t.Errorf("ForWith(%d): %d states made for %d calls", n, m, n)
		}
	}
}

// TestGroup checks that Wait returns after every function given to Go.
func TestGroup(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 100} {
		var done atomic.Int32
		g := NewGroup()
		for range n {
			g.Go(func() { done.Add(1) })
		}
		g.Wait()
		if int(done.Load()) != n {
			t.Errorf("Group of %d: %d ran before Wait returned", n, done.Load())
		}
	}
}
