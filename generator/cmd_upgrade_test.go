package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/scaffold"
	"github.com/verbatim-archive/verbatim/generator/version"
)

// "new site --force" over a site whose workflow pins another release keeps
// the pin and says how to move it; upgrade-workflow moves it.
func TestPinNeverMovesSilently(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	wf := filepath.Join(dir, filepath.FromSlash(scaffold.WorkflowPath))
	old := scaffold.SiteWorkflow("v0.0.1")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wf, old, 0o644); err != nil {
		t.Fatal(err)
	}
	pin, _ := version.Get().Pin()
	steps := []struct {
		args []string
		says []string
		pin  string
	}{
		{[]string{"new", "site", dir, "--force"},
			[]string{"wrote " + filepath.Join(dir, ".github/scripts/install-verbatim.sh"), "runs Verbatim v0.0.1; this generator would pin " + pin, "generator upgrade-workflow --source " + dir},
			"v0.0.1"},
		{[]string{"upgrade-workflow", "--source", dir},
			[]string{"now runs Verbatim " + pin + " (it ran v0.0.1)"}, pin},
		{[]string{"upgrade-workflow", "--source", dir},
			[]string{"already runs Verbatim " + pin}, pin},
	}
	for _, s := range steps {
		var out, errOut bytes.Buffer
		if code := run(s.args, &out, &errOut); code != 0 {
			t.Fatalf("%q: exit %d\n%s%s", s.args, code, out.String(), errOut.String())
		}
		for _, want := range s.says {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%q does not say %q:\n%s", s.args, want, out.String())
			}
		}
		if got, _ := scaffold.WorkflowPin(dir); got != s.pin {
			t.Errorf("after %q the workflow pins %s, want %s", s.args, got, s.pin)
		}
	}
}

// version prints the release first, then the commit, its date and Go.
func TestVersionCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"version"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4 || lines[0] != "verbatim "+version.Get().Release ||
		!strings.HasPrefix(lines[1], "commit ") || !strings.HasPrefix(lines[2], "date ") || !strings.HasPrefix(lines[3], "go ") {
		t.Errorf("version printed\n%s", out.String())
	}
}
