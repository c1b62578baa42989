// Package pipeline turns a site folder into a published one, in explicit
// phases: load the source, build the model, render it, and write the
// output, which replaces the destination only when every phase succeeded.
// A Builder made by NewOneOff serves the build command and check (Run);
// one made by NewBuilder serves watch and serve, reading, parsing and
// rendering again only what each change touched.
package pipeline

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/dataset"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/internal/spill"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/output"
	"github.com/verbatim-archive/verbatim/generator/render"
	"github.com/verbatim-archive/verbatim/generator/search"
	"github.com/verbatim-archive/verbatim/themes"
)

// Options say what to build and where.
type Options struct {
	Source      string // the site folder
	Destination string // "" means <Source>/public
	BaseURL     string // overrides site.yaml's base_url when set
	Drafts      bool
	Version     string
	// WarnAbove is the size of site, in bytes, that a build warns about
	// (0: PagesLimit, GitHub Pages' limit).
	WarnAbove int64
	// LeaveRecords reads the transcripts' turn records and writes none
	// (check's build); otherwise a build writes each record its edits
	// changed into content/.turnids, to be committed with the content.
	LeaveRecords bool
}

// Result tells what a build did.
type Result struct {
	Transcripts int
	Files       int   // files of the site
	Bytes       int64 // their size
	// Published is the site's size as GitHub Pages receives it, the tar
	// archive of the destination that the Pages workflow uploads.
	Published int64
	// TooHeavy warns that the site is larger than Options.WarnAbove, naming
	// its heaviest kinds of file; "" when it is not. It is in Warnings too.
	TooHeavy string
	// Relative warns that the site has no full base URL, which a
	// published sitemap and feeds need (config.Site.RelativeWarning); ""
	// when it has one. It is in Warnings too.
	Relative  string
	Pages     int      // HTML pages among them
	Written   []string // files that were new or changed, sorted
	Removed   []string // files of the previous build that are gone, sorted
	Jobs, Ran int      // render jobs in all, and those that ran
	Records   []string // the turn records written (content/.turnids), sorted
	Warnings  []string
	// Misattributions are the warnings about words given to the wrong
	// speaker (see model.Site.Misattributions), which every build says
	// again, changed or not: a build that succeeds would publish them.
	Misattributions []string
	Took            time.Duration
	// Phases is how Took divides between the build's phases, in order.
	Phases []Phase
	// Pending says the build left the search index and the archive as
	// data as the last build made them, for Builder.Finish to bring up
	// to date (Builder.FinishLater).
	Pending bool
}

// Phase is the time one phase of a build took: "load", "theme", "model",
// "render" (rendering and writing the files), "records", "commit".
type Phase struct {
	Name string
	Took time.Duration
}

// lap ends the phase named name, which began at *since, and starts the next.
func (r *Result) lap(name string, since *time.Time) {
	now := time.Now()
	r.Phases = append(r.Phases, Phase{name, now.Sub(*since)})
	*since = now
}

