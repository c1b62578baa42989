package captions

import "strings"

// Paragraphs splits text at blank lines and folds other white space: how
// a turn's text is divided, read from a segment or written into a cue.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n\n") {
		if p = joinWords(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// joinWords makes one line of a caption's wrapped lines.
func joinWords(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// clip shortens what a message quotes of the file.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// clipText shortens the text of a cue a warning quotes: enough to find it
// and to say what was in it.
func clipText(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
