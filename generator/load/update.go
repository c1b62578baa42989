package load

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/diag"
)

// Update gives the source after the files at paths changed (were written,
// created, removed or renamed; absolute paths, as a watcher reports them),
// reading only those. It never changes prev. What it cannot update file by
// file (settings, static files, a symbolic link, anything outside the
// sections of content/) it reads whole, as Site does.
func Update(prev *Source, paths []string) (*Source, error) {
	content := filepath.Join(prev.Dir, "content")
	sections := map[Section]bool{Transcripts: true, Speakers: true, Topics: true, Pages: true}

	var todo []string // content-relative paths
	for _, p := range paths {
		rel, err := filepath.Rel(content, p)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			if within(filepath.Join(prev.Dir, "themes"), p) {
				continue // themes are not the source's business
			}
			return Site(prev.Dir)
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		if !sections[Section(top)] || !strings.Contains(rel, "/") {
			return Site(prev.Dir)
		}
		if st, err := os.Lstat(p); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			return Site(prev.Dir)
		}
		if hasIgnoredPart(rel) {
			continue
		}
		todo = append(todo, rel)
	}
	if len(todo) == 0 {
		return prev, prevErr(prev)
	}
	if next := reread(prev, content, todo); next != nil {
		return next, prevErr(next)
	}

	next := &Source{
		Dir: prev.Dir, Config: prev.Config, Warnings: prev.Warnings, Static: prev.Static, Records: prev.Records,
		Files:    map[Section][]*File{},
		fileErrs: make(map[string]*diag.Error, len(prev.fileErrs)),
	}
	byPath := map[string]*File{}
	for _, fs := range prev.Files {
		for _, f := range fs {
			byPath[f.Path] = f
		}
	}
	for k, v := range prev.fileErrs {
		next.fileErrs[k] = v
	}
	for _, rel := range todo {
		// Whatever was at rel or under it is read again, if it is there.
		for p := range byPath {
			if p == rel || strings.HasPrefix(p, rel+"/") {
				delete(byPath, p)
			}
		}
		for p := range next.fileErrs {
			if p == rel || strings.HasPrefix(p, rel+"/") {
				delete(next.fileErrs, p)
			}
		}
		abs := filepath.Join(content, filepath.FromSlash(rel))
		st, err := os.Lstat(abs)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Site(prev.Dir)
		}
		var found []string
		if st.IsDir() {
			err := filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if d.Type()&fs.ModeSymlink != 0 {
					return errSymlink
				}
				if ignored(d.Name()) && p != abs {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") {
					found = append(found, p)
				}
				return nil
			})
			if err != nil {
				return Site(prev.Dir)
			}
		} else if strings.HasSuffix(rel, ".md") {
			found = append(found, abs)
		}
		names := newNamer()
		for _, p := range found {
			f, ferr := readFile(names, content, p)
			if ferr != nil {
				next.fileErrs[contentRel(content, p)] = ferr
				continue
			}
			byPath[f.Path] = f
		}
	}
	for _, f := range byPath {
		next.Files[f.Section] = append(next.Files[f.Section], f)
	}
	for _, fs := range next.Files {
		sort.Slice(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
	}
	return next, prevErr(next)
}

// reread gives the source after a save of files it has, which are still
// readable files: each read again and put in its place in its list, the
// lists copied rather than made again and sorted, which at 20,000
// transcripts cost more than the rest of a save's reading. It gives nil
// when paths are anything else (new, gone, folders, unreadable), for
// Update to read the long way.
func reread(prev *Source, content string, paths []string) *Source {
	next := *prev
	next.Files = make(map[Section][]*File, len(prev.Files))
	for sec, fs := range prev.Files {
		next.Files[sec] = fs
	}
	names := newNamer()
	for _, rel := range paths {
		sec := Section(rel[:strings.IndexByte(rel, '/')])
		fs := next.Files[sec]
		i, found := sort.Find(len(fs), func(i int) int { return strings.Compare(rel, fs[i].Path) })
		if !found || prev.fileErrs[rel] != nil {
			return nil
		}
		abs := filepath.Join(content, filepath.FromSlash(rel))
		if st, err := os.Lstat(abs); err != nil || !st.Mode().IsRegular() {
			return nil
		}
		f, ferr := readFile(names, content, abs)
		if ferr != nil || f.Path != rel {
			return nil
		}
		if &fs[0] == &prev.Files[sec][0] {
			fs = slices.Clone(fs)
			next.Files[sec] = fs
		}
		fs[i] = f
	}
	return &next
}

var errSymlink = errors.New("symbolic link")

// prevErr gives the problems of the files that could not be read.
func prevErr(src *Source) error {
	var errs diag.List
	for _, e := range src.fileErrs {
		errs = append(errs, e)
	}
	return errs.Err()
}

func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func hasIgnoredPart(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if ignored(part) {
			return true
		}
	}
	return false
}

// contentRel is p relative to content/, slash-separated.
func contentRel(content, p string) string {
	rel, _ := filepath.Rel(content, p)
	return filepath.ToSlash(rel)
}

// sumSeed seeds the sums of this process's files. A sum is compared only
// with another of the same process (a file read again, a rebuild of a
// watch session), never kept on disk, so a seed drawn once is enough; it
// is set at start and never changed.
var sumSeed = maphash.MakeSeed()

// sum is a file's File.Sum. maphash reads every byte of the archive, twice
// in a build (when it is read and when a body is read again), several
// times faster than FNV did.
func sum(data []byte) uint64 { return maphash.Bytes(sumSeed, data) }
