package model_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// Every turn goes to the speaker whose name or alias labels it, from the
// transcript's list or a profile; a label that is no listed speaker's, or
// that two of them answer to, starts no turn; and the counts of turns and
// words add up for each appearance and the transcript.
func TestTurnAttribution(t *testing.T) {
	t.Parallel()
	type turn struct{ speaker, time string }
	vance := map[string]string{"speakers/vance.md": "---\nname: Eleanor Vance\naliases: [THE CHAIR]\nrole: Chair\n---\nChairs the committee.\n"}
	for _, tc := range []struct {
		name     string
		profiles map[string]string
		speakers string // the transcript's list, as YAML
		body     string
		want     []turn
		warning  string // in the site's warnings
	}{
		{"bold labels of listed names", nil, "[Ann Lee, Bo]",
			"**Ann Lee:** One.\n\n**Bo**: Two.\n",
			[]turn{{"ann-lee", ""}, {"bo", ""}}, ""},
		{"plain labels, by name and by id", nil, "[Ann Lee, bo]",
			"Ann Lee: One.\n\nbo: Two.\n",
			[]turn{{"ann-lee", ""}, {"bo", ""}}, ""},
		{"a label spelt otherwise: case, punctuation, spacing, accents", nil, "[{id: kirby, name: MR. KIRBY}, René Pickhardt]",
			"Mr. Kirby: One.\n\nrene pickhardt: Two.\n\nMR KIRBY: Three.\n",
			[]turn{{"kirby", ""}, {"rene-pickhardt", ""}, {"kirby", ""}}, ""},
		{"a speaker named by the import's label keeps its id as a label", nil, "[{id: mira-hale, aliases: [MIRA HALE]}]",
			"MIRA HALE: One.\n\nmira-hale: Two.\n",
			[]turn{{"mira-hale", ""}, {"mira-hale", ""}}, ""},
		{"the name and alias of a profile", vance, "[vance]",
			"Eleanor Vance: We begin.\n\nTHE CHAIR: And go on.\n",
			[]turn{{"vance", ""}, {"vance", ""}}, ""},
		{"an alias given in the transcript's list", nil, "[{id: q, name: Question, aliases: [Q]}, ann]",
			"Q:\u00a0Why?\n\nann: Because.\n\nQuestion: Still?\n",
			[]turn{{"q", ""}, {"ann", ""}, {"q", ""}}, ""},
		{"timestamps", nil, "[ann]",
			"[00:01:05] ann: One.\n\n[12:30] **ann:** Two.\n\nann: Three.\n",
			[]turn{{"ann", "00:01:05"}, {"ann", "00:12:30"}, {"ann", ""}}, ""},
		{"a label alone, its words in the next paragraphs", vance, "[vance, ann]",
			"THE CHAIR:\n\nThe words.\n\nMore of them.\n\nann: Mine.\n",
			[]turn{{"vance", ""}, {"ann", ""}}, ""},
		{"no turn from a preamble, a heading or a label of no listed speaker", nil, "[ann]",
			"Opening words.\n\nann: One.\n\nNote: not a label.\n\nbob: not listed.\n\n## Afterwards\n\nNot a turn.\n",
			[]turn{{"ann", ""}}, ""},
		{"a label two listed speakers answer to", nil, "[{id: ann, aliases: [Chair]}, {id: bo, aliases: [Chair]}]",
			"Chair: Whose?\n\nann: Mine.\n\nbo: Yours.\n",
			[]turn{{"ann", ""}, {"bo", ""}}, `:6: "Chair:" is a label of "ann" and "bo", so it starts no turn and its words would go to the speaker before it`},
		{"a label two listed speakers answer to, never used: nothing to say", nil, "[{id: ann, aliases: [Chair]}, {id: bo, aliases: [Chair]}]",
			"ann: Mine.\n\nbo: Yours.\n",
			[]turn{{"ann", ""}, {"bo", ""}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"transcripts/a.md": transcript("title: A\ndate: 2022-05-04\nspeakers: "+tc.speakers, tc.body)}
			for p, s := range tc.profiles {
				files[p] = s
			}
			site := build(t, files)
			tr := site.BySlug["a"]
			var got []turn
			for i, tu := range tr.Turns {
				if tu.N != i+1 {
					t.Errorf("turn %d is numbered %d", i+1, tu.N)
				}
				got = append(got, turn{tu.Speaker.ID, tu.Time})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("turns %v, want %v", got, tc.want)
			}
			checkCounts(t, tr)
			warnings := site.Warnings.Error() + site.Misattributions.Error()
			if tc.warning == "" && warnings != "" {
				t.Errorf("warnings: %s", warnings)
			}
			if !strings.Contains(warnings, tc.warning) {
				t.Errorf("warnings %q do not say %q", warnings, tc.warning)
			}
		})
	}
}

