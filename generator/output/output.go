// Package output writes a built site to disk, touching only what changed.
//
// A build hands every file of the site to a Writer. A file whose bytes are
// already in the destination is not written again; a new or changed file
// goes to a staging folder beside the destination. Nothing in the
// destination changes until Commit, which is called only when the whole
// build succeeded: a failed build leaves the last good site untouched.
// Commit then moves each staged file into place with a rename, so a reader
// (the dev server, a browser) sees either the old file or the new one and
// never a part of one, and removes the files the build did not produce, so
// the output of a deleted transcript does not linger. No path can leave
// the destination.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/verbatim-archive/verbatim/generator/internal/wholefile"
)

// Sum identifies a file's bytes within one process.
type Sum struct {
	Hash uint64
	Size int
}

// Manifest is what a build left in the destination: each file's path and
// sum. A Writer given the previous build's manifest need not read the
// destination to know what is there; without one it compares with the
// files on disk.
type Manifest struct {
	seed  maphash.Seed
	Files map[string]Sum
	// dirs are the folders that hold its files, and perhaps some that
	// no longer do (KeepAllBut).
	dirs map[string]bool
}

// Folders is the number of folders of the site, its top one included:
// those that hold its files, and any left empty by files it no longer has.
func (m *Manifest) Folders() int { return len(m.dirs) }

// Writer writes the files of one build. It is safe for concurrent use.
type Writer struct {
	dest    string
	staging string
	prev    *Manifest // nil: compare with the disk
	fresh   bool      // no destination yet: every file is new
	seed    maphash.Seed

	mu   sync.Mutex
	dirs map[string]bool
	// prevDirs are the previous build's folders, when it kept all its
	// files but a few (KeepAllBut): a folder of them may hold no file of
	// this build, and dirs holds only this build's new ones.
	prevDirs map[string]bool
	dropped  []string       // the files KeepAllBut did not keep
	files    map[string]Sum // every file of this build, written or kept
	staged   []string       // files written to staging
	written  int
	// fromPrev counts the files of this build that the previous one had:
	// when it is all of them, none is left to remove.
	fromPrev int
	err      error // the first failed write

	// One goroutine does the writing. Renderers hand it their bytes and go
	// on rendering; and file systems (ext4 here) spend far more kernel
	// time in their locks when several threads create files and folders
	// in one tree at once than when one thread does it all.
	queue   chan pending
	closed  bool           // under mu: finish has begun; no more sends
	sending sync.WaitGroup // Writes between their check of closed and their send
	done    chan struct{}
	made    map[string]bool // staging folders made; the writing goroutine's own
	old     []byte          // a file of the destination, read to compare; the writing goroutine's own
}

type pending struct {
	rel  string
	sum  Sum
	data []byte
}

// queued is how many files may wait for the writing goroutine: enough to
// ride out a slow write, few enough that their bytes cost little memory.
const queued = 64

// New starts a build into dest. prev is the manifest the previous build of
// this process returned, or nil.
func New(dest string, prev *Manifest) (*Writer, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	// A build killed part-way leaves its staging folder behind; the next
	// build clears it.
	stale, _ := filepath.Glob(filepath.Join(parent, "."+filepath.Base(dest)+".building-*"))
	for _, d := range stale {
		_ = os.RemoveAll(d)
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".building-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		_ = os.RemoveAll(staging)
		return nil, err
	}
	// A rebuild has about the files of the build before it: sized so, the
	// map is not grown step by step while every file is claimed again.
	size, dirs := 0, 1
	if prev != nil {
		size, dirs = len(prev.Files), len(prev.dirs)
	}
	w := &Writer{dest: dest, staging: staging, prev: prev, dirs: make(map[string]bool, dirs), files: make(map[string]Sum, size),
		made: map[string]bool{}, queue: make(chan pending, queued), done: make(chan struct{})}
	w.dirs[""] = true
	if prev != nil {
		// The destination may have changed behind the process's back
		// (deleted by hand, say); then the manifest says nothing.
		if _, err := os.Stat(dest); err != nil {
			w.prev = nil
		}
	}
	if w.prev != nil {
		w.seed = prev.seed
	} else {
		w.seed = maphash.MakeSeed()
		if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
			w.fresh = true
		}
	}
	go w.loop(w.queue)
	return w, nil
}