// Summary is the line a build prints: "built 2,412 pages (4,020 files,
// 56 MB) from 2,000 transcripts in 0.61 s; 12 files written".
func (r *Result) Summary() string {
	return fmt.Sprintf("built %s (%s, %s) from %s in %.2f s; %s written",
		count(r.Pages, "page"), count(r.Files, "file"), size(r.Bytes), count(r.Transcripts, "transcript"), r.Took.Seconds(), count(len(r.Written), "file"))
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return thousands(n) + " " + what + "s"
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// bodyBudget bounds the memory that keeps transcript bodies rendered while
// the model is built, for the pages rendered after, where they cannot wait
// in a temporary file (watch mode, whose model parses only what changed):
// enough for an archive of a few thousand transcripts; in a larger one the
// rest are parsed twice rather than held.
const bodyBudget = 64 << 20

// Run builds the site once. Problems with the source come back as a
// diag.List naming file and line; the destination is then left as it was.
func Run(opt Options) (*Result, error) {
	b, err := NewOneOff(opt)
	if err != nil {
		return nil, err
	}
	return b.Build(nil)
}

// NewOneOff makes the Builder of a one-off build (the build command's),
// which keeps nothing for a next build: not what parsing taught (the
// model's cache), and not the Markdown once the model is built. Each of
// its builds reads the whole source.
func NewOneOff(opt Options) (*Builder, error) {
	b, err := NewBuilder(opt)
	if err != nil {
		return nil, err
	}
	b.once, b.cache = true, nil
	b.index = search.New() // keeps nothing for a next build
	return b, nil
}

// Builder builds one site again and again, as watch mode does: each build
// reads only the files that changed, parses only the transcripts that
// changed, renders only the pages whose inputs changed and writes only the
// files whose bytes changed. The result is the same, byte for byte, as a
// build from scratch (a test holds it to that). A Builder is not safe for
// concurrent use.
type Builder struct {
	opt   Options
	seed  maphash.Seed
	cache *model.Cache
	index *search.Index
	data  *dataset.Maker
	memo  render.Memo
	once  bool // a one-off build (NewOneOff): there is no next build to keep anything for
	// budget bounds the transcript bodies kept rendered in memory from
	// the model's parse for their pages (bodyBudget), when they are not
	// spilled to a temporary file; tests change it, and noSpill.
	budget  int
	noSpill bool
	// wrapSpill, when set, stands between the build and its temporary
	// files (tests make them fail as a full disk would).
	wrapSpill func(*os.File) spill.File
	// loaded and modelBuilt, when set, are called after reading the
	// source and after building the model (tests edit the source there).
	loaded, modelBuilt func()

	src *load.Source // as last read; nil before the first build
	// site is the model of src, which the next build updates in place
	// (model.Update); nil when the last build found problems in the
	// source, or the theme changed.
	site     *model.Site
	theme    *render.Theme
	themeGen int
	// themeDirty says the theme must be read again: it changed since it
	// was last read, even if the builds since then failed.
	themeDirty bool
	manifest   *output.Manifest     // what the last good build left
	tally      tally                // of manifest's files
	jobs       map[string]jobRecord // by job name, from the last good build

	// later says a build leaves the search index and the archive as
	// data to Finish (FinishLater); pending is then what Finish runs.
	// The files they wrote last, which a build that leaves them keeps,
	// are in jobs under finishJob.
	later   bool
	pending func(w *output.Writer) ([]string, error)

	// For Progress, read from another goroutine while a build runs.
	phase  atomic.Value // string
	writer atomic.Pointer[output.Writer]
	start  atomic.Int64 // unix nanoseconds
}

// Progress describes a running build in a line: its phase, the files given
// to the output so far and the time taken.
func (b *Builder) Progress() string {
	phase, _ := b.phase.Load().(string)
	line := phase
	if w := b.writer.Load(); w != nil {
		line += fmt.Sprintf(", %s so far", count(w.Count(), "file"))
	}
	if t := b.start.Load(); t != 0 {
		line += fmt.Sprintf(" (%.1f s)", time.Since(time.Unix(0, t)).Seconds())
	}
	return line
}

// finishJob names, among the records of jobs, the files of the search
// index and the archive as data, which no render job writes.
const finishJob = "finish"

// unownedJob names, among the records of jobs, the files no job writes
// (static files, the pages that always run).
const unownedJob = ""

type jobRecord struct {
	key   uint64
	files []string
	entry *search.Entry // a transcript's part of the search index
	part  *dataset.Part // a transcript's turns in the archive as data
}

// NewBuilder checks the options and makes a Builder.
func NewBuilder(opt Options) (*Builder, error) {
	// Watchers report absolute paths; Update compares them with these.
	src, err := filepath.Abs(opt.Source)
	if err != nil {
		return nil, err
	}
	opt.Source = src
	if opt.Destination == "" {
		opt.Destination = filepath.Join(opt.Source, "public")
	}
	if err := checkDestination(opt.Source, opt.Destination); err != nil {
		return nil, err
	}
	index := search.New()
	index.KeepForRebuilds()
	return &Builder{opt: opt, seed: maphash.MakeSeed(), cache: model.NewCache(), index: index, data: dataset.New(), budget: bodyBudget}, nil
}

// Build builds the site. changed lists the files (absolute paths) that
// changed since the last call; nil means anything may have.
func (b *Builder) Build(changed []string) (*Result, error) {
	start := time.Now()
	res := &Result{}
	lapped := start
	opt := b.opt
	b.pending = nil
	succeeded := false
	defer func() {
		if !succeeded {
			b.pending = nil // what a failed build left is not to be finished
		}
	}()
	b.start.Store(start.UnixNano())
	b.phase.Store("reading the source")
	b.writer.Store(nil)

	var src *load.Source
	var err error
	if b.once {
		changed = nil // nothing was kept to update
	}
	if changed == nil || b.theme == nil {
		b.themeDirty = true
	}
	if b.src == nil || changed == nil {
		// A one-off build reads the Markdown of each transcript when it
		// parses it, and again for its page if it must, rather than
		// holding the whole archive's.
		src, err = load.SiteWith(opt.Source, load.Options{LeaveBodies: b.once})
	} else {
		src, err = load.Update(b.src, changed)
		themes := filepath.Join(opt.Source, "themes")
		for _, p := range changed {
			if rel, e := filepath.Rel(themes, p); e == nil && !strings.HasPrefix(rel, "..") {
				b.themeDirty = true
			}
		}
	}
	if src == nil {
		return nil, err
	}
	res.lap("load", &lapped)
	if b.src != nil && src.Config.Theme != b.src.Config.Theme {
		b.themeDirty = true
	}
	b.src = src
	errs := diag.Flatten(err)
	cfg := src.Config
	if opt.BaseURL != "" {
		if err := config.SetBaseURL(&cfg, opt.BaseURL); err != nil {
			return nil, fmt.Errorf("--base-url: %w", err)
		}
	}
	withCfg := *src
	withCfg.Config = cfg

	w, err := output.New(opt.Destination, b.manifest)
	if err != nil {
		return nil, err
	}
	committed := false
	defer abortUnless(w, &committed)
	bodies := render.NewBodies(b.budget)
	var scratchErr error
	if b.loaded != nil {
		b.loaded()
	}
	if b.once && !b.noSpill {
		// Without a next build to reuse them, the bodies rendered while
		// the model is built, the search index's postings and the
		// archive's turns as data wait in temporary files beside the
		// destination rather than in memory; if none can be made, in
		// memory.
		for _, sp := range []interface{ SpillTo(spill.File) }{bodies, b.index, b.data} {
			f, done, err := w.Scratch()
			if err != nil {
				scratchErr = err
				continue
			}
			defer done()
			sp.SpillTo(b.spillFile(f))
			defer sp.SpillTo(nil) // before done closes the file
		}
	}

	// The theme first: the model's bodies carry its words (the labels of
	// their links) in their languages.
	if b.themeDirty {
		b.site = nil // its bodies carry the last theme's words
		theme, err := loadTheme(opt.Source, cfg.Theme)
		if err != nil {
			return nil, err
		}
		b.theme, b.themeDirty = theme, false
		b.themeGen++
	}
	res.lap("theme", &lapped)

	b.phase.Store(fmt.Sprintf("parsing %s", count(len(src.Files[load.Transcripts]), "transcript")))
	mopt := model.Options{Drafts: opt.Drafts, Cache: b.cache, Parsed: bodies.Keep, Read: b.reread,
		LeaveExcerpts: bodies.LeavesExcerpts(), Words: b.theme.MarkdownWords}
	site := b.site
	var changes *model.Changes
	if site != nil {
		var ok bool
		if changes, ok = model.Update(site, &withCfg, mopt); !ok {
			site = nil
		}
	}
	if site == nil {
		var modelErrs diag.List
		site, modelErrs = model.Build(&withCfg, mopt)
		errs = append(errs, modelErrs...)
	}
	// Until this build's pages are rendered from it, the model is not
	// one the next build can update: the keys of its pages are summed
	// from what changed since the last pages rendered.
	b.site = nil
	b.memo.Updated(changes)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if b.once {
		// The model took what it needs of the files' front matter; a
		// one-off build keeps no source for a next one.
		src.Files, withCfg.Files = nil, nil
		src.Records, withCfg.Records = nil, nil
	}
	if b.modelBuilt != nil {
		b.modelBuilt()
	}
	res.lap("model", &lapped)

	b.phase.Store("rendering and writing")
	b.writer.Store(w)
	res.Transcripts = len(site.Transcripts)
	jobs, err := b.write(w, src, site, bodies, res)
	if err != nil {
		return nil, err
	}
	if !b.once {
		b.site = site
	}
	for _, err := range []error{bodies.SpillErr(), b.index.SpillErr(), b.data.SpillErr()} {
		if err != nil && scratchErr == nil {
			scratchErr = err
		}
	}
	res.lap("render", &lapped)
	// The records are written before the output is replaced: numbers
	// published must be numbers recorded.
	if !opt.LeaveRecords {
		if res.Records, err = writeRecords(src, site); err != nil {
			return nil, err
		}
	}
	res.lap("records", &lapped)
	committed = true
	manifest, ch, err := w.Commit()
	if err != nil {
		// The destination may be half updated: the next build must not
		// trust what it thinks is there.
		b.manifest, b.jobs = nil, nil
		return nil, err
	}
	if b.manifest != nil && w.CanKeep() {
		b.tally = b.tally.after(b.manifest.Files, manifest.Files, ch)
	} else {
		b.tally = tallyOf(manifest.Files)
	}
	b.manifest, b.jobs = manifest, jobs
	res.lap("commit", &lapped)
	res.Files, res.Written, res.Removed = len(manifest.Files), ch.Written, ch.Removed
	res.Pages, res.Bytes = b.tally.pages, b.tally.bytes
	res.Published = publishedBytes(b.tally, manifest.Folders())
	res.TooHeavy = tooHeavy(manifest.Files, res.Published, opt.WarnAbove)
	res.Warnings = slices.Clone(src.Warnings)
	if scratchErr != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("a temporary file beside the destination could not be made or written, so the build held more in memory or parsed transcripts twice: %v", scratchErr))
	}
	site.Warnings.Sort()
	for _, w := range site.Warnings {
		res.Warnings = append(res.Warnings, w.Error())
	}
	res.Warnings = append(res.Warnings, render.LanguageProblems(site, b.theme)...)
	for _, w := range site.Misattributions {
		res.Misattributions = append(res.Misattributions, w.Error())
	}
	if res.TooHeavy != "" {
		res.Warnings = append(res.Warnings, res.TooHeavy)
	}
	if res.Relative = cfg.RelativeWarning(); res.Relative != "" {
		res.Warnings = append(res.Warnings, res.Relative)
	}
	res.Took = time.Since(start)
	succeeded = true
	return res, nil
}

