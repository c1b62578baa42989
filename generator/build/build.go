// Package build runs the pipeline that turns a site folder into a published
// one, in explicit phases: load the source, build the model, render it, and
// write the output, which replaces the destination only when every phase
// succeeded. The CLI's build command and watch mode both call Run.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/output"
	"github.com/verbatim-archive/verbatim/generator/render"
	"github.com/verbatim-archive/verbatim/themes"
)

// Options say what to build and where.
type Options struct {
	Source      string // the site folder
	Destination string // "" means <Source>/public
	BaseURL     string // overrides site.yaml's base_url when set
	Drafts      bool
	Version     string
}

// Result tells what a build did.
type Result struct {
	Transcripts int
	Files       int
	Warnings    []string
	Took        time.Duration
}

// Run builds the site. Problems with the source come back as a diag.List
// naming file and line; the destination is then left as it was.
func Run(opt Options) (*Result, error) {
	start := time.Now()
	if opt.Destination == "" {
		opt.Destination = filepath.Join(opt.Source, "public")
	}
	if err := checkDestination(opt.Source, opt.Destination); err != nil {
		return nil, err
	}

	src, err := load.Site(opt.Source)
	var errs diag.List
	if src == nil {
		return nil, err
	}
	errs = append(errs, diag.Flatten(err)...)
	if opt.BaseURL != "" {
		if err := config.SetBaseURL(&src.Config, opt.BaseURL); err != nil {
			return nil, fmt.Errorf("--base-url: %w", err)
		}
	}

	site, modelErrs := model.Build(src, model.Options{Drafts: opt.Drafts})
	errs = append(errs, modelErrs...)
	if err := errs.Err(); err != nil {
		return nil, err
	}

	theme, err := loadTheme(opt.Source, src.Config.Theme)
	if err != nil {
		return nil, err
	}

	w, err := output.New(opt.Destination)
	if err != nil {
		return nil, err
	}
	if err := write(w, src, site, theme, opt); err != nil {
		_ = w.Abort()
		return nil, err
	}
	if err := w.Commit(); err != nil {
		_ = w.Abort()
		return nil, err
	}
	warnings := src.Warnings
	site.Warnings.Sort()
	for _, w := range site.Warnings {
		warnings = append(warnings, w.Error())
	}
	return &Result{Transcripts: len(site.Transcripts), Files: w.Count(), Warnings: warnings, Took: time.Since(start)}, nil
}

func write(w *output.Writer, src *load.Source, site *model.Site, theme *render.Theme, opt Options) error {
	for _, f := range src.Static {
		if err := w.Copy(f.Rel, f.Abs); err != nil {
			return fmt.Errorf("content/static/%s: %w", f.Rel, err)
		}
	}
	if err := render.Site(site, theme, w, render.Options{Version: opt.Version}); err != nil {
		return err
	}
	// GitHub Pages would otherwise run Jekyll over the site, which hides
	// files and folders whose names start with '_'.
	if !w.Has(".nojekyll") {
		if err := w.Write(".nojekyll", nil); err != nil {
			return err
		}
	}
	if c := strings.TrimSpace(src.Config.CNAME); c != "" && !w.Has("CNAME") {
		if err := w.Write("CNAME", []byte(c+"\n")); err != nil {
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
		o.Site = os.DirFS(dir)
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
