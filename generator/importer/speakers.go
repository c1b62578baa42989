package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// anonymous are labels that name a part in the conversation rather than a
// person. Every question in a press conference is "Question" whoever asks,
// so such a label is one speaker with a role, not one speaker per asker.
var anonymous = map[string]struct{ name, role string }{
	"q":                    {"Question", "questioner"},
	"question":             {"Question", "questioner"},
	"questions":            {"Question", "questioner"},
	"a":                    {"Answer", "respondent"},
	"answer":               {"Answer", "respondent"},
	"reporter":             {"Reporter", "reporter"},
	"journalist":           {"Journalist", "reporter"},
	"audience":             {"Audience", "audience"},
	"audience member":      {"Audience member", "audience"},
	"participant":          {"Participant", "participant"},
	"moderator":            {"Moderator", "moderator"},
	"interviewer":          {"Interviewer", "interviewer"},
	"interpreter":          {"Interpreter", "interpreter"},
	"unknown":              {"Unknown", "unidentified"},
	"unidentified":         {"Unidentified", "unidentified"},
	"unidentified speaker": {"Unidentified speaker", "unidentified"},
	"voice":                {"Voice", "unidentified"},
	"speaker":              {"Speaker", "unidentified"},
}

// unidentified is the role of a speaker the input does not name.
const unidentified = "unidentified"

// unnamedRE matches the labels transcription tools give speakers they
// cannot name: "Speaker 1", "SPEAKER_00", "Unknown Speaker", "Speaker A".
var unnamedRE = regexp.MustCompile(`(?i)^(?:unknown speaker(?:[ _-]?\d{1,3})?|unidentified speaker[ _-]?\d{1,3}|speaker[ _-]?(?:\d{1,3}|[a-z])|unknown[ _-]?\d{1,3})$`)

// notSpeakers look like labels ("Note: ...") but introduce text.
var notSpeakers = map[string]bool{
	"note": true, "notes": true, "nb": true, "n.b": true, "ps": true, "p.s": true, "update": true,
	"updated": true, "source": true, "sources": true, "date": true, "time": true, "place": true,
	"location": true, "venue": true, "subject": true, "re": true, "tags": true, "topics": true,
	"summary": true, "warning": true, "caution": true, "important": true, "tip": true, "example": true,
	"editor's note": true, "editor’s note": true, "translation": true, "transcript": true,
	"read more": true, "related": true, "photo": true, "video": true, "audio": true, "caption": true,
	"copyright": true, "see also": true, "attachments": true, "links": true, "contents": true,
	"music": true, "laughter": true, "laughs": true, "applause": true, "inaudible": true,
	"crosstalk": true, "silence": true, "noise": true, "cheering": true, "sighs": true, "coughs": true,
	"foreign": true, "unintelligible": true, "indistinct": true, "background noise": true,
	"music playing": true, "no audio": true, "intro": true, "outro": true, "sound": true,
	"first": true, "second": true, "third": true, "finally": true, "yes": true, "no": true,
	"so": true, "well": true, "okay": true, "ok": true, "now": true, "and": true, "but": true,
	"the": true, "this": true, "that": true, "here": true, "there": true, "why": true, "how": true,
	"what": true, "when": true, "where": true, "who": true, "remember": true, "answer is": true,
}

// particles may stand lowercase inside a name: "Ursula von der Leyen".
var particles = map[string]bool{
	"de": true, "da": true, "do": true, "dos": true, "das": true, "del": true, "della": true,
	"di": true, "du": true, "van": true, "von": true, "der": true, "den": true, "ter": true,
	"ten": true, "la": true, "le": true, "al": true, "el": true, "bin": true, "ibn": true,
	"y": true, "e": true, "zu": true, "af": true, "of": true, "st.": true,
}

