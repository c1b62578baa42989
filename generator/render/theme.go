package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/i18n"
)

// pageKinds are the templates a theme must have, one per kind of page; each
// is executed inside baseof.html with the partials beside it.
var pageKinds = []string{"home", "transcripts", "transcript", "speakers", "speaker", "topics", "topic", "page", "404", "search", "sidebyside", "data"}

// Theme is a parsed theme: a template per kind of page and the static
// files to copy.
type Theme struct {
	// pages are the templates of each kind, parsed and never executed:
	// each language's are clones of them with its T, date and number
	// (html/template clones only a template not yet executed).
	pages map[string]*template.Template
	// words are the theme's phrases in every language, from its i18n/
	// folder and the site's.
	words  *i18n.Catalog
	mu     sync.Mutex
	byLang map[string]map[string]*template.Template
	static map[string][]byte // output path -> bytes
	// buffers are the buffers pages are executed into: a page is copied
	// out of its buffer at its size, so that a build pays neither for
	// growing a buffer by doubling on each page (once a sixth of its
	// allocation) nor for a buffer larger than its page while the page
	// waits to be written.
	buffers buffers
	last    atomic.Int64 // the size of the last page, for a new buffer
	// own holds the kinds of page whose template is the site's rather
	// than the built-in one: such a page may show anything of the site.
	own map[string]bool
	// ownPartials says a partial is the site's: the shared chrome
	// (View.Shared) may then read anything of a page, and is rendered
	// for each.
	ownPartials bool
	// paths names each template file as messages show it, by its
	// template name: "themes/default/templates/transcript.html".
	paths map[string]string
}

// Overlay is a theme folder over the built-in one: a file in Site wins
// over the built-in file of the same name.
type Overlay struct {
	Site    fs.FS  // may be nil
	SiteDir string // Site's folder as messages name it: "themes/default"
	Builtin fs.FS
}

// where names a theme file as a user finds it: in the site's theme folder,
// or in the theme built into the generator.
func (o Overlay) where(name string) string {
	if o.Site != nil {
		if _, err := fs.Stat(o.Site, name); err == nil {
			return path.Join(o.SiteDir, name)
		}
	}
	return "the built-in theme's " + name
}

// templateErr is an error of html/template about a file of the theme,
// "template: transcript.html:9: ...", told with the file's path in the
// site, "themes/default/templates/transcript.html:9: ...", so that the
// message says which file to open.
func templateErr(paths map[string]string, err error) error {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		return err
	}
	name, after, ok := strings.Cut(rest, ":")
	p, known := paths[name]
	if !ok || !known {
		return err
	}
	// An input error, as a transcript's is: watch and serve keep the last
	// good site and wait for the next save.
	e := &diag.Error{File: p, Msg: strings.TrimSpace(after)}
	if n, more, ok := leadingNumber(after); ok {
		e.Line, e.Msg = n, more
		if c, more, ok := leadingNumber(more); ok {
			e.Col, e.Msg = c, more
		}
	}
	return e
}

