package main

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// childArgsEnv, set in the environment of the test binary, makes it run
// the command with these arguments (one a line) instead of the tests.
const childArgsEnv = "VERBATIM_TEST_ARGS"

// TestChild is the command itself when TestServeCommand starts the test
// binary; otherwise it does nothing.
func TestChild(t *testing.T) {
	args, ok := os.LookupEnv(childArgsEnv)
	if !ok {
		return
	}
	os.Exit(run(strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// TestServeCommand runs "generator serve" as a process, as an author does:
// its flags reach the loop (the draft is served under the path of
// --base-url, at --addr) and Ctrl-C stops it cleanly. The loop itself is
// tested in package dev.
func TestServeCommand(t *testing.T) {
	const timeout = 30 * time.Second
	dir := t.TempDir()
	p := filepath.Join(dir, "content", "transcripts", "a.md")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("---\ntitle: A\ndate: 2020-01-01\nspeakers: [ann]\ndraft: true\n---\nann: Drafted words.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--source", dir, "--base-url", "https://example.org/archive/", "--drafts"}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(args, "\n"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	// readUntil reads stdout up to a line that matches re, or to its end.
	var out []string
	readUntil := func(re *regexp.Regexp) []string {
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return nil
				}
				out = append(out, l)
				if re == nil {
					continue
				}
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
			case <-time.After(timeout):
				t.Fatalf("serve said nothing more:\n%s\n%s", strings.Join(out, "\n"), &stderr)
			}
		}
	}
	m := readUntil(regexp.MustCompile(`^serving \S+ at (http://127\.0\.0\.1:\d+/archive/) \(Ctrl-C`))
	if m == nil {
		t.Fatalf("serve did not start:\n%s\n%s", strings.Join(out, "\n"), &stderr)
	}
	resp, err := http.Get(m[1] + "transcripts/a/")
	if err != nil {
		t.Fatal(err)
	}
	body := new(bytes.Buffer)
	body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(body.String(), "Drafted words.") || !strings.Contains(body.String(), `href="/archive/`) {
		t.Errorf("GET %s: %d\n%s", m[1]+"transcripts/a/", resp.StatusCode, body)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if readUntil(regexp.MustCompile(`^stopped$`)) == nil {
		t.Errorf("serve did not say it stopped:\n%s\n%s", strings.Join(out, "\n"), &stderr)
	}
	readUntil(nil)
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after Ctrl-C: %v\n%s", err, &stderr)
	}
}

// The flags of watch and serve: help, and the errors of the command line
// and of the loop, with their exit status.
func TestServeFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--help"}, 0, "-addr"},
		{[]string{"watch", "--help"}, 0, "-drafts"},
		{[]string{"serve", "extra"}, 2, "unexpected argument"},
		{[]string{"watch", "--source", "/nonexistent/site"}, 1, "generator watch: no folder /nonexistent/site/content: is --source the site's folder?"},
		{[]string{"serve", "--addr", "256.0.0.1:99999", "--source", "../"}, 1, "generator serve: --addr"},
	} {
		var out, errOut bytes.Buffer
		code := run(tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String()+out.String(), tc.want) {
			t.Errorf("%q: exit %d, want %d with %q:\n%s%s", tc.args, code, tc.code, tc.want, out.String(), errOut.String())
		}
	}
}