// Scratch opens a temporary file beside the destination, where the
// staging folder is, for what a build holds out of memory until it is
// written (the search index's postings). It is unlinked at once where the
// system allows, so it lives only while open; elsewhere done removes it,
// and a build killed part-way leaves it to the next one, which clears it
// with the stale staging folders.
func (w *Writer) Scratch() (f *os.File, done func(), err error) {
	f, err = os.CreateTemp(filepath.Dir(w.dest), "."+filepath.Base(w.dest)+".building-scratch-")
	if err != nil {
		return nil, nil, err
	}
	name := f.Name()
	removed := os.Remove(name) == nil
	return f, func() {
		f.Close()
		if !removed {
			os.Remove(name)
		}
	}, nil
}

// loop writes the queued files into the staging folder until the queue is
// closed. After a failure it only drains the queue, so no Write blocks.
func (w *Writer) loop(queue <-chan pending) {
	defer close(w.done)
	for p := range queue {
		if w.failed() != nil {
			continue
		}
		if w.unchanged(p.rel, p.sum, p.data) {
			continue
		}
		if err := w.stage(p.rel, p.data); err != nil {
			w.mu.Lock()
			w.err = fmt.Errorf("writing %s: %w", p.rel, err)
			w.mu.Unlock()
			continue
		}
		w.mu.Lock()
		w.staged = append(w.staged, p.rel)
		w.written++
		w.mu.Unlock()
	}
}

func (w *Writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// stage writes one file into the staging folder.
func (w *Writer) stage(rel string, data []byte) error {
	if err := w.makeDir(path.Dir(rel)); err != nil {
		return err
	}
	return wholefile.Write(filepath.Join(w.staging, filepath.FromSlash(rel)), data, 0o644)
}

// makeDir makes a folder of the staging folder and those it is in, unless
// made already: a system call a folder, where os.MkdirAll asks first
// whether it and its parent are there.
func (w *Writer) makeDir(dir string) error {
	if dir == "." || w.made[dir] {
		return nil
	}
	if err := w.makeDir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(w.staging, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	w.made[dir] = true
	return nil
}

// finish waits for the queued files to be written and reports the first
// failure. A Write or KeepAllBut after it is refused.
func (w *Writer) finish() error {
	w.mu.Lock()
	first := !w.closed
	w.closed = true
	w.mu.Unlock()
	if first {
		// No Write starts sending once closed is set; wait for those that
		// did, so none sends on a closed queue.
		w.sending.Wait()
		close(w.queue)
	}
	<-w.done
	return w.failed()
}

// begin admits one Write or KeepAllBut, unless the build is over or a write
// failed. Once admitted, the caller calls w.sending.Done when it is through.
func (w *Writer) begin(rel string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("%s: given after the build was committed or aborted", rel)
	}
	if w.err != nil {
		return w.err
	}
	w.sending.Add(1)
	return nil
}

// Clean checks an output path: slash-separated, relative, with no ".."
// element, no NUL and no backslash, so it stays under the destination on
// every system.
func Clean(rel string) (string, error) {
	if rel == "" || strings.ContainsAny(rel, "\x00\\") || strings.HasPrefix(rel, "/") {
		return "", fmt.Errorf("output path %q is not a relative path", rel)
	}
	for _, part := range strings.Split(rel, "/") {
		if part == ".." || part == "." {
			return "", fmt.Errorf("output path %q climbs out of the destination", rel)
		}
	}
	c := path.Clean(rel)
	if c == "." {
		return "", fmt.Errorf("output path %q names the destination itself", rel)
	}
	return c, nil
}

// Write gives one file of the site. Giving the same path twice is an error:
// two pages would claim one URL. The file is written in the background:
// data must not change afterwards, and a failure to write it is reported
// by a later Write or by Commit.
func (w *Writer) Write(rel string, data []byte) error {
	rel, err := Clean(rel)
	if err != nil {
		return err
	}
	if err := w.begin(rel); err != nil {
		return err
	}
	defer w.sending.Done()
	sum := Sum{Hash: maphash.Bytes(w.seed, data), Size: len(data)}
	var was Sum
	had := false
	if w.prev != nil {
		was, had = w.prev.Files[rel]
	}
	if err := w.claim(rel, sum, had); err != nil {
		return err
	}
	if had && was == sum {
		return nil // unchanged, and known so without reading the disk
	}
	w.queue <- pending{rel: rel, sum: sum, data: data}
	return nil
}

// Copy gives a file of the site that is a copy of a file on disk.
func (w *Writer) Copy(rel, from string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return w.Write(rel, data)
}

// KeepAllBut says every file of the previous build but those of drop is
// part of this one as it is, unread and unwritten: an incremental build
// keeps what it did not redo. It takes the previous build's list of files
// whole rather than claiming each, since a save in a large archive keeps
// nearly all of them. It needs the previous build's manifest, and must
// come before any other file is given.
func (w *Writer) KeepAllBut(drop ...string) error {
	if w.prev == nil {
		return errors.New("cannot keep the previous build's files without its manifest")
	}
	if err := w.begin("the previous build's files"); err != nil {
		return err
	}
	defer w.sending.Done()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.files) > 0 || w.prevDirs != nil {
		return errors.New("the previous build's files are kept before any other is given")
	}
	w.files = maps.Clone(w.prev.Files)
	for _, rel := range drop {
		if _, ok := w.files[rel]; ok {
			delete(w.files, rel)
			w.dropped = append(w.dropped, rel)
		}
	}
	w.fromPrev = len(w.files)
	w.prevDirs = w.prev.dirs
	return nil
}