// checkCounts holds each appearance's turns and words, and the
// transcript's words, to its turns.
func checkCounts(t *testing.T, tr *model.Transcript) {
	t.Helper()
	turns, words := map[*model.Speaker]int{}, map[*model.Speaker]int{}
	total := 0
	for _, tu := range tr.Turns {
		if tu.Words == 0 {
			t.Errorf("turn %d counts no words", tu.N)
		}
		turns[tu.Speaker]++
		words[tu.Speaker] += tu.Words
		total += tu.Words
	}
	for _, a := range tr.Speakers {
		if a.Turns != turns[a.Speaker] || a.Words != words[a.Speaker] {
			t.Errorf("%s: %d turns, %d words; the turns give %d, %d", a.Speaker.ID, a.Turns, a.Words, turns[a.Speaker], words[a.Speaker])
		}
	}
	if tr.Words != total {
		t.Errorf("the transcript counts %d words; its turns %d", tr.Words, total)
	}
}

// A speaker's figures are summed over the archive. Their name is the
// profile's, else the first any transcript gives; another name a
// transcript gives them is an alias, and labels their turns.
func TestSpeakersAcrossTranscripts(t *testing.T) {
	t.Parallel()
	site := build(t, map[string]string{
		"speakers/vance.md": "---\nname: Eleanor Vance\nrole: Chair\n---\n",
		"transcripts/a.md":  transcript("title: A\ndate: 2020-01-01\nspeakers: [vance, ann, {id: bo, role: Clerk}]", "Eleanor Vance: One two.\n\nann: Three.\n\nEleanor Vance: Four.\n"),
		"transcripts/b.md":  transcript("title: B\ndate: 2021-01-01\nspeakers: [{id: vance, name: Madam Chair}, ann, Bo Berg, {id: cy}]", "Madam Chair: Five six seven.\n\nann: Eight.\n"),
		"transcripts/c.md":  transcript("title: C\ndate: 2022-01-01\nspeakers: [{id: cy, name: Cy Twain}]", "Cy Twain: Nine.\n"),
	})
	for _, c := range []struct {
		id, name, role, aliases string
		turns, words            int
		transcripts             []string
	}{
		{"vance", "Eleanor Vance", "Chair", "Madam Chair", 3, 6, []string{"b", "a"}},
		{"ann", "ann", "", "", 2, 2, []string{"b", "a"}},
		{"bo", "bo", "Clerk", "", 0, 0, []string{"a"}},
		{"bo-berg", "Bo Berg", "", "", 0, 0, []string{"b"}},
		{"cy", "Cy Twain", "", "", 1, 1, []string{"c", "b"}},
	} {
		sp := site.SpeakerBy[c.id]
		if sp == nil {
			t.Errorf("no speaker %s", c.id)
			continue
		}
		if sp.Name != c.name || sp.Role != c.role || strings.Join(sp.Aliases, ",") != c.aliases {
			t.Errorf("%s: name %q, role %q, aliases %q; want %q, %q, %q", c.id, sp.Name, sp.Role, sp.Aliases, c.name, c.role, c.aliases)
		}
		if sp.Turns != c.turns || sp.Words != c.words || !slices.Equal(slugs(sp.Transcripts), c.transcripts) {
			t.Errorf("%s: %d turns, %d words in %v; want %d, %d in %v", c.id, sp.Turns, sp.Words, slugs(sp.Transcripts), c.turns, c.words, c.transcripts)
		}
	}
	for _, tr := range site.Transcripts {
		checkCounts(t, tr)
		for _, a := range tr.Speakers {
			if want := map[string]string{"vance": "Chair", "bo": "Clerk"}[a.Speaker.ID]; a.Role != want {
				t.Errorf("%s: %s's role is %q, want %q", tr.Slug, a.Speaker.ID, a.Role, want)
			}
		}
	}
}