// FinishLater makes each build put its pages in place, and leave the
// search index and the archive as data as the last build made them, for
// Finish to bring up to date: serve shows a saved page sooner. Until
// Finish runs, a search may not find the words just saved. The first
// build makes them at once.
func (b *Builder) FinishLater() { b.later = true }

// Finish brings up to date what the last build left for later (see
// Result.Pending): the search index and the archive as data, written as a
// build of them alone. It returns nil and no error when nothing is left.
// After it, the output is the same, byte for byte, as a full build's.
func (b *Builder) Finish() (*Result, error) {
	finish := b.pending
	b.pending = nil
	if finish == nil {
		return nil, nil
	}
	start := time.Now()
	w, err := output.New(b.opt.Destination, b.manifest)
	if err != nil {
		return nil, err
	}
	committed := false
	defer abortUnless(w, &committed)
	if !w.CanKeep() {
		// The destination changed behind the process's back: the next
		// build starts over, and makes everything.
		b.manifest, b.jobs = nil, nil
		return nil, fmt.Errorf("%s changed while the site was built: building it again whole on the next change", b.opt.Destination)
	}
	if err := w.KeepAllBut(b.jobs[finishJob].files...); err != nil {
		return nil, err
	}
	files, err := finish(w)
	if err != nil {
		return nil, err
	}
	committed = true
	manifest, ch, err := w.Commit()
	if err != nil {
		b.manifest, b.jobs = nil, nil
		return nil, err
	}
	b.tally = b.tally.after(b.manifest.Files, manifest.Files, ch)
	b.manifest = manifest
	b.jobs[finishJob] = jobRecord{files: files}
	res := &Result{Files: len(manifest.Files), Written: ch.Written, Removed: ch.Removed, Bytes: b.tally.bytes, Published: publishedBytes(b.tally, manifest.Folders()), Took: time.Since(start)}
	return res, nil
}