// holds says whether a file of this build is under the folder dir.
func (w *Writer) holds(dir string) bool {
	for rel := range w.files {
		if strings.HasPrefix(rel, dir+"/") {
			return true
		}
	}
	return false
}

// CanKeep reports whether Keep can work: the previous build's manifest is
// known and still describes the destination.
func (w *Writer) CanKeep() bool { return w.prev != nil }

// unchanged reports whether the destination already holds data at rel.
func (w *Writer) unchanged(rel string, sum Sum, data []byte) bool {
	if w.prev != nil {
		return w.prev.Files[rel] == sum
	}
	if w.fresh {
		return false
	}
	full := filepath.Join(w.dest, filepath.FromSlash(rel))
	st, err := os.Lstat(full)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	// Read into one buffer kept for the build, rather than a new one a
	// file (os.ReadFile): a build into the site it built before reads
	// the whole site back.
	f, err := os.Open(full)
	if err != nil {
		return false
	}
	defer f.Close()
	if cap(w.old) < len(data)+1 {
		w.old = make([]byte, len(data)+1)
	}
	// One byte more than expected, to see that the file has not grown:
	// the read must come short, by that byte.
	n, err := io.ReadFull(f, w.old[:len(data)+1])
	short := errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
	return short && n == len(data) && bytes.Equal(w.old[:n], data)
}

// claim makes rel a file of this build; had says the previous build had
// it too.
func (w *Writer) claim(rel string, sum Sum, had bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.claimLocked(rel, sum, had)
}

// claimLocked is claim with w.mu held.
func (w *Writer) claimLocked(rel string, sum Sum, had bool) error {
	if _, ok := w.files[rel]; ok {
		return fmt.Errorf("%s is written twice: two things claim one URL", rel)
	}
	if w.dirs[rel] || w.prevDirs[rel] && w.holds(rel) {
		return fmt.Errorf("%s is both a file and a folder", rel)
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if _, ok := w.files[d]; ok {
			return fmt.Errorf("%s is both a file and a folder", d)
		}
		if w.dirs[d] {
			break
		}
		w.dirs[d] = true
	}
	w.files[rel] = sum
	if had {
		w.fromPrev++
	}
	return nil
}

// Has reports whether rel is part of this build so far.
func (w *Writer) Has(rel string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.files[rel]
	return ok
}

// Count is the number of files of the site.
func (w *Writer) Count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.files)
}

// Written is the number of files that were new or changed.
func (w *Writer) Written() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.written
}

// Changes says what a Commit changed in the destination.
type Changes struct {
	Written []string // new or changed files, sorted
	Removed []string // files of the previous build that are gone, sorted
}

