package model

import "testing"

func TestPageTop(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path string
		want bool
	}{
		{"about/", true},
		{"manual/", true},
		{"manual/commands/", false},
		{"a/b/c/", false},
	} {
		if got := (&Page{Path: c.path}).Top(); got != c.want {
			t.Errorf("Page{Path: %q}.Top() = %v, want %v", c.path, got, c.want)
		}
	}
}
