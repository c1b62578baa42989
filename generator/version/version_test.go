package version

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
)

const goV = "go1.26.8 linux/amd64"

func settings(kv ...string) []debug.BuildSetting {
	var s []debug.BuildSetting
	for i := 0; i < len(kv); i += 2 {
		s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
	}
	return s
}

func buildInfo(mainVersion string, kv ...string) *debug.BuildInfo {
	return &debug.BuildInfo{Main: debug.Module{Path: Module, Version: mainVersion}, Settings: settings(kv...)}
}

func TestFromBuild(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	const rev = "0123456789abcdef0123456789abcdef01234567"
	cases := []struct {
		name  string
		stamp Stamp
		bi    *debug.BuildInfo
		want  Info
	}{
		{"release binary", Stamp{Release: "v0.4.0", Commit: rev, Date: "2025-03-04T05:06:07Z"},
			// The stamp wins over anything Go recorded.
			buildInfo("(devel)", "vcs.revision", "ffff"),
			Info{Release: "v0.4.0", Commit: rev, Time: at}},
		{"release binary of a modified tree", Stamp{Release: Devel, Commit: rev, Date: "2025-03-04T05:06:07Z", Modified: true}, nil,
			Info{Release: Devel, Commit: rev, Time: at, Modified: true}},
		{"go install at a tag", Stamp{}, buildInfo("v0.4.0"),
			Info{Release: "v0.4.0"}},
		{"go install at a commit", Stamp{}, buildInfo("v0.4.1-0.20250304050607-0123456789ab"),
			Info{Release: Devel, Commit: "0123456789ab", Time: at}},
		{"clone between tags", Stamp{}, buildInfo("v0.4.1-0.20250304050607-0123456789ab", "vcs.revision", rev, "vcs.time", "2025-03-04T05:06:07Z", "vcs.modified", "false"),
			Info{Release: Devel, Commit: rev, Time: at}},
		{"clone at a tag", Stamp{}, buildInfo("v0.4.0", "vcs.revision", rev, "vcs.time", "2025-03-04T05:06:07Z", "vcs.modified", "false"),
			Info{Release: "v0.4.0", Commit: rev, Time: at}},
		{"clone at a tag, modified", Stamp{}, buildInfo("v0.4.0+dirty", "vcs.revision", rev, "vcs.time", "2025-03-04T05:06:07Z", "vcs.modified", "true"),
			Info{Release: Devel, Commit: rev, Time: at, Modified: true}},
		{"clone before Go recorded versions", Stamp{}, buildInfo("(devel)", "vcs.revision", rev, "vcs.time", "2025-03-04T05:06:07Z"),
			Info{Release: Devel, Commit: rev, Time: at}},
		{"clone built with -buildvcs=false", Stamp{}, buildInfo("(devel)"), Info{Release: Devel}},
		{"no build information", Stamp{}, nil, Info{Release: Devel}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.want.Go = goV
			if got := fromBuild(tc.stamp, tc.bi, goV); got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestString(t *testing.T) {
	cases := []struct {
		info Info
		want string
	}{
		{Info{Release: "v0.4.0", Commit: "abc", Time: time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("", 3600)), Go: goV},
			"verbatim v0.4.0\ncommit   abc\ndate     2025-03-04T04:06:07Z\ngo       " + goV + "\n"},
		{Info{Release: Devel, Commit: "abc", Modified: true, Go: goV},
			"verbatim devel\ncommit   abc (with uncommitted changes)\ndate     unknown\ngo       " + goV + "\n"},
		{Info{Release: Devel, Go: goV},
			"verbatim devel\ncommit   unknown (not recorded in this binary)\ndate     unknown\ngo       " + goV + "\n"},
	}
	for _, tc := range cases {
		if got := tc.info.String(); got != tc.want {
			t.Errorf("%+v:\n%s\nwant\n%s", tc.info, got, tc.want)
		}
	}
}

func TestPin(t *testing.T) {
	for _, tc := range []struct {
		release, want string
		fromLatest    bool
	}{
		{"v0.4.0", "v0.4.0", false},
		{"v1.0.0-rc.1", "v1.0.0-rc.1", false},
		{Devel, Latest, true},
	} {
		if v, l := (Info{Release: tc.release}).Pin(); v != tc.want || l != tc.fromLatest {
			t.Errorf("Pin of %s = %s, %v; want %s, %v", tc.release, v, l, tc.want, tc.fromLatest)
		}
	}
}

func TestIsRelease(t *testing.T) {
	for v, want := range map[string]bool{
		"v0.4.0": true, "v1.0.0-rc.1": true, Latest: true,
		"v0.4": false, "0.4.0": false, "v0.4.0+dirty": false, Devel: false, "": false,
		"v0.4.1-0.20250304050607-0123456789ab": false,
	} {
		if IsRelease(v) != want {
			t.Errorf("IsRelease(%q) = %v", v, !want)
		}
	}
}

// Module is the one go.mod declares, and Latest a release.
func TestModuleIsGoMods(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if got := modfile.ModulePath(b); got != Module {
		t.Errorf("go.mod declares %q; version.Module is %q", got, Module)
	}
	if !IsRelease(Latest) {
		t.Errorf("Latest %q is not a release version", Latest)
	}
}

// The stamp's flags set the variables Get reads: the names in LDFlags are
// this package's own.
func TestLDFlagsNameThisPackage(t *testing.T) {
	f := Stamp{Release: "v1.2.3", Commit: "abc", Date: "2025-03-04T05:06:07Z", Modified: true}.LDFlags()
	got := strings.Join(f, " ")
	pkg := Module + "/generator/version."
	for _, want := range []string{"-X " + pkg + "release=v1.2.3", "-X " + pkg + "commit=abc", "-X " + pkg + "date=2025-03-04T05:06:07Z", "-X " + pkg + "modified=true"} {
		if !strings.Contains(got, want) {
			t.Errorf("LDFlags %q lack %q", got, want)
		}
	}
}
