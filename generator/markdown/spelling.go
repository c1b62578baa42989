package markdown

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A label is matched exactly first, as the contract says. What an exact
// match misses falls into one of three cases, decided here while the
// paragraph is parsed, so that a build knows of them without a second pass:
//
//   - the same name spelt otherwise ("Mr. KIRBY" for "MR. KIRBY", "Rene"
//     for "René"): the same letters once case, accents, punctuation and
//     spacing are folded away. It is that speaker's turn; check notes it.
//   - a near miss ("Sergey Lavro" for "Sergey Lavrov"): a few edits from
//     one speaker's label. Its words would silently go to the speaker
//     before it, so check fails on it and every build warns of it.
//   - anything else shaped like a label ("Break:", "**Music**"): text, as
//     the contract says; check warns when it is bold or timed.

// FoldLabel is the form in which two spellings of one name are equal: lower
// case, accents and other marks dropped, only letters and digits kept.
func FoldLabel(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// minFolded is the fewest letters a folded name needs to match by its
// spelling: "Q" must be written as listed, or "a:" in running text would
// be taken for a speaker called "A".
const minFolded = 3

// foldedLabels maps each label's folded form to its speaker id; a form that
// two speakers share maps to "" and matches neither.
func (st *docState) foldedLabels() map[string]string {
	if st.folded == nil {
		st.folded = make(map[string]string, len(st.labels))
		for l, id := range st.labels {
			f := FoldLabel(l)
			if prev, seen := st.folded[f]; seen && prev != id {
				id = ""
			}
			st.folded[f] = id
		}
	}
	return st.folded
}

// bySpelling finds the speaker whose label name spells otherwise.
func (st *docState) bySpelling(name string) (id string, ok bool) {
	f := FoldLabel(name)
	if utf8.RuneCountInString(f) < minFolded {
		return "", false
	}
	id = st.foldedLabels()[f]
	return id, id != ""
}

// nearMiss returns the label a name is probably a misspelling of: within
// typoDistance of it once both are folded, and nearer to it than to any
// other speaker's. Short names never are: "Note" beside "Nate" is a word,
// not a typo.
func (st *docState) nearMiss(name string) (string, bool) {
	f := FoldLabel(name)
	limit := typoDistance(f)
	if limit == 0 {
		return "", false
	}
	var best []string
	bestD := limit + 1
	for l := range st.labels {
		switch d := EditDistance(f, FoldLabel(l)); {
		case d == 0 || d > limit || d > bestD:
		case d < bestD:
			best, bestD = append(best[:0], l), d
		default:
			best = append(best, l)
		}
	}
	if len(best) == 0 {
		return "", false
	}
	for _, l := range best[1:] {
		if st.labels[l] != st.labels[best[0]] {
			return "", false // as near to two speakers: no guess
		}
	}
	return closest(name, best), true
}

// closest is the one of labels written most like name, case and
// punctuation included: "Ms Voss" means "Ms. Voss", not "MS. VOSS".
func closest(name string, labels []string) string {
	best, bestD := "", -1
	for _, l := range labels {
		if d := EditDistance(name, l); bestD < 0 || d < bestD || (d == bestD && l < best) {
			best, bestD = l, d
		}
	}
	return best
}

// spellingNote is the check's note on a label matched by its spelling.
func spellingNote(written, label string) string {
	return written + " is taken as " + strconv.Quote(label+":") + ", spelt otherwise: write it as listed, or add it to the speaker's aliases"
}

// ambiguousMessage is the warning every build prints, and check's error,
// on a label that several speakers of the transcript answer to.
func ambiguousMessage(written string, ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = strconv.Quote(id)
	}
	return written + " is a label of " + strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1] +
		", so it starts no turn and its words would go to the speaker before it: write the name or id of the one who speaks"
}

// nearMissMessage is the warning every build prints, and check's error,
// for a label a few letters from a speaker's.
func nearMissMessage(written, label string) string {
	return written + " is not a speaker of this transcript; did you mean " + strconv.Quote(label) +
		"? Its words would go to the speaker before it: correct the label, or add it to that speaker's aliases"
}
