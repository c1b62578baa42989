package scaffold

import (
	_ "embed" // the workflow and its install script
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
	"github.com/verbatim-archive/verbatim/generator/version"
)

// The Pages workflow of a site, and the script with which it installs the
// release it pins. The repository's own workflow comes from the same
// template, running the generator from source instead.
var (
	//go:embed files/pages.yml
	pagesYML string
	//go:embed files/install-verbatim.sh
	installSH string
)

// Where a site keeps its workflow and the workflow's install script,
// slash-separated, from the site folder.
const (
	WorkflowPath      = ".github/workflows/pages.yml"
	InstallScriptPath = ".github/scripts/install-verbatim.sh"
)

// pinLine finds the release a site's workflow runs, in its env block.
var pinLine = regexp.MustCompile(`(?m)^  VERBATIM_VERSION: *"?([^"\s]*)"? *$`)

// Releases is the page that lists the generator's releases; their files are
// under Releases + "/download/<version>/".
func Releases() string { return "https://" + version.Module + "/releases" }

// SiteWorkflow returns a site's .github/workflows/pages.yml, which installs
// the given release (version.Latest when "") with its checksum checked,
// then checks the site, builds it for the address GitHub Pages gives it and
// deploys it with GitHub's own Pages actions. A binary rather than
// "go install" at that version: it needs no Go toolchain on the runner and
// no compilation, so a run takes seconds, and the SHA-256 is checked
// against the one the release published.
func SiteWorkflow(release string) []byte {
	if release == "" {
		release = version.Latest
	}
	pin := `
# The release of Verbatim that checks and builds the site, installed with
# its checksum checked by .github/scripts/install-verbatim.sh. A new release
# changes nothing here until this line moves: run "generator upgrade-workflow"
# with the new generator, or edit it. The releases:
# ` + Releases() + `
env:
  VERBATIM_VERSION: ` + release + "\n"
	install := `      - name: Install Verbatim
        run: bash ` + InstallScriptPath + ` "$VERBATIM_VERSION"`
	return fill(pagesYML, map[string]string{"PIN": pin, "GET_GENERATOR": install, "GENERATOR": "generator"})
}

// RepoWorkflow returns the generator repository's own Pages workflow, which
// publishes the demo archive with the generator of the commit pushed.
func RepoWorkflow() []byte {
	setup := `      - uses: actions/setup-go@v6
        with:
          go-version-file: go.mod`
	return fill(pagesYML, map[string]string{"PIN": "", "GET_GENERATOR": setup, "GENERATOR": "go run ./generator"})
}

// InstallScript returns .github/scripts/install-verbatim.sh.
func InstallScript() []byte {
	return fill(installSH, map[string]string{"RELEASES": Releases()})
}

// WorkflowPin returns the release the workflow of the site in dir runs, or
// "" when the workflow pins none (one not written by "generator new site").
func WorkflowPin(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(WorkflowPath)))
	if err != nil {
		return "", err
	}
	if m := pinLine.FindSubmatch(b); m != nil {
		return string(m[1]), nil
	}
	return "", nil
}

// Moved tells what UpgradeWorkflow changed.
type Moved struct {
	From, To string
	Script   bool // the install script was written anew
}

// UpgradeWorkflow moves the release that the workflow of the site in dir
// pins to to, changing only that line, and writes the install script of
// this generator when the site's differs. It refuses to move the pin to an
// older release unless backwards is set.
func UpgradeWorkflow(dir, to string, backwards bool) (Moved, error) {
	m := Moved{To: to}
	if !version.IsRelease(to) {
		return m, fmt.Errorf("%q is not a release: give one as v0.4.0 (the releases: %s)", to, Releases())
	}
	wf := filepath.Join(dir, filepath.FromSlash(WorkflowPath))
	b, err := os.ReadFile(wf)
	if errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("%s: no workflow; generator new site %s --force adds one", wf, dir)
	}
	if err != nil {
		return m, err
	}
	loc := pinLine.FindSubmatchIndex(b)
	if loc == nil {
		return m, fmt.Errorf("%s pins no release (it has no VERBATIM_VERSION line, so generator new site did not write it, or an older one did): move it aside and run generator new site %s --force to write one", wf, dir)
	}
	m.From = string(b[loc[2]:loc[3]])
	if !backwards && version.IsRelease(m.From) && version.Compare(to, m.From) < 0 {
		return m, fmt.Errorf("%s runs Verbatim %s, newer than %s: to move it back all the same, give --version %s", wf, m.From, to, to)
	}
	if m.From != to {
		moved := append(append(append([]byte{}, b[:loc[2]]...), to...), b[loc[3]:]...)
		if err := atomicfile.Write(wf, moved, true); err != nil {
			return m, err
		}
	}
	sh := filepath.Join(dir, filepath.FromSlash(InstallScriptPath))
	if old, err := os.ReadFile(sh); err != nil || string(old) != string(InstallScript()) {
		if err := atomicfile.Write(sh, InstallScript(), true); err != nil {
			return m, err
		}
		m.Script = true
	}
	return m, nil
}
