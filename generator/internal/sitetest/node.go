package sitetest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Node gives the path of Node.js, for the tests that run the theme's
// scripts against the Go they must agree with (what says which). Without
// it the test is skipped, loudly, except under CI=true, where it fails, so
// that CI never passes by skipping.
func Node(t testing.TB, what string) string {
	t.Helper()
	for _, name := range []string{"node", "nodejs"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "NO NODE: install Node.js (apt-get install nodejs) to check " + what
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("\n\n*** " + msg + " ***\n")
	return ""
}

// RunNode writes files (paths relative to a temporary folder) and runs the
// one named driver under node, with in as JSON on its standard input, and
// decodes what it prints, JSON, into out.
func RunNode(t testing.TB, node string, files map[string][]byte, driver string, in, out any) {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join(dir, filepath.FromSlash(driver)))
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", node, driver, err, stderr.Bytes())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("%s: output %.200q: %v", driver, stdout, err)
	}
}