// Commit puts the build in the destination and returns the manifest for
// the next build of this process.
func (w *Writer) Commit() (*Manifest, *Changes, error) {
	defer os.RemoveAll(w.staging)
	if err := w.finish(); err != nil {
		return nil, nil, err
	}
	sort.Strings(w.staged)
	ch := &Changes{Written: w.staged}
	m := &Manifest{seed: w.seed, Files: w.files, dirs: w.dirs}
	if w.prevDirs != nil {
		// The previous build's manifest is done with: its folders are
		// this one's, with those this build made.
		for d := range w.dirs {
			w.prevDirs[d] = true
		}
		m.dirs = w.prevDirs
	}

	// A first build moves the whole staging folder into place.
	if _, err := os.Lstat(w.dest); errors.Is(err, fs.ErrNotExist) && len(w.staged) == len(w.files) {
		if err := os.Rename(w.staging, w.dest); err != nil {
			return nil, nil, fmt.Errorf("putting the output in place: %w", err)
		}
		return m, ch, nil
	}
	if err := os.MkdirAll(w.dest, 0o755); err != nil {
		return nil, nil, err
	}
	for _, rel := range w.staged {
		to := filepath.Join(w.dest, filepath.FromSlash(rel))
		if err := w.makeRoom(rel); err != nil {
			return nil, nil, err
		}
		if err := os.Rename(filepath.Join(w.staging, filepath.FromSlash(rel)), to); err != nil {
			return nil, nil, fmt.Errorf("putting %s in place: %w", rel, err)
		}
	}
	removed, err := w.removeStale()
	if err != nil {
		return nil, nil, err
	}
	ch.Removed = removed
	return m, ch, nil
}

// makeRoom makes the folders of rel in the destination, removing a file
// that stands where a folder must be, and a folder where the file goes.
func (w *Writer) makeRoom(rel string) error {
	var parts []string
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		parts = append(parts, d)
	}
	for i := len(parts) - 1; i >= 0; i-- {
		full := filepath.Join(w.dest, filepath.FromSlash(parts[i]))
		st, err := os.Lstat(full)
		if err == nil && st.IsDir() {
			continue
		}
		if err == nil {
			if err := os.Remove(full); err != nil {
				return err
			}
		}
		if err := os.Mkdir(full, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	full := filepath.Join(w.dest, filepath.FromSlash(rel))
	if st, err := os.Lstat(full); err == nil && st.IsDir() {
		return os.RemoveAll(full)
	}
	return nil
}

// removeStale removes what the destination holds beyond this build's files,
// and the folders that leaves empty.
func (w *Writer) removeStale() ([]string, error) {
	var stale []string
	if w.prev != nil && w.fromPrev == len(w.prev.Files) {
		return nil, nil // every file of the previous build is one of this
	}
	switch {
	case w.prevDirs != nil:
		for _, rel := range w.dropped {
			if _, ok := w.files[rel]; !ok {
				stale = append(stale, rel)
			}
		}
	case w.prev != nil:
		for rel := range w.prev.Files {
			if _, ok := w.files[rel]; !ok {
				stale = append(stale, rel)
			}
		}
	default:
		err := filepath.WalkDir(w.dest, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(w.dest, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if _, ok := w.files[rel]; !ok {
				stale = append(stale, rel)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(stale)
	dirs := map[string]bool{}
	for _, rel := range stale {
		if w.replaced(rel) {
			continue // makeRoom removed it to put a folder or file there
		}
		if err := os.Remove(filepath.Join(w.dest, filepath.FromSlash(rel))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	// Deepest first, so a folder is empty once its sub-folders are gone.
	order := make([]string, 0, len(dirs))
	for d := range dirs {
		if !w.dirs[d] {
			order = append(order, d)
		}
	}
	sort.Slice(order, func(i, j int) bool { return strings.Count(order[i], "/") > strings.Count(order[j], "/") })
	for _, d := range order {
		// Only empty folders go; Remove fails on the others, which is fine.
		_ = os.Remove(filepath.Join(w.dest, filepath.FromSlash(d)))
	}
	return stale, nil
}

// replaced reports whether a stale file's path is now a folder of this
// build, or lies under one of its files: either way it is gone already.
func (w *Writer) replaced(rel string) bool {
	if w.dirs[rel] {
		return true
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if _, ok := w.files[d]; ok {
			return true
		}
	}
	return false
}

// Abort drops the staged files, leaving the destination as it was.
func (w *Writer) Abort() error {
	_ = w.finish()
	return os.RemoveAll(w.staging)
}
