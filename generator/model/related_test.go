package model_test

import (
	"fmt"
	"slices"
	"testing"
)

// archive writes transcripts named p0 (the newest) to p<n-1>, a day apart,
// each with the speakers and topics extra gives it (YAML lists) or else
// the speaker everyone shares.
func archive(n int, extra map[string][2]string) map[string]string {
	files := map[string]string{}
	for i := range n {
		slug := fmt.Sprintf("p%d", i)
		sp, tp := "[all]", "[]"
		if e, ok := extra[slug]; ok {
			sp, tp = e[0], e[1]
		}
		files["transcripts/"+slug+".md"] = transcript(fmt.Sprintf("title: %s\ndate: 2020-03-%02d\nspeakers: %s\ntopics: %s", slug, 28-i, sp, tp), "all: Words.\n\nsolo: Words.\n")
	}
	return files
}

// Related transcripts are those that share the most speakers and topics,
// each weighed by how rare it is, then the nearest in time; at most five,
// never the transcript itself, none for one that shares nothing.
func TestRelated(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		n     int
		extra map[string][2]string
		want  map[string][]string // by slug
	}{
		{"the nearest in time, when all share the same", 7, nil, map[string][]string{
			"p3": {"p2", "p4", "p1", "p5", "p0"},
			"p0": {"p1", "p2", "p3", "p4", "p5"},
			"p6": {"p5", "p4", "p3", "p2", "p1"},
		}},
		{"a rare speaker and topic outweigh nearness", 7, map[string][2]string{
			"p0": {"[all, rare]", "[harbour]"},
			"p6": {"[all, rare]", "[harbour]"},
		}, map[string][]string{
			"p0": {"p6", "p1", "p2", "p3", "p4"},
			"p6": {"p0", "p5", "p4", "p3", "p2"},
		}},
		{"a rare speaker outweighs a common one", 7, map[string][2]string{
			"p0": {"[all, rare, many]", "[]"},
			"p1": {"[all, many]", "[]"},
			"p2": {"[all, many]", "[]"},
			"p3": {"[all, many]", "[]"},
			"p4": {"[all, many]", "[]"},
			"p5": {"[all, many]", "[]"},
			"p6": {"[all, rare]", "[]"},
		}, map[string][]string{
			"p0": {"p6", "p1", "p2", "p3", "p4"},
		}},
		{"a rare topic outweighs a common one", 7, map[string][2]string{
			"p0": {"[all]", "[harbour, common]"},
			"p1": {"[all]", "[common]"},
			"p2": {"[all]", "[common]"},
			"p3": {"[all]", "[common]"},
			"p4": {"[all]", "[common]"},
			"p5": {"[all]", "[common]"},
			"p6": {"[all]", "[harbour]"},
		}, map[string][]string{
			// p0 shares two of its three with each: with p6 the
			// harbour, which no one else has; with the others the
			// topic nearly all have. p6 comes first, however far.
			"p0": {"p6", "p1", "p2", "p3", "p4"},
		}},
		{"nothing shared, nothing related", 3, map[string][2]string{
			"p1": {"[solo]", "[]"},
		}, map[string][]string{
			"p1": nil,
			"p0": {"p2"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site := build(t, archive(tc.n, tc.extra))
			for slug, want := range tc.want {
				if got := slugs(site.BySlug[slug].Related); !slices.Equal(got, want) {
					t.Errorf("%s: related %v, want %v", slug, got, want)
				}
			}
			for _, tr := range site.Transcripts {
				if len(tr.Related) > 5 || slices.Contains(tr.Related, tr) {
					t.Errorf("%s: related %v", tr.Slug, slugs(tr.Related))
				}
			}
		})
	}
}
