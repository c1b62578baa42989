package scaffold

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/check"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/version"
	"go.yaml.in/yaml/v3"
)

var today = time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)

// A new site builds and checks clean, at the root of a domain and under
// the sub-path of a GitHub Pages project site.
func TestNewSiteBuildsAndChecksClean(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "harbour-hearings")
	w, err := NewSite(SiteOptions{Dir: dir, Now: today})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"content/site.yaml", "content/speakers/ada-quill.md", "content/transcripts/2026/welcome.md", ".gitignore", WorkflowPath, InstallScriptPath}
	if strings.Join(w.Files, " ") != strings.Join(want, " ") || len(w.Kept) != 0 {
		t.Errorf("wrote %v, kept %v; want %v", w.Files, w.Kept, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/site.yaml"))
	if !bytes.Contains(b, []byte("title: Harbour hearings\n")) {
		t.Errorf("site.yaml:\n%s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); !bytes.Contains(b, []byte("\npublic/\n")) {
		t.Errorf(".gitignore does not ignore public/:\n%s", b)
	}
	// As the Pages workflow builds it, for its own address.
	res, err := pipeline.Run(pipeline.Options{Source: dir, BaseURL: "https://owner.github.io/harbour-hearings/"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Transcripts != 1 || len(res.Warnings) > 0 {
		t.Errorf("built %d transcripts, warnings %v", res.Transcripts, res.Warnings)
	}
	for _, base := range []string{"https://owner.github.io/", "https://owner.github.io/harbour-hearings/"} {
		r, err := check.Run(check.Options{Source: dir, BaseURL: base})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Findings) > 0 || !r.Built {
			t.Errorf("check %s: built %v, findings %v", base, r.Built, r.Findings)
		}
	}
}

// A folder with files in it is left alone, unless forced, and then its
// files are kept as they were.
func TestNewSiteNonEmpty(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mine := []byte("title: Mine\n")
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/site.yaml"), mine, 0o644)
	if _, err := NewSite(SiteOptions{Dir: dir, Now: today}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("a non-empty folder was accepted (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitignore")); err == nil {
		t.Fatal("a refused run wrote files")
	}
	w, err := NewSite(SiteOptions{Dir: dir, Force: true, Now: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Kept) != 1 || w.Kept[0] != "content/site.yaml" || len(w.Files) != 5 {
		t.Errorf("wrote %v, kept %v", w.Files, w.Kept)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content/site.yaml")); !bytes.Equal(b, mine) {
		t.Errorf("--force overwrote site.yaml:\n%s", b)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "content", ".*tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// The repository's own workflow is the one new sites get, running the
// generator from source instead of at a pinned version.
func TestRepoWorkflowIsTheEmbeddedOne(t *testing.T) {
	t.Parallel()
	p := filepath.Join(sitetest.RepoRoot(t), ".github", "workflows", "pages.yml")
	// -update writes the embedded workflow there.
	sitetest.Golden(t, p, RepoWorkflow())
}

// workflow is the part of a GitHub Actions workflow the tests look at.
type workflow struct {
	Env map[string]string `yaml:"env"`
	On  struct {
		Push struct {
			Branches []string `yaml:"branches"`
		} `yaml:"push"`
	} `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		RunsOn      string `yaml:"runs-on"`
		Needs       any    `yaml:"needs"`
		Environment struct {
			Name string `yaml:"name"`
			URL  string `yaml:"url"`
		} `yaml:"environment"`
		Steps []struct {
			Name string            `yaml:"name"`
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

const pagesBase = "${{ steps.pages.outputs.base_url }}"

// The workflow is valid YAML using GitHub's own Pages actions, passes the
// Pages address as the base URL, downloads no script, gets the generator
// (a new site's by its install script, at the release it pins; the
// repository's from source), and the commands it runs work on the demo
// archive under a project site's sub-path.
func TestWorkflow(t *testing.T) {
	t.Parallel()
	const install = "bash " + InstallScriptPath + ` "$VERBATIM_VERSION"`
	// The runners differ in how they call the generator, not in what they
	// ask of it: a command line seen once is not run again.
	ran := map[string]bool{}
	for _, tc := range []struct {
		name     string
		workflow []byte
		pin      string // VERBATIM_VERSION; "" for none
		uses     string // the actions the build job uses
		prefix   string // what runs the generator
	}{
		{"new site", SiteWorkflow(""), version.Latest,
			"actions/checkout actions/configure-pages actions/upload-pages-artifact", "generator"},
		{"new site from a release", SiteWorkflow("v1.2.3"), "v1.2.3",
			"actions/checkout actions/configure-pages actions/upload-pages-artifact", "generator"},
		{"repository", RepoWorkflow(), "",
			"actions/checkout actions/setup-go actions/configure-pages actions/upload-pages-artifact", "go run ./generator"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w workflow
			if err := yaml.Unmarshal(tc.workflow, &w); err != nil {
				t.Fatalf("not valid YAML: %v", err)
			}
			if w.Env["VERBATIM_VERSION"] != tc.pin {
				t.Errorf("pins %q, want %q", w.Env["VERBATIM_VERSION"], tc.pin)
			}
			if tc.pin != "" {
				if got, _ := pinOf(t, tc.workflow); got != tc.pin {
					t.Errorf("WorkflowPin reads %q, want %q", got, tc.pin)
				}
			}
			if len(w.On.Push.Branches) != 1 || w.On.Push.Branches[0] != "main" {
				t.Errorf("runs on pushes to %v", w.On.Push.Branches)
			}
			for k, v := range map[string]string{"contents": "read", "pages": "write", "id-token": "write"} {
				if w.Permissions[k] != v {
					t.Errorf("permission %s: %q, want %q", k, w.Permissions[k], v)
				}
			}
			b, d := w.Jobs["build"], w.Jobs["deploy"]
			var uses []string
			var runs []string
			installed := false
			for _, s := range b.Steps {
				switch {
				case s.Uses != "":
					uses = append(uses, s.Uses[:strings.IndexByte(s.Uses+"@", '@')])
					if !strings.HasPrefix(s.Uses, "actions/") || !strings.Contains(s.Uses, "@v") {
						t.Errorf("step uses %q: want GitHub's own action at a major version", s.Uses)
					}
				case s.Run == install:
					// Before the steps that run what it installs.
					installed = len(runs) == 0
				case s.Run != "":
					runs = append(runs, s.Run)
				}
				if s.Uses != "" && strings.HasPrefix(s.Uses, "actions/configure-pages") && s.ID != "pages" {
					t.Errorf("configure-pages has id %q; the build reads steps.pages", s.ID)
				}
				if strings.HasPrefix(s.Uses, "actions/upload-pages-artifact") && s.With["path"] != "public" {
					t.Errorf("uploads %q, not public", s.With["path"])
				}
			}
			if installed != (tc.pin != "") {
				t.Errorf("runs the install script first: %v; pins %q", installed, tc.pin)
			}
			if got := strings.Join(uses, " "); got != tc.uses {
				t.Errorf("build job uses %s, want %s", got, tc.uses)
			}
			if d.Needs != "build" || d.Environment.Name != "github-pages" || len(d.Steps) != 1 ||
				!strings.HasPrefix(d.Steps[0].Uses, "actions/deploy-pages@v") || d.Steps[0].ID != "deployment" ||
				d.Environment.URL != "${{ steps.deployment.outputs.page_url }}" {
				t.Errorf("deploy job: %+v", d)
			}
			var built bool
			for _, run := range runs {
				for _, bad := range []string{"curl", "wget", "| sh", "| bash", "install.sh"} {
					if strings.Contains(run, bad) {
						t.Errorf("run %q downloads a script", run)
					}
				}
				args := splitWords(t, strings.ReplaceAll(run, pagesBase, "https://owner.github.io/repo"))
				pre := strings.Fields(tc.prefix)
				if len(args) <= len(pre) || strings.Join(args[:len(pre)], " ") != tc.prefix {
					t.Errorf("run %q does not start with %q", run, tc.prefix)
					continue
				}
				if !strings.Contains(run, `--base-url "`+pagesBase+`/"`) {
					t.Errorf("run %q does not pass the Pages address as the base URL", run)
				}
				args = args[len(pre):]
				if args[0] == "build" {
					built = true
				}
				if ran[strings.Join(args, " ")] {
					continue
				}
				ran[strings.Join(args, " ")] = true
				switch args[0] {
				case "build":
					runBuild(t, args[1:])
				case "check":
					runCheck(t, args[1:])
				default:
					t.Errorf("run %q: unknown command %q", run, args[0])
				}
			}
			if !built {
				t.Error("the workflow does not build the site")
			}
		})
	}
}

// runBuild builds the demo archive with the flags a workflow gives build,
// as the command would, and checks the output under the sub-path.
func runBuild(t *testing.T, args []string) {
	t.Helper()
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	opt := pipeline.Options{Source: sitetest.RepoRoot(t)}
	source := fs.String("source", ".", "")
	fs.StringVar(&opt.Destination, "destination", "", "")
	fs.StringVar(&opt.BaseURL, "base-url", "", "")
	fs.BoolVar(&opt.Drafts, "drafts", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		t.Fatalf("build %q: %v", args, err)
	}
	if *source != "." || opt.Destination != "" {
		t.Errorf("build %q: the workflow should build the checked-out folder into public/, which it uploads", args)
	}
	opt.Destination = filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(opt); err != nil {
		t.Fatalf("build %q: %v", args, err)
	}
	if opt.BaseURL != "https://owner.github.io/repo/" {
		t.Errorf("base URL %q", opt.BaseURL)
	}
	r, err := check.Output(opt.Destination, opt.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		t.Error(f)
	}
	if r.Links == 0 || r.URLs == 0 {
		t.Errorf("the output was not checked: %+v", r)
	}
}

func runCheck(t *testing.T, args []string) {
	t.Helper()
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	opt := check.Options{Source: sitetest.RepoRoot(t)}
	fs.StringVar(&opt.BaseURL, "base-url", "", "")
	fs.BoolVar(&opt.Drafts, "drafts", false, "")
	fs.Bool("strict", false, "")
	fs.String("format", "text", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		t.Fatalf("check %q: %v", args, err)
	}
	r, err := check.Run(opt)
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed(false) {
		t.Errorf("check %q fails on the demo archive: %v", args, r.Findings)
	}
}

// splitWords splits a command line as a shell would, for the simple lines
// a workflow runs: words, and double-quoted strings.
func splitWords(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case (r == ' ' || r == '\t' || r == '\n') && !quoted:
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %q", s)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

func TestNewTranscript(t *testing.T) {
	t.Parallel()
	site := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "site")
		if _, err := NewSite(SiteOptions{Dir: dir, Now: today}); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	cases := []struct {
		name    string
		opt     TranscriptOptions
		path    string // the file written, from the site folder
		front   []string
		wantErr string
	}{
		{"speakers by id and name", TranscriptOptions{Title: "Budget hearing: day 2", Date: "2024-03-05", Speakers: []string{"ada-quill", " Sam Okoro"}},
			"content/transcripts/2024/budget-hearing-day-2.md",
			[]string{"title: 'Budget hearing: day 2'\n", "date: 2024-03-05\n", "speakers:\n  - ada-quill\n  - Sam Okoro\n", "draft: true", "\n**Ada Quill:** …\n", "\n**Sam Okoro:** …\n"}, ""},
		{"today, no speakers", TranscriptOptions{Title: "Harbour walk"},
			"content/transcripts/2026/harbour-walk.md", []string{"date: 2026-03-04\n", "speakers: []"}, ""},
		{"RFC 3339 date", TranscriptOptions{Title: "Evening", Date: "2023-10-01T19:30:00Z", Speakers: []string{"ann"}},
			"content/transcripts/2023/evening.md", []string{"date: 2023-10-01T19:30:00Z\n", "**ann:** …"}, ""},
		{"slug taken", TranscriptOptions{Title: "Welcome", Date: "2020-01-01"}, "", nil, `the slug "welcome" is already used by`},
		{"bad date", TranscriptOptions{Title: "X", Date: "March 5"}, "", nil, `date "March 5": write it as 2021-07-07`},
		{"no title", TranscriptOptions{Title: "  "}, "", nil, "needs a title"},
		{"title without letters", TranscriptOptions{Title: "!!!"}, "", nil, "cannot make a file name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := site(t)
			tc.opt.Source, tc.opt.Now = dir, today
			p, err := NewTranscript(tc.opt)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p != filepath.Join(dir, filepath.FromSlash(tc.path)) {
				t.Errorf("wrote %s, want %s", p, tc.path)
			}
			b, _ := os.ReadFile(p)
			for _, f := range tc.front {
				if !bytes.Contains(b, []byte(f)) {
					t.Errorf("no %q in\n%s", f, b)
				}
			}
			// A second time, the file is there: refused, not overwritten.
			if _, err := NewTranscript(tc.opt); err == nil {
				t.Error("a second run succeeded")
			}
			if b2, _ := os.ReadFile(p); !bytes.Equal(b, b2) {
				t.Error("a second run changed the file")
			}
			// A draft: left out of a build, and sound when drafts are in.
			r, err := check.Run(check.Options{Source: dir, Drafts: true})
			if err != nil {
				t.Fatal(err)
			}
			if r.Failed(false) {
				t.Errorf("check --drafts fails: %v", r.Findings)
			}
		})
	}
}

func TestNewTranscriptOutsideASite(t *testing.T) {
	t.Parallel()
	_, err := NewTranscript(TranscriptOptions{Source: t.TempDir(), Title: "X", Now: today})
	if err == nil || !strings.Contains(err.Error(), "no content folder") {
		t.Errorf("err = %v", err)
	}
}
