// Package check finds what is wrong with a site before it is published:
// everything a build would reject, what it would only warn about, what
// parses but is probably a mistake (a misspelt speaker label or front
// matter key, a footnote never used, timestamps out of order), images and
// files that are missing, and, after a build into a temporary folder, every
// link and anchor of the output that leads nowhere.
//
// It reads the site with the build's own packages (load, model, markdown,
// build), so it rejects exactly what a build rejects; what the model and the
// Markdown parser know (who speaks, the footnotes, the timestamps) it asks
// them for rather than working it out again.
package check

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/parallel"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// Severity says whether a finding fails a check.
type Severity string

const (
	// Error is something broken: the build rejects it, or the published
	// site would have a broken link, image or feed.
	Error Severity = "error"
	// Warning is something that works but is probably a mistake; it fails
	// a check only with Options.Strict.
	Warning Severity = "warning"
)

// Finding is one problem, at a line of a file.
type Finding struct {
	File     string   `json:"file"`             // as the user would type it; "" when no file is to blame
	Line     int      `json:"line"`             // 0 when the whole file is meant
	Column   int      `json:"column,omitempty"` // 0 when the whole line is meant
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String formats a finding as "file:line: severity: message".
func (f Finding) String() string {
	switch {
	case f.File == "":
		return fmt.Sprintf("%s: %s", f.Severity, f.Message)
	case f.Line > 0 && f.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s: %s", f.File, f.Line, f.Column, f.Severity, f.Message)
	case f.Line > 0:
		return fmt.Sprintf("%s:%d: %s: %s", f.File, f.Line, f.Severity, f.Message)
	}
	return fmt.Sprintf("%s: %s: %s", f.File, f.Severity, f.Message)
}

// Options say what to check.
type Options struct {
	Source  string // the site folder
	BaseURL string // overrides site.yaml's base_url when set, as build's --base-url does
	Drafts  bool   // check drafts too, as build --drafts would publish them
	// WarnAbove is the size of site, in bytes, to warn about (0: GitHub
	// Pages' limit, pipeline.PagesLimit).
	WarnAbove int64
}

// Report is the outcome of a check.
type Report struct {
	Findings    []Finding // by file, then line
	Transcripts int       // transcripts checked
	Built       bool      // the site was built and its output checked
	Output      *OutputReport
}

// Count returns how many findings have the given severity.
func (r *Report) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Failed says whether the check fails: on any error, and with strict on
// any warning too.
func (r *Report) Failed(strict bool) bool {
	return r.Count(Error) > 0 || (strict && r.Count(Warning) > 0)
}

// Run checks the site. Problems with the site come back as findings; the
// error is for a failure of the machine, such as no temporary folder.
func Run(opt Options) (*Report, error) {
	r := &Report{}
	c := &checker{opt: opt, report: r}
	src, err := load.Site(opt.Source)
	if src == nil {
		c.fromError(err)
		r.sort()
		return r, nil
	}
	c.src = src
	c.fromError(err)
	for _, w := range src.Warnings {
		c.add(located(w, Warning))
	}
	if opt.BaseURL != "" {
		if err := config.SetBaseURL(&src.Config, opt.BaseURL); err != nil {
			c.add(Finding{Severity: Error, Message: "--base-url: " + err.Error()})
			r.sort()
			return r, nil
		}
	}

	site, errs := model.Build(src, model.Options{Drafts: opt.Drafts})
	c.site = site
	for _, e := range errs {
		c.addDiag(e, Error)
	}
	site.Warnings.Sort()
	for _, w := range site.Warnings {
		c.addDiag(w, Warning)
	}
	r.Transcripts = len(site.Transcripts)

	c.frontMatter()
	c.silentSpeakers()
	refs := c.bodies()

	if r.Count(Error) == 0 {
		if err := c.build(refs); err != nil {
			return nil, err
		}
	} else {
		c.resolveRefs(refs, "")
	}
	r.sort()
	return r, nil
}

// checker is one run of Run.
type checker struct {
	opt    Options
	report *Report
	src    *load.Source
	site   *model.Site
}

func (c *checker) add(f Finding) { c.report.Findings = append(c.report.Findings, f) }

func (c *checker) addDiag(e *diag.Error, s Severity) {
	c.add(Finding{File: e.File, Line: e.Line, Column: e.Col, Severity: s, Message: e.Msg})
}

// fromError reports an error of load or build: a list of file:line
// problems, or a single message that may still start with a file name.
func (c *checker) fromError(err error) {
	if err == nil {
		return
	}
	if l := diag.Flatten(err); len(l) > 0 {
		for _, e := range l {
			c.addDiag(e, Error)
		}
		return
	}
	c.add(located(err.Error(), Error))
}

// located reads "file:line: message" or "file: message", as config and
// build write them into plain strings, back into a finding.
func located(s string, sev Severity) Finding {
	f := Finding{Severity: sev, Message: s}
	i := strings.Index(s, ": ")
	if i <= 0 {
		return f
	}
	where, msg := s[:i], s[i+2:]
	if strings.ContainsAny(where, " \t") {
		return f
	}
	if j := strings.LastIndexByte(where, ':'); j > 0 {
		if n, err := strconv.Atoi(where[j+1:]); err == nil && n > 0 {
			f.File, f.Line, f.Message = where[:j], n, msg
			return f
		}
	}
	if strings.ContainsAny(where, "/.") {
		f.File, f.Message = where, msg
		// YAML errors carry their own line: "yaml: line 3: ...".
		if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
			if k := strings.IndexByte(rest, ':'); k > 0 {
				if n, err := strconv.Atoi(rest[:k]); err == nil {
					f.Line, f.Message = n, strings.TrimSpace(rest[k+1:])
				}
			}
		}
	}
	return f
}