// foldLabel is the key labels are compared by: case and white space folded.
func foldLabel(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// cleanName makes a label usable as a name and as a Markdown label: single
// spaces, no colon at the end, no "**" inside.
func cleanName(s string) string {
	// Asterisks are emphasis pasted with a name, never part of it; a name
	// keeping one would be written as a plain label ("* Ann:"), which
	// Markdown reads as a list item rather than a turn.
	s = strings.ReplaceAll(s, "*", "")
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimRight(s, ": ")
	return strings.TrimSpace(s)
}

// nameLike says whether s is a short run of capitalised words, as speaker
// labels are: "Sergey Lavrov", "MS. PSAKI", "Ursula von der Leyen",
// "SPEAKER_1", "Q". A trailing "(retranslated)" is allowed.
func nameLike(s string) bool {
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[:i])
	}
	if s == "" || len(s) > 60 {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 6 {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !(i > 0 && (unicode.IsDigit(r) || particles[strings.ToLower(w)])) {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(".-'’_", c) && !unicode.Is(unicode.Mn, c) {
				return false
			}
		}
	}
	return true
}

// registry gives speakers their ids and keeps them in the order they first
// speak.
type registry struct {
	mapped map[string]string // folded label -> id, from --speaker
	byID   map[string]*Speaker
	next   int // for names that give no slug
}

func newRegistry(mapped map[string]string) (*registry, error) {
	r := &registry{mapped: map[string]string{}, byID: map[string]*Speaker{}}
	for label, id := range mapped {
		if !model.IsID(id) {
			return nil, fmt.Errorf("--speaker %q=%q: the id must be lowercase letters, digits and '-'", label, id)
		}
		r.mapped[foldLabel(label)] = id
	}
	return r, nil
}

// preset registers a speaker the input's own front matter lists: their
// name and aliases, as labels, give their id, unless --speaker maps them.
func (r *registry) preset(sp Speaker) {
	if r.byID[sp.ID] != nil {
		return
	}
	for _, l := range append([]string{sp.Name}, sp.Aliases...) {
		if k := foldLabel(l); k != "" && r.mapped[k] == "" {
			r.mapped[k] = sp.ID
		}
	}
	r.byID[sp.ID] = &sp
}

// known says whether a label was given with --speaker.
func (r *registry) known(label string) bool {
	_, ok := r.mapped[foldLabel(label)]
	return ok
}

// id returns the id of the speaker a label names, registering the speaker
// the first time.
func (r *registry) id(label string) string {
	label = cleanName(label)
	name, role := label, ""
	key := foldLabel(label)
	if a, ok := anonymous[key]; ok {
		name, role = a.name, a.role
	} else if unnamedRE.MatchString(label) {
		role = unidentified
	}
	id, mapped := r.mapped[key]
	if !mapped {
		if id, mapped = r.mapped[foldLabel(name)]; !mapped {
			id = model.Slugify(name)
		}
	}
	if mapped && role == unidentified {
		// --speaker "Speaker 1=mira-hale" says who it is.
		role = ""
	}
	if id == "" {
		// A name in a script Slugify does not transliterate.
		for _, sp := range r.byID {
			if sp.Name == name {
				return sp.ID
			}
		}
		r.next++
		id = "speaker-" + strconv.Itoa(r.next)
		for r.byID[id] != nil {
			r.next++
			id = "speaker-" + strconv.Itoa(r.next)
		}
	}
	sp := r.byID[id]
	if sp == nil {
		sp = &Speaker{ID: id, Name: name, Role: role}
		if mapped {
			// A label mapped to an archive's id is a label, not the
			// person's name: the archive names them (a profile, or
			// its hand-written transcripts), and "MIRA HALE" from a
			// caption file must not rename "Mira Hale" everywhere.
			sp.Name = ""
		}
		r.byID[id] = sp
	}
	if label != sp.Name && !contains(sp.Aliases, label) {
		sp.Aliases = append(sp.Aliases, label)
	}
	return id
}

// Label is what the speaker's turns are labelled with: the name, or for a
// speaker mapped to an archive's id, the label the input used.
func (sp Speaker) Label() string {
	if sp.Name == "" && len(sp.Aliases) > 0 {
		return sp.Aliases[0]
	}
	return sp.Name
}

// used lists the speakers that have turns, in the order they first speak.
func (r *registry) used(turns []Turn) []Speaker {
	seen := map[string]bool{}
	var out []Speaker
	for _, t := range turns {
		if sp := r.byID[t.Speaker]; sp != nil && !seen[t.Speaker] {
			seen[t.Speaker] = true
			out = append(out, *sp)
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
