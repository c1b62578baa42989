package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestCheckAndNewHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--help"}, "Usage: generator check"},
		{[]string{"new", "site", "--help"}, "Usage: generator new site DIR"},
		{[]string{"new", "transcript", "--help"}, `Usage: generator new transcript "Title"`},
		{[]string{"new", "--help"}, "generator new site DIR [--force]"},
		{[]string{"help", "check"}, "Usage: generator check"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, &out, &errOut); code != 0 {
			t.Errorf("%v: exit %d", tc.args, code)
		}
		if !strings.Contains(out.String()+errOut.String(), tc.want) {
			t.Errorf("%v printed no usage:\n%s%s", tc.args, out.String(), errOut.String())
		}
	}
}

// The "done when": new site, then build, then check, all succeed.
func TestNewSiteBuildCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	for _, args := range [][]string{
		{"new", "site", dir},
		{"build", "--source", dir},
		{"check", "--source", dir, "--strict", "--base-url", "https://owner.github.io/"},
		{"check", "--source", dir, "--strict", "--base-url", "http://127.0.0.1:8080/x/"},
		{"new", "transcript", "Second sitting", "--source", dir, "--date", "2025-05-06", "--speakers", "ada-quill,Sam Okoro"},
		{"check", "--source", dir, "--strict", "--drafts", "--base-url", "https://owner.github.io/"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errOut.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/transcripts/2025/second-sitting.md")); err != nil {
		t.Error(err)
	}
	// A second new site into the same folder is refused; --force keeps
	// what is there.
	var out, errOut bytes.Buffer
	if code := run([]string{"new", "site", dir}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "not empty") {
		t.Errorf("new site into a site: exit %d, %s", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"new", "site", dir, "--force"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "kept") {
		t.Errorf("new site --force: exit %d, %s", code, out.String())
	}
}

// Exit status: 1 on an error, 0 on warnings alone unless --strict; --format
// json prints an array of {file, line, severity, message}.
func TestCheckCommand(t *testing.T) {
	write := func(body string) string {
		dir := t.TempDir()
		p := filepath.Join(dir, "content/transcripts/a.md")
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\n---\n"+body), 0o644)
		return dir
	}
	clean, warn, bad := write("ann: Hi.\n"), write("ann: Hi.[^x]\n"), write("ann: [[nowhere]]\n")
	for _, tc := range []struct {
		args     []string
		code     int
		findings int
		first    string
	}{
		{[]string{"--source", clean}, 0, 0, ""},
		{[]string{"--source", warn}, 0, 1, "warning"},
		{[]string{"--source", warn, "--strict"}, 1, 1, "warning"},
		{[]string{"--source", bad}, 1, 1, "error"},
	} {
		for _, format := range []string{"text", "json"} {
			var out, errOut bytes.Buffer
			code := run(append([]string{"check", "--format", format, "--base-url", "https://example.org/"}, tc.args...), &out, &errOut)
			if code != tc.code {
				t.Errorf("%v %s: exit %d, want %d\n%s", tc.args, format, code, tc.code, errOut.String())
			}
			if format == "text" {
				lines := strings.Split(strings.TrimSpace(out.String()), "\n")
				if tc.findings == 0 && out.Len() != 0 || tc.findings > 0 && (len(lines) != tc.findings || !strings.Contains(lines[0], "content/transcripts/a.md:6: "+tc.first+": ")) {
					t.Errorf("%v: text output\n%s", tc.args, out.String())
				}
				continue
			}
			var got []struct {
				File     string `json:"file"`
				Line     int    `json:"line"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v: not JSON: %v\n%s", tc.args, err, out.String())
			}
			if strings.TrimSpace(out.String())[0] != '[' || len(got) != tc.findings {
				t.Errorf("%v: JSON %s", tc.args, out.String())
			}
			if len(got) > 0 && (!strings.HasSuffix(got[0].File, "content/transcripts/a.md") || got[0].Line != 6 || got[0].Severity != tc.first || got[0].Message == "") {
				t.Errorf("%v: finding %+v", tc.args, got[0])
			}
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "--format", "xml"}, &out, &errOut); code != 2 {
		t.Errorf("--format xml: exit %d", code)
	}
}

// The repository's workflow runs commands that work, with the flags it
// gives them, on the demo archive under a project site's sub-path.
func TestWorkflowCommandsRun(t *testing.T) {
	root, _ := filepath.Abs("..")
	b, err := os.ReadFile(filepath.Join(root, ".github/workflows/pages.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, s := range w.Jobs["build"].Steps {
		cmd, ok := strings.CutPrefix(s.Run, "go run ./generator ")
		if !ok {
			continue
		}
		cmd = strings.ReplaceAll(cmd, `"${{ steps.pages.outputs.base_url }}/"`, "https://owner.github.io/repo/")
		args := append(strings.Fields(cmd), "--source", root)
		if args[0] == "build" {
			args = append(args, "--destination", filepath.Join(t.TempDir(), "public"))
		}
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 {
			t.Errorf("%v: exit %d\n%s%s", args, code, out.String(), errOut.String())
		}
		ran++
	}
	if ran < 2 {
		t.Errorf("ran %d commands of the workflow; want check and build", ran)
	}
}
