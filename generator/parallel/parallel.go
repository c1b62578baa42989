// Package parallel runs a build's independent pieces of work on every core.
// It is the generator's one way of doing so: a loop over the transcripts,
// pages or files of a site calls For, or ForWith when each worker needs
// scratch space of its own, or ForReads when the pieces mostly wait for
// the disk; work that is made one piece at a time while the earlier pieces
// run (the search index's shards, compressed as they are cut) goes to a
// Group.
//
// Nothing here carries errors: a caller keeps each piece's error where it
// keeps its result (by index), so that it can report every failure, as
// render does for its pages, or the first.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for each i in [0, n) on every core and returns when every
// call has returned. Each worker takes the next i as it comes free rather
// than a fixed share: one transcript may cost a hundred times another (a
// day's sitting of a parliament beside a short interview).
func For(n int, f func(i int)) {
	ForWith(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { f(i) })
}

// ForWith is For with state of each worker's own: newState is called once
// by each worker, and its result given to every call that worker makes.
// It is for scratch space that a call would otherwise allocate (a score
// for every transcript of the archive, say), which no two calls running at
// once may share.
func ForWith[S any](n int, newState func() S, f func(s S, i int)) {
	run(runtime.GOMAXPROCS(0), n, newState, f)
}

// ForReads is For for pieces that mostly wait for the disk (reading a
// site's files): two workers a core, so that a core whose worker waits
// for a read that the system has not cached has another to run.
func ForReads(n int, f func(i int)) {
	run(2*runtime.GOMAXPROCS(0), n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { f(i) })
}

func run[S any](workers, n int, newState func() S, f func(s S, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(n, workers) {
		wg.Go(func() {
			s := newState()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(s, i)
			}
		})
	}
	wg.Wait()
}

// Group runs the functions given to Go on every core, for work whose
// pieces are made one at a time: the caller goes on making the next piece
// while the earlier ones run. Go waits while every worker is busy, so the
// pieces made and not yet taken are never more than one.
type Group struct {
	work chan func()
	wg   sync.WaitGroup
}

// NewGroup starts a Group's workers, one per core; Wait stops them.
func NewGroup() *Group {
	g := &Group{work: make(chan func())}
	for range runtime.GOMAXPROCS(0) {
		g.wg.Go(func() {
			for f := range g.work {
				f()
			}
		})
	}
	return g
}

// Go runs f on the first worker to come free.
func (g *Group) Go(f func()) { g.work <- f }

// Wait returns when every function given to Go has returned. The Group
// takes no more after.
func (g *Group) Wait() {
	close(g.work)
	g.wg.Wait()
}
