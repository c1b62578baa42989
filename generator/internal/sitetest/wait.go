package sitetest

import (
	"context"
	"testing"
	"time"
)

// Bounded fails the test when f runs longer than d: a parser that hangs
// on one input would hang a build, or a watch session, for good.
func Bounded(t testing.TB, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		t.Fatalf("still running after %v", d)
	}
}

// Until checks cond every interval until it holds, and says whether it
// did before ctx was done: for waiting on what gives no signal of its own
// (the files another process writes).
func Until(ctx context.Context, every time.Duration, cond func() bool) bool {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
	return true
}
