package load

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// frontSeeds are inputs that once broke, or nearly broke, front matter
// handling: unterminated blocks, non-maps, wrong types, duplicate keys,
// BOMs, CRLF and lone CR, anchors and aliases.
var frontSeeds = []string{
	"",
	"---",
	"---\n",
	"---\n---",
	"---\n---\n",
	"---\r\n---\r\nbody",
	"---\rtitle: x\r---\rbody",
	"\xef\xbb\xbf---\ntitle: x\n---\nbody",
	"+++\ntitle = 'x'\n+++\nbody",
	"+++\ntitle = 'x'\n",
	"---\ntitle: x\n",
	"---\n- a\n- b\n---\n",
	"---\njust a string\n---\n",
	"---\ntitle: a\ntitle: b\n---\n",
	"---\ndate: yesterday\nspeakers: 5\n---\n",
	"---\na: &a [*a]\n---\n",
	"---\na: &a {b: *a}\n---\n",
	"---\n? [a, b]\n: c\n---\n",
	"---\n!!binary x: y\n---\n",
	"--- \t\n---\t\nbody",
	"----\nnot front matter\n----\n",
	"---\ntitle: \"\xff\xfe\"\n---\n",
	"+++\n[a]\nb = 1\n[a]\nb = 2\n+++\n",
	"+++\na = \"\"\"\n+++\n",
	"---\n\x00\n---\n",
}

func addFileSeeds(f *testing.F) {
	for _, s := range frontSeeds {
		f.Add([]byte(s))
	}
	// The demo archive is what real files look like.
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.md"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*", "*.md"))
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// FuzzSplitFront checks that splitting never panics or hangs, and that a
// split keeps the body's bytes and counts its first line right, so that
// every file:line of the body points at the line it names.
func FuzzSplitFront(f *testing.F) {
	addFileSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sitetest.Bounded(t, 5*time.Second, func() {
			front, format, body, bodyLine, err := SplitFront(data)
			if err != nil {
				if _, ok := err.(*lineError); !ok {
					t.Fatalf("error %T %v carries no line", err, err)
				}
				return
			}
			in := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			if format == "" {
				if !bytes.Equal(body, in) || bodyLine != 1 || front != nil {
					t.Fatalf("no front matter, yet the body is changed: %q line %d", body, bodyLine)
				}
				return
			}
			if !bytes.HasSuffix(in, body) {
				t.Fatalf("the body %q is not the end of the file", body)
			}
			if !bytes.Contains(in, front) {
				t.Fatalf("the front matter %q is not in the file", front)
			}
			head := in[:len(in)-len(body)]
			// An empty body after a last line with no line end may be
			// said to start on the line after it: no message points there.
			if want := bytes.Count(head, []byte("\n")) + 1; bodyLine != want && (len(body) > 0 || bodyLine != want+1) {
				t.Fatalf("body starts on line %d, want %d", bodyLine, want)
			}
		})
	})
}

// FuzzDecodeFront decodes whatever SplitFront gives, as a build does: no
// panic, no hang (YAML aliases can expand), and every key's line is a line
// of the front matter.
func FuzzDecodeFront(f *testing.F) {
	addFileSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		front, format, _, bodyLine, err := SplitFront(data)
		if err != nil || format == "" {
			return
		}
		sitetest.Bounded(t, 5*time.Second, func() {
			fm, err := DecodeFront(front, format)
			if err != nil {
				if _, ok := err.(*lineError); !ok {
					t.Fatalf("error %T %v carries no line", err, err)
				}
				return
			}
			for k, l := range fm.Lines {
				if l < 1 || l >= bodyLine {
					t.Fatalf("key %q on line %d, outside the front matter (lines 2..%d)", k, l, bodyLine-2)
				}
			}
		})
	})
}
