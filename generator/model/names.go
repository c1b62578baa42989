package model

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/verbatim-archive/verbatim/generator/diag"
)

// heardName is a name transcripts give a speaker: in how many, and where
// first, in file order.
type heardName struct {
	count int
	file  string
	line  int
}

// heard records a name and aliases a transcript lists a speaker under, at
// a line of a file.
func (sp *Speaker) heard(name string, aliases []string, file string, line int) {
	if name != "" {
		if sp.names == nil {
			sp.names = map[string]*heardName{}
		}
		h := sp.names[name]
		if h == nil {
			h = &heardName{file: file, line: line}
			sp.names[name] = h
		}
		h.count++
	}
	for _, a := range aliases {
		if !containsString(sp.Aliases, a) {
			sp.Aliases = append(sp.Aliases, a)
		}
	}
}

// nameSpeakers gives each speaker a name. A profile's name wins. Otherwise
// of the names the transcripts give, a written name ("Mira Hale") wins
// over a caption label in capitals ("MIRA HALE"), then the name more
// transcripts give, then the first in sort order: the same name whatever
// order the files are read in. The other names become aliases, so that
// labels written with them still mark turns. A speaker no transcript names
// keeps its id as its name.
func (s *Site) nameSpeakers() {
	shared := sharedAliases(s.SpeakerBy)
	for _, sp := range s.sortedSpeakers() {
		if len(sp.names) == 0 {
			if !sp.named && sp.Name == sp.ID {
				if n := nameFromAliases(sp, shared); n != "" {
					// The id stays a label, as it was while it was the name.
					sp.Name, sp.Aliases = n, append(sp.Aliases, sp.ID)
				}
			}
			continue
		}
		names := make([]string, 0, len(sp.names))
		for n := range sp.names {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			a, b := names[i], names[j]
			if ca, cb := allCaps(a), allCaps(b); ca != cb {
				return cb
			}
			if na, nb := sp.names[a].count, sp.names[b].count; na != nb {
				return na > nb
			}
			return a < b
		})
		if !sp.named {
			sp.Name = names[0]
		}
		for _, n := range names {
			if n != sp.Name && !containsString(sp.Aliases, n) {
				sp.Aliases = append(sp.Aliases, n)
			}
		}
		if len(names) > 1 && !sp.named {
			// Said where the first other name is given, in file order.
			var at *heardName
			for _, n := range names {
				if h := sp.names[n]; n != sp.Name && (at == nil || h.file < at.file) {
					at = h
				}
			}
			s.Warnings = append(s.Warnings, diag.At(at.file, at.line, "speaker %q is listed as %s: shown as %q, the other names taken as aliases (a profile, content/speakers/%s.md, sets the name)",
				sp.ID, quoteAll(names), sp.Name, sp.ID))
		}
	}
}

// nameFromAliases names a speaker that transcripts list by id and labels
// only, as imports from caption files do ({id: mira-hale, aliases: [MIRA
// HALE]}): by the first alias written like a name, else the first alias in
// capitals; "" when every alias is a letter or another speaker's too (a
// "Chair" two people answer to names neither).
func nameFromAliases(sp *Speaker, shared map[string]bool) string {
	usable := func(a string) bool { return len([]rune(a)) > 1 && !shared[a] }
	for _, a := range sp.Aliases {
		if usable(a) && !allCaps(a) {
			return a
		}
	}
	for _, a := range sp.Aliases {
		if usable(a) {
			return a
		}
	}
	return ""
}

// sharedAliases are the aliases more than one speaker answers to.
func sharedAliases(speakers map[string]*Speaker) map[string]bool {
	owners := map[string]int{}
	for _, sp := range speakers {
		for _, a := range sp.Aliases {
			owners[a]++
		}
	}
	shared := map[string]bool{}
	for a, n := range owners {
		if n > 1 {
			shared[a] = true
		}
	}
	return shared
}

// allCaps says whether a name is written in capitals, as caption labels
// and pasted briefings write them ("MS. PSAKI").
func allCaps(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		letters = letters || unicode.IsUpper(r)
	}
	return letters
}

func quoteAll(l []string) string {
	q := make([]string, len(l))
	for i, s := range l {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
