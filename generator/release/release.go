// Command release builds a release of Verbatim's generator: a binary for
// each of Linux, macOS and Windows on amd64 and arm64, and SHA256SUMS, into
// one folder. The release workflow runs it on a v* tag and publishes the
// folder; anyone can run it from a clone, with no other tool than Go and
// git:
//
//	go run ./generator/release                   # the tag at HEAD, or devel
//	go run ./generator/release --version v0.4.0  # refuses unless HEAD is v0.4.0
//
// The build is reproducible: a commit and its tags built with the same Go
// give the same bytes, wherever the clone is and whoever builds it. So it
// is built with -trimpath, without cgo, and with the Go environment
// variables that change the code fixed; the commit's hash and time (not
// the time of the build) are stamped with -ldflags -X, which is what
// "generator version" prints. Go also records the commit itself
// (-buildvcs=true), since -trimpath keeps -ldflags out of the build
// information: that is what "go version -m" shows of a binary for another
// platform, and each binary's record is checked against the stamp.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/version"
)

// target is a system and processor a release has a binary for.
type target struct{ OS, Arch string }

// targets are the platforms of a release.
func targets() []target {
	return []target{
		{"linux", "amd64"}, {"linux", "arm64"},
		{"darwin", "amd64"}, {"darwin", "arm64"},
		{"windows", "amd64"}, {"windows", "arm64"},
	}
}

// sumsFile names the checksums of a release's binaries, in the format
// sha256sum -c reads.
const sumsFile = "SHA256SUMS"

