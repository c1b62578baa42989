// Package load reads a site's source from disk: its settings, the Markdown
// files of content/ split into front matter and body, and the list of static
// files. It knows nothing of HTML or of what the files mean to each other.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/internal/wholefile"
	"github.com/verbatim-archive/verbatim/generator/parallel"
	"github.com/verbatim-archive/verbatim/generator/textenc"
)

// Section is the folder of content/ a Markdown file lives in, which says
// what it is.
type Section string

// The sections of content/.
const (
	Transcripts Section = "transcripts"
	Speakers    Section = "speakers"
	Topics      Section = "topics"
	Pages       Section = "pages"
)

// File is one Markdown source file.
type File struct {
	Path     string  // content-relative, slash-separated: "transcripts/2021/a.md"
	Name     string  // as shown in messages: "content/transcripts/2021/a.md"
	Section  Section // the top folder
	Front    Front
	Body     []byte
	BodyLine int    // file line on which Body starts
	Sum      uint64 // of the file's bytes, to tell an edited file from an unchanged one
}

// StaticFile is a file copied as is to the output.
type StaticFile struct {
	Rel string // output-relative, slash-separated
	Abs string
}

// Source is everything read from a site folder.
type Source struct {
	Dir      string // the site folder
	Config   config.Site
	Warnings []string
	Files    map[Section][]*File // each sorted by Path
	Static   []StaticFile        // sorted by Rel
	// Records are the transcripts' turn records (RecordsDir), by slug;
	// nil when the site has no such folder.
	Records map[string]Record

	// fileErrs are the problems of files that could not be read, by
	// content-relative path, so that Update reports them again until the
	// files are fixed.
	fileErrs map[string]*diag.Error
}

// Options say what Site keeps of what it reads.
type Options struct {
	// LeaveBodies keeps only the front matter of transcripts: their
	// bodies, most of an archive's bytes, are read again one at a time
	// (Reread) by whoever needs them, so that a one-off build never holds
	// the whole archive's Markdown at once. A transcript's Body is nil.
	LeaveBodies bool
}

// Site reads the site at dir. All problems with the files are returned
// together as a diag.List; a failure to read the folder at all is returned
// as is.
func Site(dir string) (*Source, error) { return SiteWith(dir, Options{}) }

// SiteWith is Site, keeping what opt says.
func SiteWith(dir string, opt Options) (*Source, error) {
	content := filepath.Join(dir, "content")
	if st, err := os.Stat(content); err != nil || !st.IsDir() {
		return nil, errors.New(display(content) + ": no content folder: is --source the site's folder?")
	}
	cfg, warnings, err := config.LoadAs(content, func(p string) string { return display(p) })
	if err != nil {
		return nil, err
	}
	src := &Source{Dir: dir, Config: cfg, Warnings: warnings, Files: map[Section][]*File{}, fileErrs: map[string]*diag.Error{}}
	paths, errs, err := markdownPaths(dir, content)
	if err != nil {
		return nil, err
	}
	errs = append(errs, src.readMarkdown(content, paths, opt)...)
	static, staticErrs, err := staticFiles(dir, content)
	if err != nil {
		return nil, err
	}
	src.Static = static
	errs = append(errs, staticErrs...)
	records, recordErrs := readRecords(dir)
	src.Records = records
	errs = append(errs, recordErrs...)
	return src, errs.Err()
}

// markdownPaths lists the Markdown files of the sections of content/,
// with the problems of the files and folders it cannot list.
func markdownPaths(dir, content string) ([]string, diag.List, error) {
	var paths []string
	var errs diag.List
	for _, sec := range []Section{Transcripts, Speakers, Topics, Pages} {
		root := filepath.Join(content, string(sec))
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == root {
					return nil
				}
				errs = append(errs, diag.At(display(p), 0, "%v", err))
				return nil
			}
			if ignored(d.Name()) && p != root {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if e := checkLink(content, p); e != nil {
					errs = append(errs, diag.At(display(p), 0, "%s", e))
					return nil
				}
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return paths, errs, nil
}

// readMarkdown reads the Markdown files at paths into src.Files, each
// section sorted by path, several at a time (parallel.ForReads), and gives
// the problems of the files it could not read, in the order of paths.
func (src *Source) readMarkdown(content string, paths []string, opt Options) diag.List {
	files := make([]*File, len(paths))
	fileErrs := make([]*diag.Error, len(paths))
	names := newNamer()
	parallel.ForReads(len(paths), func(i int) {
		files[i], fileErrs[i] = readFile(names, content, paths[i])
		if opt.LeaveBodies && files[i] != nil && files[i].Section == Transcripts {
			files[i].Body = nil
		}
	})
	var errs diag.List
	for i, f := range files {
		if fileErrs[i] != nil {
			errs = append(errs, fileErrs[i])
			src.fileErrs[contentRel(content, paths[i])] = fileErrs[i]
			continue
		}
		src.Files[f.Section] = append(src.Files[f.Section], f)
	}
	for _, list := range src.Files {
		sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	}
	return errs
}

// staticFiles lists the files of content/static, which are copied as they
// are, sorted, with the problems of those it cannot copy.
func staticFiles(dir, content string) ([]StaticFile, diag.List, error) {
	static := filepath.Join(content, "static")
	var files []StaticFile
	var errs diag.List
	err := filepath.WalkDir(static, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == static {
				return nil
			}
			errs = append(errs, diag.At(display(p), 0, "%v", err))
			return nil
		}
		if p == static {
			return nil
		}
		if ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if e := checkLink(content, p); e != nil {
				errs = append(errs, diag.At(display(p), 0, "%s", e))
				return nil
			}
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				errs = append(errs, diag.At(display(p), 0, "links to a folder: static/ follows links to files only"))
				return nil
			}
		} else if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(static, p)
		files = append(files, StaticFile{Rel: filepath.ToSlash(rel), Abs: p})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Rel < files[j].Rel })
	return files, errs, nil
}

