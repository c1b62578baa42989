package model

import (
	"path"
	"slices"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/turnids"
)

// Alias is an earlier address of a transcript, where the build writes a
// page that sends the reader on (to the same turn, with its #tN).
type Alias struct {
	Path string // site-relative: "transcripts/old-slug/", or a file "old/page.html"
	// Recorded says the turn record remembers it (the transcript was
	// renamed and its record followed it), rather than the front matter.
	Recorded bool
}

// File is the file the alias page is written to.
func (a Alias) File() string {
	if strings.HasSuffix(a.Path, ".html") {
		return a.Path
	}
	return a.Path + "index.html"
}

// aliasPath reads an alias as written in front matter, as Hugo reads
// them: from the site's root with a leading "/", else beside the
// transcripts ("old-slug" is /transcripts/old-slug/).
func aliasPath(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "://") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "?#\\ ") {
		return "", false
	}
	if rest, ok := strings.CutPrefix(s, "/"); ok {
		s = rest
	} else {
		s = "transcripts/" + s
	}
	clean := path.Clean("/" + s)[1:]
	if clean == "" || clean != strings.TrimSuffix(s, "/") {
		return "", false // "..", "." or doubled slashes
	}
	if strings.HasSuffix(clean, ".html") {
		return clean, true
	}
	return clean + "/", true
}

// readAliases reads the aliases key of a transcript's front matter.
func readAliases(f *load.File, errs *diag.List) []Alias {
	var out []Alias
	for _, s := range strList(f, "aliases", f.Front.Values["aliases"], errs) {
		p, ok := aliasPath(s)
		if !ok {
			*errs = append(*errs, diag.At(f.Name, f.Front.Line("aliases"), "aliases: %q is not a path of this site (\"/transcripts/old-slug/\", or \"old-slug\" beside the transcripts)", s))
			continue
		}
		out = append(out, Alias{Path: p})
	}
	return out
}

// checkAliases refuses an old address that now holds a page of the site
// (another transcript took the slug, say) or that two transcripts claim:
// it could lead to one of them only. An address a turn record remembers
// gives way, with a warning: its record forgets it.
func (s *Site) checkAliases() diag.List {
	var errs diag.List
	taken := map[string]string{} // path -> what is there, for messages
	for _, t := range s.Transcripts {
		taken[t.Path] = t.File
	}
	for _, sp := range s.SpeakerBy {
		taken[sp.Path] = "the page of speaker " + sp.ID
	}
	for _, tp := range s.TopicBy {
		taken[tp.Path] = "the page of topic " + tp.ID
	}
	for _, p := range s.Pages {
		taken[p.Path] = p.Body.File
	}
	claimed := map[string]*Transcript{}
	s.oldSlugs = map[string]*Transcript{}
	for _, t := range s.Transcripts {
		kept := t.Aliases[:0:0]
		for _, a := range t.Aliases {
			what, busy := taken[a.Path]
			if !busy && (builtIn(a.Path) || a.Path == "index.html" || s.dataAt(a.Path)) {
				what, busy = "a page the generator builds itself", true
			}
			if other, dup := claimed[a.Path]; dup && !busy {
				what, busy = "an alias of "+other.File+" too", true
			}
			switch {
			case busy && a.Recorded:
				s.Warnings = append(s.Warnings, diag.At(t.Addresses.File, 0, "the old address /%s is now %s: the record forgets it, and it no longer leads to %s", a.Path, what, t.File))
				t.Addresses.Record.Aliases = without(t.Addresses.Record.Aliases, recordedSlug(a))
				t.Addresses.Changed = true
			case busy:
				errs = append(errs, diag.At(t.File, t.aliasLine, "aliases: /%s is %s: an old address can lead to one page only; remove the alias", a.Path, what))
			default:
				claimed[a.Path] = t
				kept = append(kept, a)
				if slug, ok := strings.CutPrefix(a.Path, "transcripts/"); ok {
					s.oldSlugs[strings.TrimSuffix(slug, "/")] = t
				}
			}
		}
		t.Aliases = kept
	}
	return errs
}

// builtIn says whether a path is one of the pages the generator writes
// besides those of transcripts, speakers, topics and free pages.
func builtIn(p string) bool {
	switch p {
	case "transcripts/", "speakers/", "topics/":
		return true
	}
	first, rest, _ := strings.Cut(p, "/")
	switch first {
	case "transcripts", "speakers", "topics":
		return strings.HasPrefix(rest, "page/") || strings.Contains(rest, "/page/")
	}
	return reserved(p)
}

// recordedSlug is the slug a recorded alias was made from.
func recordedSlug(a Alias) string {
	return strings.TrimSuffix(strings.TrimPrefix(a.Path, "transcripts/"), "/")
}

func without(l []string, s string) []string {
	var out []string
	for _, x := range l {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// orphanRecords lists, sorted, the slugs of turn records no transcript of
// this build has: a transcript deleted, a draft left out, or one renamed.
func (s *Site) orphanRecords() []string {
	var out []string
	for slug := range s.records {
		if _, ok := s.BySlug[slug]; !ok {
			out = append(out, slug)
		}
	}
	slices.Sort(out)
	return out
}

// adoptRecords gives a transcript without a turn record the record of a
// transcript no longer there whose turns it continues: the transcript was
// renamed (a new slug, or a new path where slugs come from paths). It
// keeps its turn numbers, and its old address leads to it. Transcripts
// and records are taken in the order of their slugs, each record once,
// so the outcome does not depend on the order files were read in.
func (s *Site) adoptRecords(orphans []string) {
	if len(orphans) == 0 {
		return
	}
	var waiting []*Transcript
	for _, t := range s.Transcripts {
		if t.words != nil {
			waiting = append(waiting, t)
		}
	}
	slices.SortFunc(waiting, func(a, b *Transcript) int { return strings.Compare(a.Slug, b.Slug) })
	taken := map[string]bool{}
	for _, t := range waiting {
		best, bestN, bestMatched := "", turnids.Numbered{}, 0
		for _, slug := range orphans {
			if taken[slug] {
				continue
			}
			rec, err := turnids.Parse(s.records[slug].Data)
			if err != nil {
				continue // reported when a transcript has it again
			}
			n := turnids.Number(&rec, t.words)
			if m := n.Continued(&rec); m > bestMatched && 10*m >= 6*max(len(t.words), rec.Live()) {
				best, bestN, bestMatched = slug, n, m
			}
		}
		t.words = nil
		if best == "" {
			continue
		}
		taken[best] = true
		bestN.Record.Aliases = append(slices.Clip(bestN.Record.Aliases), best)
		t.number(nil, bestN)
		t.Addresses.Adopted = best
		for i := range t.Turns {
			t.Turns[i].N = bestN.Numbers[t.Turns[i].at]
		}
	}
}
