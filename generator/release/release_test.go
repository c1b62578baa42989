package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/scaffold"
	"github.com/verbatim-archive/verbatim/generator/version"
	"go.yaml.in/yaml/v3"
)

// repoRoot is the clone this test runs in.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// The release build writes a binary for every platform, each stamped with
// the release, commit and date and built as a release must be, and their
// checksums; the binary for this machine prints the stamp, the same
// commit built again is the same bytes, and a new site's install script
// installs it from a stand-in for GitHub's release downloads. It builds
// every platform so that a change that breaks one fails here.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-builds the generator six times")
	}
	readSources(t)
	testStamp, err := stampOf(context.Background(), repoRoot(t), "")
	if err != nil {
		t.Skipf("not a git clone: %v", err)
	}
	// A release of its own, which is no tag: build takes what it is given.
	testStamp.Release = "v0.0.0-test.1"
	out := filepath.Join(t.TempDir(), "release")
	var log bytes.Buffer
	files, err := build(context.Background(), options{Root: repoRoot(t), Out: out, Stamp: testStamp, Targets: targets(), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, tg := range targets() {
		want = append(want, assetName(testStamp.Release, tg))
	}
	if !slices.Equal(files, append(slices.Clone(want), sumsFile)) {
		t.Errorf("wrote %q, want %q and %s", files, want, sumsFile)
	}
	if n := strings.Count(log.String(), "wrote "); n != len(files) {
		t.Errorf("told of %d files:\n%s", n, log.String())
	}

	t.Run("checksums", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(out, sumsFile))
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, name := range slices.Sorted(slices.Values(want)) {
			data, _ := os.ReadFile(filepath.Join(out, name))
			h := sha256.Sum256(data)
			lines = append(lines, hex.EncodeToString(h[:])+"  "+name)
		}
		if got := strings.TrimSuffix(string(b), "\n"); got != strings.Join(lines, "\n") {
			t.Errorf("%s:\n%s\nwant, sorted by name:\n%s", sumsFile, got, strings.Join(lines, "\n"))
		}
	})

	// build checked what Go recorded (verify); here, the stamp itself is in
	// every binary, and what "go version -m" shows of one.
	t.Run("stamp and build settings", func(t *testing.T) {
		for _, tg := range targets() {
			p := filepath.Join(out, assetName(testStamp.Release, tg))
			data, _ := os.ReadFile(p)
			for _, v := range []string{testStamp.Release, testStamp.Commit, testStamp.Date} {
				if !bytes.Contains(data, []byte(v)) {
					t.Errorf("%s/%s: the binary does not hold %q", tg.OS, tg.Arch, v)
				}
			}
			bi, err := buildinfo.ReadFile(p)
			if err != nil {
				t.Errorf("%s/%s: %v", tg.OS, tg.Arch, err)
				continue
			}
			if bi.Path != version.Module+"/generator" {
				t.Errorf("%s/%s: the main package is %s", tg.OS, tg.Arch, bi.Path)
			}
		}
		// verify refuses a binary whose record disagrees with the stamp.
		wrong := testStamp
		wrong.Commit = "0123456789abcdef0123456789abcdef01234567"
		first := filepath.Join(out, assetName(testStamp.Release, targets()[0]))
		if err := verify(first, testStamp, targets()[1]); err == nil {
			t.Errorf("verify took the binary for %v as one for %v", targets()[0], targets()[1])
		}
		if err := verify(first, wrong, targets()[0]); err == nil && hasVCS(t, first) {
			t.Error("verify took a binary of another commit")
		}
	})

	host := target{runtime.GOOS, runtime.GOARCH}
	if !slices.Contains(targets(), host) {
		return
	}
	bin := filepath.Join(out, assetName(testStamp.Release, host))

	t.Run("version prints the stamp", func(t *testing.T) {
		got, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatal(err)
		}
		commit := testStamp.Commit
		if testStamp.Modified {
			commit += " (with uncommitted changes)"
		}
		want := fmt.Sprintf("verbatim %s\ncommit   %s\ndate     %s\ngo       %s %s/%s\n",
			testStamp.Release, commit, testStamp.Date, runtime.Version(), host.OS, host.Arch)
		if string(got) != want {
			t.Errorf("version printed\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("reproducible", func(t *testing.T) {
		again := filepath.Join(t.TempDir(), "elsewhere", "bin")
		if err := buildOne(context.Background(), repoRoot(t), again, testStamp, host); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(bin)
		b, _ := os.ReadFile(again)
		if !bytes.Equal(a, b) {
			t.Error("the same commit built twice gave different bytes")
		}
	})

	t.Run("installed by a new site's script", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("the install script runs under bash")
		}
		// GitHub serves /releases/download/<version>/<file>.
		srv := httptest.NewServer(http.StripPrefix("/download/"+testStamp.Release+"/", http.FileServer(http.Dir(out))))
		defer srv.Close()
		script := filepath.Join(t.TempDir(), "install-verbatim.sh")
		if err := os.WriteFile(script, scaffold.InstallScript(), 0o644); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "bin")
		cmd := exec.Command("bash", script, testStamp.Release, dir)
		cmd.Env = append(os.Environ(), "VERBATIM_RELEASES_URL="+srv.URL+"/download", "GITHUB_PATH=")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		a, _ := os.ReadFile(bin)
		b, _ := os.ReadFile(filepath.Join(dir, "generator"))
		if !bytes.Equal(a, b) {
			t.Error("the installed generator is not the release's binary")
		}
	})
}

