package markdown

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// flakyLexer lexes as a real lexer does, but the runs listed in bad give a
// token of another type, as a regular expression that ran out of time does.
type flakyLexer struct {
	chroma.Lexer
	bad  map[int]bool
	runs int
}

func (l *flakyLexer) Tokenise(o *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	l.runs++
	it, err := l.Lexer.Tokenise(o, text)
	if err != nil || !l.bad[l.runs] {
		return it, err
	}
	tokens := it.Tokens()
	tokens[0].Type = chroma.Error
	return chroma.Literator(tokens...), nil
}

// A block is shown in colours only when two runs of the lexer agree, so
// that a slow match cannot make one build colour it otherwise than the next.
func TestStableTokens(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		bad  map[int]bool
		ok   bool
		runs int
	}{
		{"steady", nil, true, 2},
		{"the first run off", map[int]bool{1: true}, true, 3},
		{"the second run off", map[int]bool{2: true}, true, 4},
		{"never two alike", map[int]bool{2: true, 4: true}, false, tokenTries},
	} {
		l := &flakyLexer{Lexer: lexers.Get("python"), bad: tc.bad}
		tokens, ok := stableTokens(l, "print(len(x))\n")
		if ok != tc.ok || l.runs != tc.runs {
			t.Errorf("%s: ok %v after %d runs, want %v after %d", tc.name, ok, l.runs, tc.ok, tc.runs)
		}
		if ok && tokens[0].Type == chroma.Error {
			t.Errorf("%s: the tokens of a run that was off were kept", tc.name)
		}
	}
}