// assetName is the name of a release's binary for t.
func assetName(release string, t target) string {
	name := "verbatim-" + release + "-" + t.OS + "-" + t.Arch
	if t.OS == "windows" {
		name += ".exe"
	}
	return name
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	release := fs.String("version", "", "the release to build, as v0.4.0 (default the tag at HEAD, else devel)")
	out := fs.String("out", ".release", "the `folder` to write the binaries and "+sumsFile+" into, made anew")
	root := fs.String("root", ".", "the clone to build")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	s, err := stampOf(ctx, *root, *release)
	if err != nil {
		return err
	}
	if err := releasable(s); err != nil {
		return err
	}
	start := time.Now()
	files, err := build(ctx, options{Root: *root, Out: *out, Stamp: s, Targets: targets(), Log: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built Verbatim %s (commit %s, %s) for %d platforms in %.0f s\n", s.Release, s.Commit, s.Date, len(files)-1, time.Since(start).Seconds())
	return nil
}

// stampOf reads what a build of the clone at root is stamped with from
// git: the commit at HEAD, its time, whether the tree has changes, and the
// release: the one asked for, which must be a tag of HEAD, else the tag at
// HEAD, else devel.
func stampOf(ctx context.Context, root, release string) (version.Stamp, error) {
	s := version.Stamp{Release: release}
	var err error
	if s.Commit, err = git(ctx, root, "rev-parse", "HEAD"); err != nil {
		return s, err
	}
	date, err := git(ctx, root, "show", "-s", "--format=%cI", "HEAD")
	if err != nil {
		return s, err
	}
	t, err := time.Parse(time.RFC3339, date)
	if err != nil {
		return s, fmt.Errorf("the commit's time %q: %w", date, err)
	}
	s.Date = t.UTC().Format(time.RFC3339)
	status, err := git(ctx, root, "status", "--porcelain")
	if err != nil {
		return s, err
	}
	s.Modified = status != ""
	out, err := git(ctx, root, "tag", "--points-at", "HEAD", "v*")
	if err != nil {
		return s, err
	}
	tags := strings.Fields(out)
	switch {
	case s.Release == "" && len(tags) > 0:
		s.Release = tags[0]
	case s.Release == "":
		s.Release = version.Devel
	case s.Release != version.Devel && !slices.Contains(tags, s.Release):
		return s, fmt.Errorf("HEAD is not tagged %s: tag it first (git tag %s; push the tag to publish the release), or leave out --version for a devel build", s.Release, s.Release)
	}
	return s, nil
}

func git(ctx context.Context, root string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}

// releasable refuses to build a release that could not be published as it
// is: a version that is not a release, one that is not version.Latest (new
// sites' workflows would pin an older one), or a tree with changes (the
// binaries would not be the commit's).
func releasable(s version.Stamp) error {
	if s.Release == version.Devel {
		return nil
	}
	switch {
	case !version.IsRelease(s.Release):
		return fmt.Errorf("%q is not a release version: tag releases as v0.4.0 (semantic versioning), or build devel", s.Release)
	case s.Release != version.Latest:
		return fmt.Errorf("building %s, but version.Latest is %s: set Latest in generator/version/version.go to %s and commit it, then tag that commit", s.Release, version.Latest, s.Release)
	case s.Modified:
		return fmt.Errorf("the tree has uncommitted changes, so the binaries would not be commit %s's: commit or stash them (git status lists them)", s.Commit)
	}
	return nil
}

// options say what to build, from where, into where.
type options struct {
	Root    string // the clone
	Out     string // made anew: it must be missing, empty, or hold a build's files only
	Stamp   version.Stamp
	Targets []target
	Log     io.Writer // told each file written; nil for silence
}

// build writes a binary for each target into o.Out and, last, sumsFile;
// it returns the names of the files written, sumsFile last.
func build(ctx context.Context, o options) ([]string, error) {
	if err := clean(o.Out); err != nil {
		return nil, err
	}
	var names []string
	for _, t := range o.Targets {
		name := assetName(o.Stamp.Release, t)
		if err := buildOne(ctx, o.Root, filepath.Join(o.Out, name), o.Stamp, t); err != nil {
			return nil, err
		}
		o.wrote(name)
		names = append(names, name)
	}
	if err := writeSums(o.Out, names); err != nil {
		return nil, err
	}
	o.wrote(sumsFile)
	return append(names, sumsFile), nil
}

func (o options) wrote(name string) {
	if o.Log != nil {
		fmt.Fprintln(o.Log, "wrote", filepath.Join(o.Out, name))
	}
}

// clean makes out an empty folder, removing what an earlier build wrote
// there, and refusing a folder that holds anything else.
func clean(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(out, 0o755)
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || e.Name() != sumsFile && !strings.HasPrefix(e.Name(), "verbatim-") {
			return fmt.Errorf("%s holds %s, which no release build wrote: give --out a new folder", out, e.Name())
		}
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// buildEnv is the environment of a reproducible build for t: the caller's,
// less what would change the code, plus t.
func buildEnv(t target) []string {
	fixed := map[string]string{
		"GOOS": t.OS, "GOARCH": t.Arch, "CGO_ENABLED": "0",
		// The baseline of each processor, which every machine of it runs.
		"GOAMD64": "v1", "GOARM64": "v8.0",
		// Flags or experiments set for the caller's own work (-race,
		// -buildvcs=false, …) are not the release's.
		"GOFLAGS": "-mod=readonly", "GOEXPERIMENT": "",
	}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !hasKey(fixed, k) {
			env = append(env, kv)
		}
	}
	for k, v := range fixed {
		env = append(env, k+"="+v)
	}
	slices.Sort(env)
	return env
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// buildOne builds the generator for t into path.
func buildOne(ctx context.Context, root, path string, s version.Stamp, t target) error {
	ldflags := append([]string{"-s", "-w"}, s.LDFlags()...)
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=true",
		"-ldflags", strings.Join(ldflags, " "), "-o", abs, "./generator")
	cmd.Dir = root
	cmd.Env = buildEnv(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("build for %s/%s: %w\n%s", t.OS, t.Arch, err, out)
	}
	return verify(abs, s, t)
}

// verify checks what Go recorded in the binary at path against the stamp
// and the target: the platform, and the commit and the state of the tree
// when Go found the clone (it does not in a git worktree). A tree that
// changed while the binaries were built (an output folder in the clone that
// git does not ignore, say) would make binaries that disagree.
func verify(path string, s version.Stamp, t target) error {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	want := map[string]string{"GOOS": t.OS, "GOARCH": t.Arch, "CGO_ENABLED": "0", "-trimpath": "true"}
	for _, kv := range bi.Settings {
		if kv.Key == "vcs.revision" {
			want["vcs.revision"] = s.Commit
			want["vcs.modified"] = strconv.FormatBool(s.Modified)
			want["vcs.time"] = s.Date
		}
	}
	got := map[string]string{}
	for _, kv := range bi.Settings {
		got[kv.Key] = kv.Value
	}
	for k, v := range want {
		if got[k] != v {
			return fmt.Errorf("%s: Go recorded %s=%q, but the build stamped %q (did the tree change during the build? git status says what is not committed)", path, k, got[k], v)
		}
	}
	return nil
}

// writeSums writes sumsFile in dir: the SHA-256 of each named file, sorted
// by name, as sha256sum prints them.
func writeSums(dir string, names []string) error {
	names = slices.Sorted(slices.Values(names))
	var b bytes.Buffer
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		h := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h[:]), name)
	}
	return os.WriteFile(filepath.Join(dir, sumsFile), b.Bytes(), 0o644)
}
