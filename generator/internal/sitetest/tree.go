package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Files reads every file below dir: slash path -> contents.
func Files(t testing.TB, dir string) map[string]string {
	t.Helper()
	return read(t, dir, false)
}

// Tree is Files with every folder below dir as well, as "path/" -> "", so
// that comparing two trees also finds a folder left empty.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	return read(t, dir, true)
}

func read(t testing.TB, dir string, folders bool) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if folders {
				m[rel+"/"] = ""
			}
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return m
}

// Diff says how got differs from want, a line for each path missing,
// extra or different (with the text around the first difference), in path
// order and at most ten lines; "" when they are the same.
func Diff(got, want map[string]string) string {
	var diffs []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case g != w:
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			lo := max(0, i-80)
			diffs = append(diffs, "differs "+p+": got "+strconv.Quote(g[lo:min(len(g), i+80)])+"\n    want "+strconv.Quote(w[lo:min(len(w), i+80)]))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "extra "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 10 {
		diffs = append(diffs[:10], "…and "+strconv.Itoa(len(diffs)-10)+" more")
	}
	return strings.Join(diffs, "\n")
}
