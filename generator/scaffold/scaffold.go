// Package scaffold starts things: a new site, with an example transcript, a
// speaker profile and the workflow that publishes it on GitHub Pages; and a
// new transcript in an existing site, with its front matter filled in.
//
// It never overwrites a file: each is written to a temporary file beside
// its place and moved there only if nothing is there yet, so an interrupted
// run leaves either the whole file or none.
package scaffold

import (
	_ "embed" // the files of a new site
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
	"go.yaml.in/yaml/v3"
)

// What a new site starts with; "@@NAME@@" marks what is filled in when it
// is written.
var (
	//go:embed files/site.yaml
	siteYAML string
	//go:embed files/welcome.md
	welcomeMD string
	//go:embed files/ada-quill.md
	profileMD string
	//go:embed files/gitignore
	gitignore string
)

func fill(tmpl string, values map[string]string) []byte {
	for k, v := range values {
		tmpl = strings.ReplaceAll(tmpl, "@@"+k+"@@", v)
	}
	return []byte(tmpl)
}

// SiteOptions say where to start a site.
type SiteOptions struct {
	Dir     string
	Force   bool      // write into a folder that is not empty, keeping its files
	Now     time.Time // the example transcript's date
	Version string    // the release the workflow runs; "" for version.Latest
}

// Written tells what a run wrote and what it found already there.
type Written struct {
	Files []string // written, slash-separated, relative to the site folder
	Kept  []string // already there, left as they were
}

// NewSite writes a new site into o.Dir, which must be empty or missing
// unless o.Force is set; with Force, files already there are kept.
func NewSite(o SiteOptions) (*Written, error) {
	if o.Dir == "" {
		return nil, errors.New("no folder given")
	}
	entries, err := os.ReadDir(o.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case len(entries) > 0 && !o.Force:
		return nil, fmt.Errorf("%s is not empty: choose a new folder, or add --force to write the site's files into it (files already there are kept)", o.Dir)
	}
	abs, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	date := o.Now.Format("2006-01-02")
	todo := []struct {
		path string
		data []byte
	}{
		{"content/site.yaml", fill(siteYAML, map[string]string{"TITLE": yamlString(titleFromDir(abs))})},
		{"content/speakers/ada-quill.md", []byte(profileMD)},
		{"content/transcripts/" + o.Now.Format("2006") + "/welcome.md", fill(welcomeMD, map[string]string{"DATE": date})},
		{".gitignore", []byte(gitignore)},
		{WorkflowPath, SiteWorkflow(o.Version)},
		{InstallScriptPath, InstallScript()},
	}
	w := &Written{}
	for _, f := range todo {
		err := atomicfile.Write(filepath.Join(o.Dir, filepath.FromSlash(f.path)), f.data, false)
		switch {
		case errors.Is(err, fs.ErrExist):
			w.Kept = append(w.Kept, f.path)
		case err != nil:
			return w, err
		default:
			w.Files = append(w.Files, f.path)
		}
	}
	return w, nil
}

// titleFromDir names a site after its folder: "harbour-hearings" gives
// "Harbour hearings".
func titleFromDir(dir string) string {
	t := strings.Join(strings.FieldsFunc(filepath.Base(dir), func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || unicode.IsSpace(r)
	}), " ")
	if t == "" {
		return "Transcripts"
	}
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}

// yamlString writes s as one YAML scalar, quoted when it must be.
func yamlString(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(b), "\n")
}