// leadingNumber reads "12: rest" or "12:5: rest" as 12 and the rest after
// its colon.
func leadingNumber(s string) (int, string, bool) {
	num, rest, ok := strings.Cut(s, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 {
		return 0, s, false
	}
	return n, strings.TrimSpace(rest), true
}

func (o Overlay) read(name string) ([]byte, error) {
	if o.Site != nil {
		b, err := fs.ReadFile(o.Site, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(o.Builtin, name)
}

// files lists the files under dir in either layer.
func (o Overlay) files(dir string) ([]string, error) {
	seen := map[string]bool{}
	for _, f := range []fs.FS{o.Builtin, o.Site} {
		if f == nil {
			continue
		}
		err := fs.WalkDir(f, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
				seen[p] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}

// LoadTheme parses a theme's templates and reads its static files.
func LoadTheme(o Overlay) (*Theme, error) {
	th := &Theme{pages: map[string]*template.Template{}, static: map[string][]byte{}, own: map[string]bool{}, paths: map[string]string{},
		byLang: map[string]map[string]*template.Template{}}
	words, err := i18n.Load(i18n.Source{FS: o.Site, Dir: o.SiteDir}, i18n.Source{FS: o.Builtin, Dir: "the built-in theme"})
	if err != nil {
		return nil, err
	}
	th.words = words
	th.paths["baseof.html"] = o.where("templates/baseof.html")
	base := template.New("baseof.html").Funcs(funcs)
	src, err := o.read("templates/baseof.html")
	if err != nil {
		return nil, fmt.Errorf("theme: templates/baseof.html: %w", err)
	}
	if _, err := base.Parse(string(src)); err != nil {
		return nil, templateErr(th.paths, err)
	}
	partials, err := o.files("templates/partials")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		src, err := o.read(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(p, "templates/")
		th.paths[name] = o.where(p)
		if o.Site != nil {
			if _, err := fs.Stat(o.Site, p); err == nil {
				th.ownPartials = true
			}
		}
		if _, err := base.New(name).Parse(string(src)); err != nil {
			return nil, templateErr(th.paths, err)
		}
	}
	for _, kind := range pageKinds {
		src, err := o.read("templates/" + kind + ".html")
		if err != nil {
			return nil, fmt.Errorf("theme: templates/%s.html: %w", kind, err)
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		th.paths[kind+".html"] = o.where("templates/" + kind + ".html")
		if _, err := t.New(kind + ".html").Parse(string(src)); err != nil {
			return nil, templateErr(th.paths, err)
		}
		th.pages[kind] = t
		if o.Site != nil {
			if _, err := fs.Stat(o.Site, "templates/"+kind+".html"); err == nil {
				th.own[kind] = true
			}
		}
	}
	statics, err := o.files("static")
	if err != nil {
		return nil, err
	}
	for _, p := range statics {
		b, err := o.read(p)
		if err != nil {
			return nil, err
		}
		th.static[strings.TrimPrefix(p, "static/")] = b
	}
	return th, nil
}

// Lang is the theme's words in the language tag.
func (th *Theme) Lang(tag string) *i18n.Language { return th.words.Lang(tag) }

// page is the template of kind with the functions of the language: made
// for a language the first time a page in it is written.
func (th *Theme) page(kind string, l *i18n.Language) (*template.Template, error) {
	th.mu.Lock()
	defer th.mu.Unlock()
	set := th.byLang[l.Tag]
	if set == nil {
		set = make(map[string]*template.Template, len(th.pages))
		fm := template.FuncMap{"T": l.T, "i18n": l.T, "date": l.Date, "number": l.Number}
		for k, t := range th.pages {
			c, err := t.Clone()
			if err != nil {
				return nil, err
			}
			set[k] = c.Funcs(fm)
		}
		th.byLang[l.Tag] = set
	}
	return set[kind], nil
}

func (th *Theme) execute(kind string, v *View) ([]byte, error) {
	t, err := th.page(kind, v.Words)
	if err != nil {
		return nil, err
	}
	buf := th.buffers.get(int(th.last.Load()) * 5 / 4)
	defer th.buffers.put(buf)
	if err := t.ExecuteTemplate(buf, "baseof.html", v); err != nil {
		return nil, templateErr(th.paths, err)
	}
	th.last.Store(int64(min(buf.Len(), pooled)))
	return bytes.Clone(buf.Bytes()), nil
}

// funcs are the templates' functions. T (and its alias i18n), date and
// number are the page's language's: these stand in for them while the
// templates are parsed (Theme.page).
var funcs = template.FuncMap{
	"T":       func(key string, arg ...any) (any, error) { return nil, errors.New("T: no language") },
	"i18n":    func(key string, arg ...any) (any, error) { return nil, errors.New("i18n: no language") },
	"date":    func(t time.Time) string { return "" },
	"number":  func(n int) string { return "" },
	"isodate": func(t time.Time) string { return t.Format("2006-01-02") },
	"year":    func(t time.Time) int { return t.Year() },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"join":       func(parts ...string) string { return path.Join(parts...) },
	"langname":   LangName,
	"langdir":    LangDir,
	"paragraphs": Paragraphs,
	// dict passes several values to a partial: (dict "V" $ "T" .).
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict wants pairs of key and value")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, errors.New("dict keys must be strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}
