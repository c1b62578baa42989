package check

import (
	"sort"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
)

// knownKeys are the front matter keys the generator reads in a section.
// Any other key is kept for templates as a parameter, so an unknown key is
// no mistake in itself: only one a typo away from a known key is reported.
func knownKeys(sec load.Section) []string {
	switch sec {
	case load.Transcripts:
		return []string{"title", "date", "speakers", "topics", "location", "source", "media", "language", "summary", "slug", "draft"}
	case load.Speakers:
		return []string{"name", "role", "aliases"}
	case load.Topics:
		return []string{"title", "name"}
	case load.Pages:
		return []string{"title", "draft"}
	}
	return nil
}

// frontMatter reports front matter keys that look like misspelt known keys:
// "speakrs" leaves a transcript with no speakers, "tittle" with no title.
func (c *checker) frontMatter() {
	for _, sec := range []load.Section{load.Transcripts, load.Speakers, load.Topics, load.Pages} {
		known := knownKeys(sec)
		for _, f := range c.src.Files[sec] {
			if d, _ := f.Front.Values["draft"].(bool); d && !c.opt.Drafts {
				continue
			}
			keys := make([]string, 0, len(f.Front.Values))
			for k := range f.Front.Values {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if want := typoOf(k, known); want != "" {
					c.add(Finding{File: f.Name, Line: f.Front.Line(k), Severity: Warning,
						Message: "unknown front matter key \"" + k + "\": did you mean \"" + want + "\"? (a key the generator does not read is passed to templates as a parameter)"})
				}
			}
		}
	}
}

// typoOf returns the known key k is probably a misspelling of, or "". Case
// alone counts ("Title"); otherwise one edit on short keys and two on long
// ones, since "time" or "name" are too close to "title" or "date" by two
// edits to be anything but parameters of their own.
func typoOf(k string, known []string) string {
	lk := strings.ToLower(k)
	best, bestD := "", -1
	for _, want := range known {
		if k == want {
			return ""
		}
		d := markdown.EditDistance(lk, want)
		limit := 1
		if len(want) > 5 {
			limit = 2
		}
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = want, d
		}
	}
	return best
}
