package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// usageCommands are the commands the usage lists, in its order.
func usageCommands(t *testing.T) []string {
	t.Helper()
	var cmds []string
	for _, line := range strings.Split(usage, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "generator" && !slices.Contains(cmds, f[1]) {
			cmds = append(cmds, f[1])
		}
	}
	return cmds
}

// The usage lists every command, and every command it lists answers
// --help, and "help COMMAND", with its own usage and exit status 0.
func TestHelpOnEveryCommand(t *testing.T) {
	cmds := usageCommands(t)
	if want := []string{"build", "watch", "serve", "import", "check", "new", "upgrade-workflow", "version", "help"}; !slices.Equal(cmds, want) {
		t.Errorf("the usage lists %q, want %q", cmds, want)
	}
	// What each command's own usage starts with.
	own := map[string]string{"new": "Usage:\n  generator new site", "help": "Verbatim builds"}
	for _, cmd := range cmds {
		want := own[cmd]
		if want == "" {
			want = "Usage: generator " + cmd
		}
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}} {
			var out, errOut bytes.Buffer
			if code := run(args, &out, &errOut); code != 0 {
				t.Errorf("%q: exit %d", args, code)
			}
			if got := errOut.String() + out.String(); !strings.HasPrefix(got, want) {
				t.Errorf("%q printed no usage of %s:\n%s", args, cmd, got)
			}
		}
	}
	// The kinds of "new" have their own flags.
	for _, kind := range []string{"site", "transcript"} {
		var out, errOut bytes.Buffer
		if code := run([]string{"new", kind, "--help"}, &out, &errOut); code != 0 || !strings.HasPrefix(errOut.String()+out.String(), "Usage: generator new "+kind) {
			t.Errorf("new %s --help: exit %d\n%s%s", kind, code, out.String(), errOut.String())
		}
	}
	// With no command, the usage goes to stderr with status 2.
	var out, errOut bytes.Buffer
	if code := run(nil, &out, &errOut); code != 2 || !strings.HasPrefix(errOut.String(), "Verbatim builds") {
		t.Errorf("no arguments: exit %d\n%s", code, errOut.String())
	}
}

// A settings file with a problem fails the build with file:line.
func TestBuildReportsSiteYAMLLine(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/site.yaml"), []byte("title: A\n\npaginate: many\n"), 0o644)
	var out, errOut bytes.Buffer
	if code := run([]string{"build", "--source", dir}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut.String(), "content/site.yaml:3: cannot unmarshal !!str `many` into int") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
}

func TestBuildCommandReportsFileAndLine(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/transcripts"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/transcripts/a.md"), []byte("---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\nann: [[nowhere]]\n"), 0o644)
	var out, errOut bytes.Buffer
	code := run([]string{"build", "--source", dir}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut.String(), "transcripts/a.md:6: link to unknown transcript [[nowhere]]") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a failed build wrote public/")
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"bulid"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
}
