package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command answers --help with its usage and exit status 0.
func TestHelpOnEveryCommand(t *testing.T) {
	for _, cmd := range []string{"build", "version"} {
		var out, errOut bytes.Buffer
		if code := run([]string{cmd, "--help"}, &out, &errOut); code != 0 {
			t.Errorf("%s --help: exit %d", cmd, code)
		}
		if !strings.Contains(errOut.String()+out.String(), "Usage: generator "+cmd) {
			t.Errorf("%s --help printed no usage:\n%s%s", cmd, out.String(), errOut.String())
		}
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