// hasVCS tells whether Go recorded the commit in the binary at p (not in a
// git worktree, whose .git is a file Go does not look for).
func hasVCS(t *testing.T, p string) bool {
	t.Helper()
	bi, err := buildinfo.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			return true
		}
	}
	return false
}

// readSources reads every file the build reads. go test caches a passing
// result until a file the test itself opened changes, and the build runs
// in another process: without this, a change elsewhere in the generator
// that breaks a platform would find this test's old pass in the cache.
func readSources(t *testing.T) {
	t.Helper()
	root := repoRoot(t)
	for _, f := range []string{"go.mod", "go.sum"} {
		if _, err := os.ReadFile(filepath.Join(root, f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"generator", "themes"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			_, err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// gitIn runs git in dir for a test, with a fixed author and dates.
func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.org", "GIT_AUTHOR_DATE=2025-03-04T06:06:07+01:00", "GIT_COMMITTER_DATE=2025-03-04T06:06:07+01:00")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %q: %v\n%s", args, err, b)
	}
}

// The stamp comes from the commit (its time in UTC, not the build's), the
// tag at HEAD or the version asked for, and the state of the tree.
func TestStampOf(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q")
	os.WriteFile(filepath.Join(dir, "a"), []byte("a"), 0o644)
	gitIn(t, dir, "add", "a")
	gitIn(t, dir, "commit", "-q", "-m", "a")
	ctx := context.Background()
	check := func(name, release string, want version.Stamp) {
		t.Helper()
		got, err := stampOf(ctx, dir, release)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Commit) != 40 {
			t.Errorf("%s: commit %q", name, got.Commit)
		}
		want.Commit = got.Commit
		if got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
	const date = "2025-03-04T05:06:07Z"
	check("untagged", "", version.Stamp{Release: version.Devel, Date: date})
	gitIn(t, dir, "tag", "v1.2.3")
	check("tagged", "", version.Stamp{Release: "v1.2.3", Date: date})
	if _, err := stampOf(ctx, dir, "v2.0.0"); err == nil || !strings.Contains(err.Error(), "HEAD is not tagged v2.0.0") {
		t.Errorf("a version HEAD is not tagged with: %v", err)
	}
	gitIn(t, dir, "tag", "v2.0.0")
	check("asked for", "v2.0.0", version.Stamp{Release: "v2.0.0", Date: date})
	check("devel asked for", version.Devel, version.Stamp{Release: version.Devel, Date: date})
	os.WriteFile(filepath.Join(dir, "b"), []byte("b"), 0o644)
	check("modified", "", version.Stamp{Release: "v1.2.3", Date: date, Modified: true})

	if _, err := stampOf(ctx, t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "git rev-parse HEAD") {
		t.Errorf("outside a clone: %v", err)
	}
}

func TestReleasable(t *testing.T) {
	for _, tc := range []struct {
		stamp   version.Stamp
		wantErr string
	}{
		{version.Stamp{Release: version.Latest}, ""},
		{version.Stamp{Release: version.Devel, Modified: true}, ""},
		{version.Stamp{Release: "1.2.3"}, "not a release version"},
		{version.Stamp{Release: "v1.2"}, "not a release version"},
		{version.Stamp{Release: "v99.0.0"}, "set Latest in generator/version/version.go to v99.0.0"},
		{version.Stamp{Release: version.Latest, Modified: true}, "uncommitted changes"},
	} {
		err := releasable(tc.stamp)
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%+v: %v, want %q", tc.stamp, err, tc.wantErr)
		}
	}
}

// The output folder is made anew; one that holds other files is refused.
func TestClean(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "out")
	os.MkdirAll(old, 0o755)
	os.WriteFile(filepath.Join(old, "verbatim-v0.0.1-linux-amd64"), nil, 0o644)
	os.WriteFile(filepath.Join(old, sumsFile), nil, 0o644)
	if err := clean(old); err != nil {
		t.Fatal(err)
	}
	if e, _ := os.ReadDir(old); len(e) != 0 {
		t.Errorf("left %v", e)
	}
	if err := clean(filepath.Join(dir, "new")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644)
	if err := clean(dir); err == nil || !strings.Contains(err.Error(), "which no release build wrote") {
		t.Errorf("a folder of other files: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Error("removed a file it did not write")
	}
}

// The release workflow runs on v* tags, tests, builds with this tool at the
// tag, and publishes the folder it wrote.
func TestReleaseWorkflow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), ".github", "workflows", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		On struct {
			Push struct {
				Tags []string `yaml:"tags"`
			} `yaml:"push"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []struct {
				Uses string `yaml:"uses"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.On.Push.Tags, []string{"v*"}) || w.Permissions["contents"] != "write" {
		t.Errorf("on %v, permissions %v", w.On.Push.Tags, w.Permissions)
	}
	var runs []string
	for _, s := range w.Jobs["release"].Steps {
		if s.Run != "" {
			runs = append(runs, s.Run)
		}
	}
	all := strings.Join(runs, "\n")
	// In this order: the build first, so that nothing the tests leave can
	// count as a change to the tree.
	order := []string{
		`go run ./generator/release --version "$GITHUB_REF_NAME" --out .release`,
		"go vet ./...",
		"go test -race ./...",
		`.release/verbatim-"$GITHUB_REF_NAME"-linux-amd64 version`,
		`gh release create "$GITHUB_REF_NAME"`,
	}
	at := 0
	for _, want := range order {
		i := strings.Index(all[at:], want)
		if i < 0 {
			t.Errorf("the workflow does not run %q after %q", want, all[:at])
			continue
		}
		at += i + len(want)
	}
	if !strings.Contains(all, ".release/*") {
		t.Error("the release does not publish the folder the build wrote")
	}
}
