package check

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/markdown"
)

// ref is an image or link of a body, with the page it is shown on.
type ref struct {
	markdown.Reference
	file string // the body's file, as shown in messages
	src  string // the body's content-relative path: "transcripts/2021/a.md"
	page string // site-relative URL path of the page: "transcripts/a/"
}

// resolveRefs looks up the file each reference leads to, as a browser on
// the published page would: in the output folder out when the site was
// built, else among the static files (which it then only can tell of for
// paths with a file extension). It returns the URL paths found missing, so
// that the output check does not report them a second time.
func (c *checker) resolveRefs(refs []ref, out string) map[string]bool {
	base := c.site.Config.BasePath()
	static := map[string]bool{}
	for _, f := range c.src.Static {
		static[f.Rel] = true
	}
	missing := map[string]bool{}
	for _, r := range refs {
		what := "link to"
		if r.Kind == markdown.RefImage {
			what = "image"
		}
		u, err := url.Parse(r.Dest)
		if err != nil {
			c.add(Finding{File: r.file, Line: r.Line, Severity: Error, Message: what + " " + quote(r.Dest) + ": not a path a browser can follow"})
			continue
		}
		if u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") {
			// The build writes a path from the site's root under the
			// base path (see markdown.Options.BasePath).
			u.Path = base + strings.TrimPrefix(u.Path, "/")
		}
		abs := (&url.URL{Path: base + r.page}).ResolveReference(u)
		if !strings.HasPrefix(abs.Path, base) {
			msg := what + " " + quote(r.Dest) + " leads to " + abs.Path + ", outside the site, which is published under " + base
			c.add(Finding{File: r.file, Line: r.Line, Severity: Error, Message: msg})
			missing[abs.Path] = true
			continue
		}
		rel := strings.TrimPrefix(abs.Path, base)
		var found bool
		switch {
		case out != "":
			found = published(out, rel)
		case static[rel]:
			found = true
		default:
			// Without a build, only files with an extension can be told
			// apart from pages the generator writes.
			ext := path.Ext(rel)
			if ext == "" || ext == ".html" || ext == ".xml" || ext == ".json" {
				continue
			}
		}
		if found {
			continue
		}
		msg := what + " " + quote(r.Dest) + " is missing: on the page " + base + r.page + " it leads to " + abs.Path + ", which the site does not have"
		if hint := c.staticHint(r, rel); hint != "" {
			msg += "; " + hint
		}
		c.add(Finding{File: r.file, Line: r.Line, Severity: Error, Message: msg})
		missing[abs.Path] = true
	}
	return missing
}

// staticHint finds the static file the author probably meant: the one the
// path names relative to the source file (as on GitHub), or the only one
// of that name.
func (c *checker) staticHint(r ref, rel string) string {
	cand := path.Clean(path.Join(path.Dir(r.src), r.Dest))
	var match string
	if s, ok := strings.CutPrefix(cand, "static/"); ok && c.hasStatic(s) {
		match = s
	} else {
		var names []string
		for _, f := range c.src.Static {
			if path.Base(f.Rel) == path.Base(rel) {
				names = append(names, f.Rel)
			}
		}
		if len(names) != 1 {
			return "files in content/static/ are published at the root of the site"
		}
		match = names[0]
	}
	return "content/static/" + match + " is published at the root of the site, so from this page write " + quote(fromPage(r.page, match))
}

func (c *checker) hasStatic(rel string) bool {
	for _, f := range c.src.Static {
		if f.Rel == rel {
			return true
		}
	}
	return false
}

// fromPage is the path from the page at the site-relative path page to the
// site-relative target: relative, so it works under any base path.
func fromPage(page, target string) string {
	return strings.Repeat("../", strings.Count(page, "/")) + target
}

// published says whether the output has a file at the site-relative URL
// path rel, as a static web server would find it: a folder by its
// index.html.
func published(out, rel string) bool {
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	p := filepath.Join(out, filepath.FromSlash(rel))
	st, err := os.Stat(p)
	if err != nil {
		return false
	}
	if st.IsDir() {
		_, err = os.Stat(filepath.Join(p, "index.html"))
		return err == nil
	}
	return true
}

func quote(s string) string { return `"` + s + `"` }
