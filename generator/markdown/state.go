package markdown

import (
	"sort"

	"github.com/yuin/goldmark/parser"
)

// stateKey finds a document's docState in its parser.Context. It is set once
// at init and only read afterwards, like goldmark's own context keys.
var stateKey = parser.NewContextKey()

// docState is what one Parse call shares between its transformers: the
// per-document options and what the transformers found. It lives in the
// parser.Context, so concurrent Parse calls never share one.
type docState struct {
	src      []byte
	opts     DocOptions
	labels   map[string]string
	maxLabel int // longest key of labels, in bytes: bounds the search for a plain label
	resolver Resolver
	unsafe   bool

	lineStarts []int // offsets at which body lines start, built on first use

	folded map[string]string // FoldLabel(label) -> speaker id, made on first use

	turns []Turn
	links []Link
	notes []Finding // on labels: spelt otherwise, near misses, label-like text

	labelLike      int     // paragraphs that start like a label of no speaker
	firstLabelLike Finding // the first of them

	insp *inspection // nil unless Inspect asked for what Findings needs
}

func newDocState(c *Converter, body []byte, d DocOptions) *docState {
	st := &docState{
		src:      body,
		opts:     d,
		labels:   d.Labels,
		resolver: c.opts.Resolver,
		unsafe:   c.opts.UnsafeHTML,
	}
	if st.opts.FirstLine < 1 {
		st.opts.FirstLine = 1
	}
	// The contract asks for normalised keys; a caller that forgets should
	// see its labels matched rather than silently ignored, and copying the
	// map only then keeps the common case free of allocations.
	normalised := true
	for k := range d.Labels {
		if NormalizeLabel(k) != k {
			normalised = false
		}
		if len(k) > st.maxLabel {
			st.maxLabel = len(k)
		}
	}
	if !normalised {
		st.labels = make(map[string]string, len(d.Labels))
		for k, v := range d.Labels {
			st.labels[NormalizeLabel(k)] = v
		}
	}
	return st
}

func stateOf(pc parser.Context) *docState {
	st, _ := pc.Get(stateKey).(*docState)
	return st
}

// line returns the file line of a byte offset of the body.
func (st *docState) line(offset int) int {
	if st.lineStarts == nil {
		st.lineStarts = append(st.lineStarts, 0)
		for i, c := range st.src {
			if c == '\n' {
				st.lineStarts = append(st.lineStarts, i+1)
			}
		}
	}
	if offset < 0 {
		offset = 0
	}
	// The number of line starts at or before offset is the 1-based line.
	n := sort.SearchInts(st.lineStarts, offset+1)
	return n + st.opts.FirstLine - 1
}

// resolve asks the build's Resolver, which may be absent.
func (st *docState) resolve(l Link) (string, bool) {
	if st.resolver == nil {
		return "", false
	}
	return st.resolver.Resolve(l)
}