func (r *Report) sort() {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
}

// silentSpeakers reports speakers a transcript lists who never speak in it:
// usually a label spelt otherwise than the name and aliases.
func (c *checker) silentSpeakers() {
	files := c.filesByName()
	for _, t := range c.site.Transcripts {
		line := 1
		if f := files[t.File]; f != nil {
			line = f.Front.Line("speakers")
		}
		for _, a := range t.Speakers {
			if a.Turns > 0 {
				continue
			}
			sp := a.Speaker
			labels := append([]string{sp.Name}, sp.Aliases...)
			for i, l := range labels {
				labels[i] = strconv.Quote(l + ":")
			}
			c.add(Finding{File: t.File, Line: line, Severity: Warning, Message: fmt.Sprintf(
				"speaker %q is listed but no turn is theirs: start their turns with %s, or take them off the list",
				sp.ID, strings.Join(labels, " or "))})
		}
	}
}

func (c *checker) filesByName() map[string]*load.File {
	m := map[string]*load.File{}
	for _, fs := range c.src.Files {
		for _, f := range fs {
			m[f.Name] = f
		}
	}
	return m
}

// body is one Markdown body of the site and the page it is shown on.
type body struct {
	b    model.Body
	page string // site-relative URL path of its page: "transcripts/a/"
	doc  *markdown.Document
}

// bodies inspects every body the build would render, reports what the
// Markdown parser finds, and returns the files they refer to.
func (c *checker) bodies() []ref {
	s := c.site
	bs := make([]body, len(s.Transcripts))
	// Transcripts are many and parsing them is the work: in parallel.
	parallel.For(len(s.Transcripts), func(i int) {
		t := s.Transcripts[i]
		bs[i] = body{t.Body, t.Path, s.Markdown.Inspect(t.Body.Source, t.DocOptions())}
	})
	for _, sp := range s.SpeakerBy {
		if sp.Bio != nil {
			bs = append(bs, body{*sp.Bio, sp.Path, s.Markdown.Inspect(sp.Bio.Source, sp.Bio.DocOptions("bio"))})
		}
	}
	for _, tp := range s.TopicBy {
		if tp.Description != nil {
			bs = append(bs, body{*tp.Description, tp.Path, s.Markdown.Inspect(tp.Description.Source, tp.Description.DocOptions("topic"))})
		}
	}
	for _, p := range s.Pages {
		bs = append(bs, body{p.Body, p.Path, s.Markdown.Inspect(p.Body.Source, p.Body.DocOptions("page"))})
	}

	var refs []ref
	labels := labelTally{}
	for _, b := range bs {
		for _, f := range b.doc.Findings() {
			sev := Warning
			if f.Kind.Misattributes() {
				sev = Error
			}
			found := Finding{File: b.b.File, Line: f.Line, Severity: sev, Message: f.Message}
			if f.Kind == markdown.FindLabel {
				labels.add(f.Subject, found)
				continue
			}
			c.add(found)
		}
		for _, r := range b.doc.References() {
			refs = append(refs, ref{Reference: r, file: b.b.File, src: b.b.Path, page: b.page})
		}
	}
	for _, f := range labels.findings() {
		c.add(f)
	}
	return refs
}

// build builds the site into a temporary folder, then checks the files the
// bodies refer to and every link of the output against what was built.
func (c *checker) build(refs []ref) error {
	tmp, err := os.MkdirTemp("", "verbatim-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "public")
	res, err := pipeline.Run(pipeline.Options{Source: c.opt.Source, Destination: out, BaseURL: c.opt.BaseURL, Drafts: c.opt.Drafts, WarnAbove: c.opt.WarnAbove})
	if err != nil {
		// Bad templates of the site's theme, say: the model was fine.
		c.fromError(err)
		c.resolveRefs(refs, "")
		return nil
	}
	c.report.Built = true
	for _, w := range []string{res.TooHeavy, res.Relative} {
		if w != "" {
			c.add(Finding{Severity: Warning, Message: w})
		}
	}
	missing := c.resolveRefs(refs, out)
	o, err := checkOutput(out, c.site.Config.BaseURL, missing, c.sources())
	if err != nil {
		return err
	}
	c.report.Output = o
	for _, f := range o.Findings {
		c.add(f)
	}
	return nil
}

// sources maps output pages to the source files they are built from, so
// that a broken link in the output names where to look.
func (c *checker) sources() map[string]string {
	m := map[string]string{}
	for _, t := range c.site.Transcripts {
		m[t.Path+"index.html"] = t.File
	}
	for _, sp := range c.site.SpeakerBy {
		if sp.Bio != nil {
			m[sp.Path+"index.html"] = sp.Bio.File
		}
	}
	for _, tp := range c.site.TopicBy {
		if tp.Description != nil {
			m[tp.Path+"index.html"] = tp.Description.File
		}
	}
	for _, p := range c.site.Pages {
		m[p.Path+"index.html"] = p.Body.File
	}
	return m
}