// MaxFileSize is the largest Markdown file a site may hold. The longest
// real transcripts (a day's sitting of a parliament) are a few megabytes;
// a file far past that is a mistake (a recording or a log saved as .md),
// and reading it whole, then parsing it twice, would take memory many
// times its size.
const MaxFileSize = 16 << 20

func readFile(names namer, content, p string) (*File, *diag.Error) {
	name := names.name(p)
	data, err := wholefile.Read(p, MaxFileSize)
	var large *wholefile.TooLargeError
	if errors.As(err, &large) {
		return nil, diag.At(name, 1, "the file is %.1f MB, more than the %d MB a Markdown file may be: split it", float64(large.Size)/(1<<20), MaxFileSize>>20)
	}
	if err != nil {
		return nil, diag.At(name, 0, "%v", err)
	}
	if e := notUTF8(name, data); e != nil {
		return nil, e
	}
	data = loneCR(data)
	rel := contentRel(content, p)
	sec := Section(rel[:strings.IndexByte(rel, '/')])
	f := &File{Path: rel, Name: name, Section: sec, Sum: sum(data)}
	front, format, body, bodyLine, err := SplitFront(data)
	if err != nil {
		le := err.(*lineError)
		return nil, diag.At(name, le.line, "%s", le.msg)
	}
	f.Body, f.BodyLine = body, bodyLine
	f.Front, err = DecodeFront(front, format)
	if err != nil {
		var le *lineError
		if errors.As(err, &le) {
			return nil, diag.At(name, le.line, "front matter: %s", le.msg)
		}
		return nil, diag.At(name, 1, "front matter: %v", err)
	}
	if f.Front.Values == nil {
		f.Front.Values = map[string]any{}
	}
	return f, nil
}

// Reread reads the body of the Markdown file at content-relative path rel
// again, for a build that did not keep it (Options.LeaveBodies). want is what the file summed
// to when the source was read: a file edited since then is an error, not a
// page that disagrees with the rest of the site.
func Reread(siteDir, rel string, want uint64) ([]byte, error) {
	p := filepath.Join(siteDir, "content", filepath.FromSlash(rel))
	changed := func() error {
		return diag.At(display(p), 0, "changed while the site was being built: build again")
	}
	data, err := wholefile.Read(p, MaxFileSize)
	var large *wholefile.TooLargeError
	if errors.As(err, &large) {
		return nil, changed() // grown past the limit since it was read
	}
	if err != nil {
		return nil, diag.At(display(p), 0, "%v", err)
	}
	data = loneCR(data)
	if len(data) > MaxFileSize || sum(data) != want {
		return nil, changed()
	}
	_, _, body, _, err := SplitFront(data)
	if err != nil {
		return nil, changed()
	}
	return body, nil
}

// notUTF8 refuses a file that is not UTF-8, saying where and what it
// probably is: read as UTF-8, its accents and quotes would be published as
// replacement characters.
func notUTF8(name string, data []byte) *diag.Error {
	p := textenc.Check(data)
	if p == nil {
		return nil
	}
	return &diag.Error{File: name, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(
		"the file is not UTF-8 (byte 0x%02X here); it looks like %s: save it as UTF-8 in your editor, or convert it with \"generator import --format text %s\", which reads %s and writes UTF-8",
		p.Byte, p.Likely, name, p.Likely)}
}

// loneCR turns old Mac line ends (a CR alone) into LF, as CommonMark reads
// them, so that front matter is found and lines are counted in such files
// too; CRLF is left as it is.
func loneCR(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	out := make([]byte, len(data))
	for i, c := range data {
		if c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			c = '\n'
		}
		out[i] = c
	}
	return out
}

// ignored says which names are not the author's: hidden files and the
// backup and swap files editors leave beside the ones they save.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || name == "4913" ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx")
}

// checkLink refuses a symbolic link whose target lies outside content/, so
// that a contributed link cannot publish the builder's own files.
func checkLink(content, p string) error {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return errors.New("broken symbolic link")
	}
	root, err := filepath.EvalSymlinks(content)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return errors.New("symbolic link points outside content/: not followed")
	}
	return nil
}

// display names a file as the user would: relative to the working folder
// when it is below it, else as given.
func display(p string) string {
	return newNamer().name(p)
}

// namer names files as display does, asking the system for the working
// folder once rather than once a file: a build names every file it reads.
type namer struct {
	wd string // "" when it is not known
}

func newNamer() namer {
	wd, _ := os.Getwd()
	return namer{wd: wd}
}

func (n namer) name(p string) string {
	if n.wd != "" {
		abs := filepath.Clean(p)
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(n.wd, p)
		}
		if rel, err := filepath.Rel(n.wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path.Clean(p))
}
