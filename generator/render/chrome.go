package render

import (
	"html/template"
	"strings"
	"sync"
)

// chromeKey is what a shared partial's rendering depends on (View.Shared).
type chromeKey struct{ name, kind, lang, path, feed string }

// chrome keeps the shared partials of one build, rendered once each.
type chrome struct {
	mu   sync.Mutex
	done map[chromeKey]template.HTML
}

func newChrome() *chrome { return &chrome{done: map[chromeKey]template.HTML{}} }

// Shared is the theme's template name rendered once a build for each kind
// of page, language and feed (and path, on a free page, whose link in the
// menu is marked as the current one), then handed to every page that
// asks for it: the site's header and footer are the same on two thousand
// transcript pages. The template sees the page's Site, Kind, Lang, Dir,
// Words, Feed and Stats, and Path only on a free page; what it writes was
// escaped by html/template. Where the site has partials of its own, which
// may show anything of a page, it is rendered for each page, with all of
// it.
func (v *View) Shared(name string) (template.HTML, error) {
	k := chromeKey{name: name, kind: v.Kind, lang: v.Lang, feed: v.Feed}
	if v.Kind == "page" {
		k.path = v.Path
	}
	c := v.Site.chrome
	if v.theme.ownPartials {
		c = nil
	}
	if c != nil {
		c.mu.Lock()
		h, ok := c.done[k]
		c.mu.Unlock()
		if ok {
			return h, nil
		}
	}
	t, err := v.theme.page(v.Kind, v.Words)
	if err != nil {
		return "", err
	}
	shared := v
	if c != nil {
		shared = &View{Site: v.Site, Kind: v.Kind, Path: k.path, Lang: v.Lang, Dir: v.Dir, Words: v.Words, theme: v.theme, Feed: v.Feed, Stats: v.Stats}
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, shared); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if c != nil {
		c.mu.Lock()
		c.done[k] = h
		c.mu.Unlock()
	}
	return h, nil
}
