package captions

import "strings"

// Rolling captions show two lines at a time and scroll: each cue repeats
// the last line of the cue before it and adds one, and YouTube's
// automatic captions add short cues that only hold the line just shown,
// and word timings ("hello<00:00:01.199><c> world</c>"). Read cue by cue
// they say everything two or three times.

// unroll detects rolling captions by their content, whatever the file is
// called: most cues start with the line the cue before them ended with.
// It then returns one cue a line, each line once, in order, timed by the
// cue it first appeared in; a line that grows word by word ("hello",
// "hello world") is kept once, whole. Files with voice spans are never
// rolling: their repeats are what a speaker said.
func unroll(cues []pending) ([]pending, bool) {
	lines := make([][]string, len(cues)) // each cue's lines as plain text
	for i, c := range cues {
		for _, l := range c.text {
			if strings.Contains(l, "<v") {
				return cues, false
			}
			if t := plainLine(l); t != "" {
				lines[i] = append(lines[i], t)
			}
		}
	}
	if !rolling(lines) {
		return cues, false
	}
	var out []pending
	var shown []string // the lines emitted, as plain text
	for i, c := range cues {
		cur := lines[i]
		k := overlap(shown, cur)
		if k == 0 && len(cur) > 0 && len(shown) > 0 && strings.HasPrefix(cur[0], shown[len(shown)-1]+" ") {
			// The last line, grown: keep it whole, timed when it began.
			shown[len(shown)-1] = cur[0]
			out[len(out)-1].text = []string{cur[0]}
			k = 1
		}
		for _, l := range cur[k:] {
			shown = append(shown, l)
			out = append(out, pending{Cue: Cue{Line: c.Line, ID: c.ID, Start: c.Start, End: c.End, Timed: true}, text: []string{l}})
		}
	}
	return out, true
}

// rolling says whether most cues start with the line the cue before
// them, of those with text, ended with and add to it; two such cues at
// least. A cue that only shows again the line just shown tells nothing:
// rolling captions have them (YouTube's short cues), and so has a file
// where a speaker says one line cue after cue, whose repeats must stay.
func rolling(lines [][]string) bool {
	pairs, repeats := 0, 0
	var prev []string
	for _, cur := range lines {
		if len(cur) == 0 {
			continue
		}
		if prev != nil {
			last := prev[len(prev)-1]
			if len(cur) == 1 && cur[0] == last {
				prev = cur
				continue
			}
			pairs++
			if cur[0] == last || strings.HasPrefix(cur[0], last+" ") {
				repeats++
			}
		}
		prev = cur
	}
	return repeats >= 2 && repeats*2 >= pairs
}

// overlap is how many of cur's first lines are the last lines shown.
func overlap(shown, cur []string) int {
	for k := min(len(shown), len(cur)); k > 0; k-- {
		if equalLines(shown[len(shown)-k:], cur[:k]) {
			return k
		}
	}
	return 0
}

func equalLines(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// plainLine is a cue's line without tags, references read and white
// space folded: what two cues are compared by.
func plainLine(l string) string {
	return joinWords(unescapeVTT(vttTagRE.ReplaceAllString(l, "")))
}
