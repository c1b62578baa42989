package render

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// Bodies keeps transcripts' bodies rendered while the model is built, which
// parses each of them anyway, so that rendering the pages does not parse
// them a second time: parsing is the larger part of turning Markdown into
// HTML. It holds at most a budget of bytes, so that memory does not grow
// with the archive; a body past the budget is parsed again when its page
// is rendered. Each body is handed out once and then forgotten.
type Bodies struct {
	mu     sync.Mutex
	budget int
	m      map[*model.Transcript]body
}

type body struct {
	html  template.HTML
	turns []markdown.Turn
	err   error
	size  int
}

// NewBodies makes a store of at most budget bytes.
func NewBodies(budget int) *Bodies {
	return &Bodies{budget: budget, m: map[*model.Transcript]body{}}
}

// Keep renders a transcript's parsed body and keeps it, if the budget
// allows. It is safe for concurrent use, as model.Build parses on every
// core.
func (b *Bodies) Keep(t *model.Transcript, doc *markdown.Document) {
	b.mu.Lock()
	full := b.budget < len(t.Body.Source)
	b.mu.Unlock()
	if full {
		return
	}
	var buf bytes.Buffer
	buf.Grow(len(t.Body.Source)*5/2 + 1024) // a transcript's HTML is about 2.5 times its Markdown
	err := doc.Render(&buf)
	turns := doc.Turns()
	size := buf.Len() + 64*len(turns)
	for _, tu := range turns {
		size += len(tu.Text)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if size > b.budget {
		return
	}
	b.budget -= size
	// The converter escapes whatever the author wrote unless the site
	// allows raw HTML, so its output is trusted here.
	b.m[t] = body{html: template.HTML(buf.String()), turns: turns, err: err, size: size}
}

// take hands out a kept body and frees its share of the budget.
func (b *Bodies) take(t *model.Transcript) (body, bool) {
	if b == nil {
		return body{}, false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	bd, ok := b.m[t]
	if ok {
		delete(b.m, t)
		b.budget += bd.size
	}
	return bd, ok
}