// abortUnless drops what w staged unless the build committed it: a build
// that fails leaves the destination as it was.
func abortUnless(w *output.Writer, committed *bool) {
	if !*committed {
		_ = w.Abort()
	}
}

// spillFile is the temporary file f as the bodies, the search index and
// the data file's parts use it.
func (b *Builder) spillFile(f *os.File) spill.File {
	if b.wrapSpill != nil {
		return b.wrapSpill(f)
	}
	return f
}

// reread reads a transcript's body again, for a one-off build, which does
// not keep it (load.Options).
func (b *Builder) reread(body model.Body) ([]byte, error) {
	return load.Reread(b.opt.Source, body.Path, body.Sum)
}

// recorder notes the files a job writes.
type recorder struct {
	w     *output.Writer
	key   uint64
	mu    sync.Mutex
	files []string
}

func (r *recorder) Write(rel string, data []byte) error {
	r.mu.Lock()
	r.files = append(r.files, rel)
	r.mu.Unlock()
	return r.w.Write(rel, data)
}

// write renders the site into w, running only the jobs whose keys changed,
// and returns the record of this build's jobs.
func (b *Builder) write(w *output.Writer, src *load.Source, site *model.Site, bodies *render.Bodies, res *Result) (map[string]jobRecord, error) {
	// What no keyed job writes (static files, the pages that always
	// run, the files for GitHub Pages) is noted as the files of no job,
	// written again by every build.
	unowned := &recorder{w: w}
	var to render.Writer = unowned
	if b.once {
		to = w // no next build asks
	}
	// The search index and the archive as data are built from the turns
	// as transcripts are rendered; a transcript not rendered again keeps
	// its parts.
	var mu sync.Mutex
	entries := map[string]*search.Entry{}
	parts := map[string]*dataset.Part{}
	data := !site.Config.Data.Off
	var memo *render.Memo
	if !b.once {
		memo = &b.memo
	}
	r := render.New(site, b.theme, to, render.Options{
		Memo:     memo,
		Unkeyed:  b.once,
		Version:  b.opt.Version,
		Seed:     b.seed,
		ThemeKey: strconv.Itoa(b.themeGen),
		Bodies:   bodies,
		Reread:   b.reread,
		Turns: func(t *model.Transcript, turns []markdown.Turn) error {
			e := b.index.Add(t, turns)
			var p *dataset.Part
			if data {
				var err error
				if p, err = b.data.Part(t, turns); err != nil {
					return err
				}
			}
			mu.Lock()
			entries[t.Path] = e
			parts[t.Path] = p
			mu.Unlock()
			return nil
		}})
	all := r.Jobs()
	res.Jobs, res.Ran = len(all), len(all)
	var records map[string]jobRecord // by job name; nil in a one-off build
	// indexed lists the transcripts' search entries, once their jobs ran:
	// a transcript whose job ran has a new entry; one kept, the entry its
	// record kept.
	indexed := func() []*search.Entry {
		var list []*search.Entry
		for _, t := range site.Transcripts {
			e, ok := entries[t.Path]
			if !ok {
				e = records["transcript "+t.Path].entry
			}
			if e != nil {
				list = append(list, e)
			}
		}
		return list
	}
	// dataParts lists the transcripts' parts of the archive as data, in
	// the same way.
	dataParts := func() []*dataset.Part {
		if !data {
			return nil
		}
		list := make([]*dataset.Part, 0, len(site.Transcripts))
		for _, t := range site.Transcripts {
			p, ok := parts[t.Path]
			if !ok {
				p = records["transcript "+t.Path].part
			}
			list = append(list, p)
		}
		return list
	}
	// finish writes what is made of every transcript's turns into w, and
	// gives the files it wrote.
	finish := func(w *output.Writer) ([]string, error) {
		rec := &recorder{w: w}
		if err := b.index.Write(rec, site, indexed()); err != nil {
			return nil, err
		}
		if data {
			files, err := dataset.Write(rec, dataParts())
			if err != nil {
				return nil, err
			}
			if err := render.New(site, b.theme, rec, render.Options{Version: b.opt.Version}).DataPage(files); err != nil {
				return nil, err
			}
		}
		return rec.files, nil
	}
	var finished []string
	finishNow := func() error {
		var err error
		finished, err = finish(w)
		return err
	}
	if b.once {
		// No next build will ask which files each job wrote.
		if err := b.copyStatic(w, src); err != nil {
			return nil, err
		}
		if err := b.runThenFinish(all, finishNow); err != nil {
			return nil, err
		}
		return nil, b.forPages(w, w, src)
	}
	records = make(map[string]jobRecord, len(all))
	recs := map[string]*recorder{}
	var run []render.Job
	// The files of the last build that this one does not keep: those of
	// the jobs that run again or are gone, and of no job.
	drop := slices.Clone(b.jobs[unownedJob].files)
	seen := 0 // jobs of the last build that this one has
	for _, j := range all {
		if j.Name == "" {
			run = append(run, j)
			continue
		}
		prev, ok := b.jobs[j.Name]
		if ok {
			seen++
		}
		if ok && prev.key == j.Key && w.CanKeep() {
			records[j.Name] = prev
			continue
		}
		drop = append(drop, prev.files...)
		rec := &recorder{w: w, key: j.Key}
		recs[j.Name] = rec
		run = append(run, render.Job{Name: j.Name, Key: j.Key, Turns: j.Turns, Run: func(render.Writer) error { return j.Run(rec) }})
	}
	// A build that leaves the search index and data to Finish keeps the
	// last ones meanwhile; the first build makes them.
	prevFinish, later := b.jobs[finishJob]
	later = later && b.later && w.CanKeep()
	if later {
		records[finishJob] = prevFinish
	} else {
		drop = append(drop, prevFinish.files...)
	}
	if _, ok := b.jobs[finishJob]; ok {
		seen++
	}
	if _, ok := b.jobs[unownedJob]; ok {
		seen++
	}
	if seen < len(b.jobs) {
		for name, prev := range b.jobs {
			if _, ok := records[name]; !ok && recs[name] == nil {
				drop = append(drop, prev.files...)
			}
		}
	}
	// Every file of the last build is kept but those: at 20,000
	// transcripts, claiming each of 90,000 files kept took longer than
	// rendering what a save changed.
	if w.CanKeep() && len(records) > 0 {
		if err := w.KeepAllBut(drop...); err != nil {
			return nil, err
		}
	}
	if err := b.copyStatic(unowned, src); err != nil {
		return nil, err
	}
	res.Ran = len(run)
	var err error
	if later {
		err = render.Run(run)
	} else {
		err = b.runThenFinish(run, finishNow)
	}
	if err != nil {
		return nil, err
	}
	if later {
		b.pending, res.Pending = finish, true
	} else {
		records[finishJob] = jobRecord{files: finished}
	}
	if err := b.forPages(w, unowned, src); err != nil {
		return nil, err
	}
	records[unownedJob] = jobRecord{files: unowned.files}
	for name, rec := range recs {
		records[name] = jobRecord{key: rec.key, files: rec.files}
	}
	for path, e := range entries {
		name := "transcript " + path
		rec := records[name]
		rec.entry, rec.part = e, parts[path]
		records[name] = rec
	}
	return records, nil
}

