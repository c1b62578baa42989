package watch

import (
	"sort"
	"time"
)

// note is one change seen by the watcher, handed to the batcher.
type note struct {
	path string // absolute; "" with lost set
	lost bool   // the system dropped events: anything may have changed
}

// Batch is the changes gathered between two rebuilds.
type Batch struct {
	// Paths are absolute, sorted, each once. A path may name a folder
	// (created, removed or renamed), which stands for everything under it,
	// and may no longer exist.
	Paths []string
	// Lost is set when the system dropped events (its queue overflowed):
	// anything may have changed, so the receiver must rebuild everything.
	Lost bool
}

// batcher gathers notes and sends them as one Batch once none came for
// quiet, or once the oldest waited maxWait, so a stream of events that never
// pauses still gets built. It holds changes until out is received from: a
// receiver busy rebuilding gets everything that came meanwhile as the next
// batch, and no change is ever dropped. It returns when in is closed or
// stop is; it closes out then.
//
// It is the debouncer of bep/debounce and Hugo's watcher batcher, with the
// state in the goroutine rather than behind a lock.
func batcher(in <-chan note, out chan<- Batch, stop <-chan struct{}, quiet, maxWait time.Duration) {
	defer close(out)
	var (
		pending = map[string]bool{}
		lost    bool
		ready   bool // quiet elapsed since the last note, or maxWait since the first
		waiting bool // the maxWait timer runs
		overdue bool // maxWait elapsed: new notes join the batch without delaying it
	)
	quietT := time.NewTimer(time.Hour)
	quietT.Stop()
	maxT := time.NewTimer(time.Hour)
	maxT.Stop()
	defer quietT.Stop()
	defer maxT.Stop()

	for {
		// Sending on a nil channel blocks forever, which leaves the send
		// out of the select until a batch is ready.
		var send chan<- Batch
		var b Batch
		if ready {
			send = out
			b = Batch{Paths: sortedKeys(pending), Lost: lost}
		}
		select {
		case <-stop:
			return
		case n, ok := <-in:
			if !ok {
				return
			}
			if n.lost {
				lost = true
			} else {
				pending[n.path] = true
			}
			// A new event postpones a ready batch, as more of the same
			// burst (a checkout, a save in several writes) is likely to
			// follow; but not past maxWait.
			if !overdue {
				ready = false
				quietT.Reset(quiet)
			}
			if !waiting {
				maxT.Reset(maxWait)
				waiting = true
			}
		case <-quietT.C:
			ready = true
		case <-maxT.C:
			ready, overdue = true, true
		case send <- b:
			pending = map[string]bool{}
			lost, ready, waiting, overdue = false, false, false, false
			quietT.Stop()
			maxT.Stop()
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}
