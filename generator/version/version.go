// Package version tells which release of the generator is running and
// which release a new site's workflow pins. It knows three ways a binary is
// made: by the release build, which stamps the release, commit and date
// into it with -ldflags -X; by "go install …@vX", whose module version Go
// records in the binary's build information; and from a clone, where Go
// records the commit (vcs.revision) and the binary is "devel".
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// Module is the path the generator's module is published under, as go.mod
// declares it (a test keeps the two equal). Its package is Module +
// "/generator", and its releases are at "https://" + Module + "/releases".
const Module = "github.com/verbatim-archive/verbatim"

// Latest is the newest release this source knows of: what a development
// build pins in a new site's workflow, since a development build is no
// release a workflow could fetch. The release build refuses to build a
// version other than Latest, so it is set, and committed, before each tag.
const Latest = "v0.1.0"

// Devel is the release of a binary that is not a release: built from a
// clone, or installed at a commit.
const Devel = "devel"

// Set by the release build with -ldflags "-X <package>.release=v1.2.3 …";
// empty in every other build. These are variables only because -X can set
// nothing else: nothing assigns them at run time.
var (
	release  string
	commit   string
	date     string // RFC 3339
	modified string // "true" when built from a tree with uncommitted changes
)

// Info is what "generator version" prints.
type Info struct {
	Release  string    // "v0.4.0", or Devel
	Commit   string    // the commit's hash, maybe a prefix; "" when not known
	Time     time.Time // the commit's time; zero when not known
	Modified bool      // built from a tree with uncommitted changes
	Go       string    // "go1.26.8 linux/amd64"
}

// Get reads the running binary's version: the release build's stamp when
// there is one, else Go's build information.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuild(Stamp{Release: release, Commit: commit, Date: date, Modified: modified == "true"}, bi,
		runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
}

// Stamp is what the release build sets with -ldflags -X.
type Stamp struct {
	Release, Commit, Date string
	Modified              bool
}

// LDFlags are the linker flags that stamp s into a binary.
func (s Stamp) LDFlags() []string {
	pkg := Module + "/generator/version"
	return []string{
		"-X", pkg + ".release=" + s.Release,
		"-X", pkg + ".commit=" + s.Commit,
		"-X", pkg + ".date=" + s.Date,
		"-X", pkg + ".modified=" + strconv.FormatBool(s.Modified),
	}
}

// fromBuild works out a binary's Info from its stamp and its build
// information (nil when the binary has none).
func fromBuild(s Stamp, bi *debug.BuildInfo, goVersion string) Info {
	info := Info{Release: Devel, Go: goVersion}
	if s.Release != "" {
		info.Release, info.Commit, info.Modified = s.Release, s.Commit, s.Modified
		info.Time, _ = time.Parse(time.RFC3339, s.Date)
		return info
	}
	if bi == nil {
		return info
	}
	// A build from a clone records the commit; Go 1.24 and later also
	// record a module version made from the clone's tags.
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			info.Commit = kv.Value
		case "vcs.time":
			info.Time, _ = time.Parse(time.RFC3339, kv.Value)
		case "vcs.modified":
			info.Modified = kv.Value == "true"
		}
	}
	v := bi.Main.Version
	if b := semver.Build(v); b != "" {
		// "+dirty": built from a clone with uncommitted changes, so it is
		// not the release, whatever tag the commit has.
		info.Modified = info.Modified || b == "+dirty"
		return info
	}
	switch {
	case !semver.IsValid(v):
		// "(devel)", or "": a clone built without version control
		// information, or a test binary.
	case module.IsPseudoVersion(v):
		// "go install …@<commit>", or a clone between tags: the version
		// names the commit and its time.
		if rev, err := module.PseudoVersionRev(v); err == nil && info.Commit == "" {
			info.Commit = rev
		}
		if t, err := module.PseudoVersionTime(v); err == nil && info.Time.IsZero() {
			info.Time = t
		}
	default:
		info.Release = v
	}
	return info
}

// IsRelease tells whether v names a release: a canonical semantic version
// ("v1.2.3", "v1.2.3-rc.1"), not a commit's pseudo-version.
func IsRelease(v string) bool {
	return semver.IsValid(v) && semver.Canonical(v) == v && !module.IsPseudoVersion(v)
}

// Compare orders two releases as semantic versions: -1, 0 or +1.
func Compare(a, b string) int { return semver.Compare(a, b) }

// Pin is the release a workflow written by this binary runs: its own, or
// for a development build Latest; fromLatest says which.
func (i Info) Pin() (v string, fromLatest bool) {
	if i.Release == Devel {
		return Latest, true
	}
	return i.Release, false
}

// String is the text "generator version" prints: the release on the first
// line, as "verbatim v0.4.0", which scripts read; then the commit, its
// date and the Go that built it.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "verbatim %s\n", i.Release)
	c := i.Commit
	switch {
	case c == "":
		c = "unknown (not recorded in this binary)"
	case i.Modified:
		c += " (with uncommitted changes)"
	}
	fmt.Fprintf(&b, "commit   %s\n", c)
	d := "unknown"
	if !i.Time.IsZero() {
		d = i.Time.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(&b, "date     %s\n", d)
	fmt.Fprintf(&b, "go       %s\n", i.Go)
	return b.String()
}
