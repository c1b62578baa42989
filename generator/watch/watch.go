// Package watch tells a site's builder what changed on disk. It watches
// folders recursively (fsnotify watches one folder at a time, so it adds a
// watch for each folder as it appears and drops it as it goes), leaves out
// the files editors write beside the ones they save, and gathers bursts of
// events into one Batch per rebuild, holding later changes for the next
// batch while the receiver is busy, so that no change is lost and a save
// during a rebuild is followed by one more rebuild.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options say what to watch.
type Options struct {
	// Root is the site folder.
	Root string
	// Paths are the folders (watched recursively) and files under Root
	// whose changes count, relative to Root: "content", "themes". They
	// need not exist yet: one created later is watched from then on.
	Paths []string
	// Ignore are folders whose changes do not count, such as the build's
	// output folder.
	Ignore []string
	// Quiet is how long no event must come before a batch is sent
	// (default 50 ms); MaxWait bounds how long the first change of a batch
	// waits behind a stream of events that never pauses (default 1 s).
	Quiet, MaxWait time.Duration
}

// Watcher watches a site's source folders.
type Watcher struct {
	root    string
	paths   []string // absolute and clean: the Paths option
	ignore  []string // absolute and clean
	fs      *fsnotify.Watcher
	dirs    map[string]bool // folders with a watch, besides root
	notes   chan note
	batches chan Batch
	errs    chan error
	stop    chan struct{}
	wg      sync.WaitGroup
	once    sync.Once
}

// New starts watching. The first batch comes after the first change.
func New(opt Options) (*Watcher, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = 50 * time.Millisecond
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = time.Second
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", opt.Root, err)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", opt.Root, err)
	}
	w := &Watcher{
		root:    root,
		fs:      fw,
		dirs:    map[string]bool{},
		notes:   make(chan note),
		batches: make(chan Batch),
		errs:    make(chan error, 16),
		stop:    make(chan struct{}),
	}
	for _, p := range opt.Paths {
		w.paths = append(w.paths, filepath.Join(root, p))
	}
	for _, p := range opt.Ignore {
		a, err := filepath.Abs(p)
		if err != nil {
			fw.Close()
			return nil, fmt.Errorf("watch: ignore %s: %w", p, err)
		}
		w.ignore = append(w.ignore, a)
	}
	// The root is watched on its own so that a watched folder created or
	// replaced after start (themes/ made for a first override, content/
	// swapped by a checkout) is picked up.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch %s: %w", root, err)
	}
	for _, p := range w.paths {
		if err := w.addTree(p, nil); err != nil {
			fw.Close()
			return nil, err
		}
	}
	w.wg.Add(2)
	go func() {
		defer w.wg.Done()
		batcher(w.notes, w.batches, w.stop, opt.Quiet, opt.MaxWait)
	}()
	go func() {
		defer w.wg.Done()
		w.loop()
	}()
	return w, nil
}

// Batches delivers the changes, one Batch per rebuild. It is closed by
// Close.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers problems that do not stop the watching, such as a folder
// that could not be watched. Errors that come while none is received are
// dropped.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.stop)
		err = w.fs.Close()
		w.wg.Wait()
	})
	return err
}

func (w *Watcher) loop() {
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			w.handle(ev)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.send(note{lost: true})
			}
			w.report(fmt.Errorf("watch: %w", err))
		}
	}
}

func (w *Watcher) handle(ev fsnotify.Event) {
	p := filepath.Clean(ev.Name)
	if !w.counts(p) {
		return
	}
	// A change of mode alone changes nothing a build reads, and some
	// systems (Spotlight, virus scanners) send many.
	if ev.Op == fsnotify.Chmod {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.drop(p)
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(p); err == nil && st.IsDir() {
			// Files written into a new folder before its watch was in
			// place sent no event: addTree reports each one it finds.
			if err := w.addTree(p, func(f string) { w.send(note{path: f}) }); err != nil {
				w.report(err)
			}
		}
	}
	w.send(note{path: p})
}

// counts reports whether a change of p matters: it lies in one of the
// watched paths, outside the ignored folders, and is not an editor's file.
func (w *Watcher) counts(p string) bool {
	in := false
	for _, root := range w.paths {
		if within(root, p) {
			in = true
			// Only names below the watched path are the author's to
			// name: a watched path may itself be hidden.
			rel, _ := filepath.Rel(root, p)
			if rel != "." && hasIgnoredPart(rel) {
				return false
			}
			break
		}
	}
	if !in {
		return false
	}
	for _, ig := range w.ignore {
		if within(ig, p) {
			return false
		}
	}
	return true
}

// addTree watches dir and every folder under it. found, when not nil, is
// called with every file and folder under dir, found after its folder's
// watch was in place so that no file escapes both the walk and the events.
func (w *Watcher) addTree(dir string, found func(string)) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return nil // not there yet, or already gone again
			}
			w.report(fmt.Errorf("watch %s: %w", p, err))
			return nil
		}
		if p != dir && !w.counts(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p != dir && found != nil {
			found(p)
		}
		// Links are not followed: the build reads folders under content/
		// only through their own path.
		if !d.IsDir() {
			return nil
		}
		if w.dirs[p] {
			return nil
		}
		if err := w.fs.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
				return fmt.Errorf("watch %s: %w (the system's limit of watched folders is reached; on Linux, raise fs.inotify.max_user_watches)", p, err)
			}
			return fmt.Errorf("watch %s: %w", p, err)
		}
		w.dirs[p] = true
		return nil
	})
	return err
}

// drop removes the watches of p and every folder under it, after p was
// removed or renamed: a watch that follows a renamed folder would report
// its files under the old name.
func (w *Watcher) drop(p string) {
	for d := range w.dirs {
		if within(p, d) {
			// The system drops the watch of a removed folder itself, and
			// fsnotify then reports it unknown: that is no error here.
			_ = w.fs.Remove(d)
			delete(w.dirs, d)
		}
	}
}

func (w *Watcher) send(n note) {
	select {
	case w.notes <- n:
	case <-w.stop:
	}
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// within reports whether p is dir or lies under it.
func within(dir, p string) bool {
	if p == dir {
		return true
	}
	return strings.HasPrefix(p, dir) && (strings.HasSuffix(dir, string(filepath.Separator)) || p[len(dir)] == filepath.Separator)
}

func hasIgnoredPart(rel string) bool {
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if Ignored(part) {
			return true
		}
	}
	return false
}

// Ignored reports whether a file or folder name is not the author's: hidden
// files and the swap, backup and lock files editors write beside the files
// they save (Vim's .swp, .swx and its 4913 probe, the ~ of backups, Emacs's
// .#lock and #autosave#). They are the names the build skips as well.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || name == "4913" ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx")
}
