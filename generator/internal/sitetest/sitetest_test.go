package sitetest

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTreeAndDiff(t *testing.T) {
	t.Parallel()
	dir := Site(t, map[string]string{"a.txt": "one", "b/c.txt": "two", "b/d/e.txt": ""})
	if got, want := Files(t, dir), map[string]string{"a.txt": "one", "b/c.txt": "two", "b/d/e.txt": ""}; Diff(got, want) != "" {
		t.Errorf("Files: %s", Diff(got, want))
	}
	tree := Tree(t, dir)
	if _, ok := tree["b/d/"]; !ok || len(tree) != 5 {
		t.Errorf("Tree = %q: want the three files and the folders b/ and b/d/", tree)
	}
	for _, tc := range []struct {
		name      string
		got, want map[string]string
		says      []string
	}{
		{"same", map[string]string{"a": "x"}, map[string]string{"a": "x"}, nil},
		{"missing", map[string]string{}, map[string]string{"a": "x"}, []string{"missing a"}},
		{"extra", map[string]string{"a": "x", "d/": ""}, map[string]string{"a": "x"}, []string{"extra d/"}},
		{"differs", map[string]string{"a": "the cat sat"}, map[string]string{"a": "the dog sat"}, []string{"differs a", `"the cat sat"`, `"the dog sat"`}},
	} {
		d := Diff(tc.got, tc.want)
		if (d == "") != (tc.says == nil) {
			t.Errorf("%s: Diff = %q", tc.name, d)
		}
		for _, s := range tc.says {
			if !strings.Contains(d, s) {
				t.Errorf("%s: Diff = %q, want it to say %q", tc.name, d, s)
			}
		}
	}
}

func TestUntil(t *testing.T) {
	t.Parallel()
	n := 0
	if !Until(context.Background(), time.Millisecond, func() bool { n++; return n == 3 }) || n != 3 {
		t.Errorf("Until returned after %d checks, want 3", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if Until(ctx, time.Millisecond, func() bool { return false }) {
		t.Error("Until held a condition that never holds")
	}
}

func TestMemWriterRefusesASecondWrite(t *testing.T) {
	t.Parallel()
	var w MemWriter
	if err := w.Write("a", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a", []byte("y")); err == nil {
		t.Error("a file written twice was taken")
	}
	if got := string(w.Files()["a"]); got != "x" {
		t.Errorf("a holds %q", got)
	}
}