// runThenFinish runs jobs on every core, and finish (the search index and
// the archive as data, made from the turns) as soon as the jobs that feed
// it (render.Job's Turns) are done, while the others run: inverting the
// index keeps about one core busy, and the pages left to render take the
// rest.
func (b *Builder) runThenFinish(jobs []render.Job, finish func() error) error {
	var first, rest []render.Job
	for _, j := range jobs {
		if j.Turns {
			first = append(first, j)
		} else {
			rest = append(rest, j)
		}
	}
	if err := render.Run(first); err != nil {
		// The other pages are still rendered, for their errors: a
		// build reports all it finds.
		if rerr := render.Run(rest); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	indexed := make(chan error, 1)
	go func() { indexed <- finish() }()
	err := render.Run(rest)
	if ierr := <-indexed; ierr != nil {
		return errors.Join(err, ierr)
	}
	return err
}

// copyStatic copies the site's static files.
func (b *Builder) copyStatic(w render.Writer, src *load.Source) error {
	for _, f := range src.Static {
		data, err := os.ReadFile(f.Abs)
		if err == nil {
			err = w.Write(f.Rel, data)
		}
		if err != nil {
			return fmt.Errorf("content/static/%s: %w", f.Rel, err)
		}
	}
	return nil
}

// forPages writes the files GitHub Pages looks for, unless the site's
// static files hold them.
func (b *Builder) forPages(w *output.Writer, to render.Writer, src *load.Source) error {
	// GitHub Pages would otherwise run Jekyll over the site, which hides
	// files and folders whose names start with '_'.
	if !w.Has(".nojekyll") {
		if err := to.Write(".nojekyll", nil); err != nil {
			return err
		}
	}
	if c := strings.TrimSpace(src.Config.CNAME); c != "" && !w.Has("CNAME") {
		if err := to.Write("CNAME", []byte(c+"\n")); err != nil {
			return err
		}
	}
	return nil
}

// loadTheme reads the site's theme folder over the built-in theme, so a
// site overrides one template or stylesheet by writing a file of that name.
func loadTheme(siteDir, name string) (*render.Theme, error) {
	builtin, err := fs.Sub(themes.Default, "default")
	if err != nil {
		return nil, err
	}
	o := render.Overlay{Builtin: builtin}
	dir := filepath.Join(siteDir, "themes", name)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		// Through an os.Root, so that a symbolic link in the theme cannot
		// publish a file from outside it.
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		o.Site, o.SiteDir = root.FS(), "themes/"+name
	} else if name != "default" {
		return nil, fmt.Errorf("theme %q: no folder themes/%s in the site", name, name)
	}
	return render.LoadTheme(o)
}

// checkDestination refuses a destination that holds the source: a build
// replaces its destination whole.
func checkDestination(source, dest string) error {
	s, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(d, s); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return fmt.Errorf("destination %s holds the site's source: a build replaces its destination, so choose another folder", dest)
	}
	if rel, err := filepath.Rel(s, d); err == nil && (rel == "content" || strings.HasPrefix(rel, "content"+string(filepath.Separator)) || rel == "themes" || strings.HasPrefix(rel, "themes"+string(filepath.Separator))) {
		return fmt.Errorf("destination %s is inside the site's content or themes", dest)
	}
	for _, marker := range []string{".git", "go.mod", "content"} {
		if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
			return fmt.Errorf("destination %s holds %s: it does not look like build output, and a build replaces it whole", dest, marker)
		}
	}
	return nil
}

// IsInputError reports whether err is about the site's source (and so is
// reported as a list of file:line messages) rather than the machine.
func IsInputError(err error) bool {
	var l diag.List
	var e *diag.Error
	return errors.As(err, &l) || errors.As(err, &e)
}
