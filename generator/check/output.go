package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/verbatim-archive/verbatim/generator/parallel"
)

// OutputReport is what checking a built site found, with counts that let
// a test make sure something was checked at all.
type OutputReport struct {
	Findings  []Finding
	Pages     int // HTML files read
	Links     int // links and sources of the pages followed to a file of the site
	Fragments int // of those, links whose #fragment was found as an id
	URLs      int // URLs of feeds, the sitemap, robots.txt and JSON files followed
	Canonical int // pages whose canonical URL was checked
}

// Output checks a site built into dir for publication at baseURL (a path
// such as "/" or "/repo/", or a URL such as "https://owner.github.io/repo/"):
// every link and source of every page, resolved against the page's own URL
// as a browser would, leads to a file of the site, and every #fragment to an
// element with that id; every URL of the feeds, the sitemap, robots.txt,
// the JSON files and every canonical URL is under the base URL and leads to
// a file; XML and JSON files parse. Links to other hosts, and absolute links
// to the same host outside the base path (another project site of the
// same owner), are not followed. Findings name files as "public/<path>".
func Output(dir, baseURL string) (*OutputReport, error) {
	return checkOutput(dir, baseURL, nil, nil)
}

// outputCheck is one run of Output.
type outputCheck struct {
	dir      string
	basePath string
	host     string // the base URL's host, "" when it is a path
	baseURL  string
	skip     map[string]bool   // URL paths already reported missing from the source
	sources  map[string]string // output page -> the source file it is built from
	pages    map[string]*page
	exists   map[string]bool // published(target), remembered: most links lead to a few pages
	r        *OutputReport
}

// page is what a link needs of an HTML file of the output.
type page struct {
	ids      map[string]bool
	links    []pageLink
	problems []problem // found while reading it
	redirect bool      // a page that sends the reader on at once (meta refresh)
}

type problem struct {
	line int
	msg  string
}

type pageLink struct {
	val       string
	line      int
	canonical bool
}

func checkOutput(dir, baseURL string, skip map[string]bool, sources map[string]string) (*OutputReport, error) {
	b, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", baseURL, err)
	}
	o := &outputCheck{dir: dir, basePath: b.Path, host: b.Host, baseURL: baseURL, skip: skip, sources: sources,
		pages: map[string]*page{}, exists: map[string]bool{}, r: &OutputReport{}}
	if o.basePath == "" {
		o.basePath = "/"
	}
	var htmls, others []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".html") {
			htmls = append(htmls, rel)
		} else {
			others = append(others, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := o.readPages(htmls); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(o.pages))
	for n := range o.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		o.checkPage(n)
	}
	for _, rel := range others {
		var err error
		switch {
		case strings.HasSuffix(rel, ".xml"):
			err = o.checkXML(rel)
		case strings.HasSuffix(rel, ".json"):
			err = o.checkJSON(rel)
		case rel == "robots.txt":
			err = o.checkRobots(rel)
		}
		if err != nil {
			return nil, err
		}
	}
	return o.r, nil
}

func (o *outputCheck) add(rel string, line int, msg string) {
	if src := o.sources[rel]; src != "" {
		msg += " (the page is built from " + src + ")"
	}
	o.r.Findings = append(o.r.Findings, Finding{File: "public/" + rel, Line: line, Severity: Error, Message: msg})
}

// readPages reads every page, in parallel: a large archive has many.
func (o *outputCheck) readPages(rels []string) error {
	pages := make([]*page, len(rels))
	errs := make([]error, len(rels))
	parallel.For(len(rels), func(i int) {
		pages[i], errs[i] = readPage(filepath.Join(o.dir, filepath.FromSlash(rels[i])))
	})
	for i, rel := range rels {
		if errs[i] != nil {
			return errs[i]
		}
		o.pages[rel] = pages[i]
		for _, p := range pages[i].problems {
			o.add(rel, p.line, p.msg)
		}
	}
	o.r.Pages += len(rels)
	return nil
}

// readPage reads the ids and links of an HTML file, with the line of each.
func readPage(file string) (*page, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	pg := &page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if !errors.Is(z.Err(), io.EOF) {
				pg.problems = append(pg.problems, problem{line, "cannot read the HTML: " + z.Err().Error()})
			}
			break
		}
		at := line
		// Raw is only valid until TagName and TagAttr are called.
		line += bytes.Count(z.Raw(), []byte{'\n'})
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		var href, relAttr string
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			switch string(k) {
			case "id":
				pg.ids[string(v)] = true
			case "name":
				if string(name) == "a" {
					pg.ids[string(v)] = true
				}
			case "href":
				href = string(v)
				pg.links = append(pg.links, pageLink{val: href, line: at})
			case "src":
				pg.links = append(pg.links, pageLink{val: string(v), line: at})
			case "rel":
				relAttr = string(v)
			case "http-equiv":
				pg.redirect = pg.redirect || (string(name) == "meta" && strings.EqualFold(string(v), "refresh"))
			}
		}
		if string(name) == "link" && relAttr == "canonical" && href != "" {
			pg.links[len(pg.links)-1].canonical = true
		}
	}
	return pg, nil
}

// pageURL is the URL path a file of the output is served at.
func (o *outputCheck) pageURL(rel string) *url.URL {
	return &url.URL{Path: o.basePath + strings.TrimSuffix(rel, "index.html")}
}

func (o *outputCheck) checkPage(rel string) {
	pg := o.pages[rel]
	self := o.pageURL(rel)
	for _, l := range pg.links {
		if l.canonical {
			o.r.Canonical++
			// 404.html is served at whatever address has no page: it has
			// no address of its own to name.
			// A transcript's old address (an alias) sends the reader on,
			// and names the page it sends them to.
			if o.follow(rel, l.line, self, l.val, "canonical URL", true) && rel != "404.html" && !pg.redirect {
				if u, _ := url.Parse(l.val); u != nil && self.ResolveReference(u).Path != self.Path {
					o.add(rel, l.line, "canonical URL "+quote(l.val)+" is not this page's own address, "+self.Path)
				}
			}
			continue
		}
		if rel == "404.html" && isRelative(l.val) {
			o.add(rel, l.line, "link "+quote(l.val)+" is relative, but 404.html is served at any address that has no page, where it leads elsewhere: start it with the base path "+o.basePath)
			continue
		}
		if o.follow(rel, l.line, self, l.val, "link", false) {
			o.r.Links++
		}
	}
}

// isRelative says whether a link is a relative path: no scheme, no host,
// not from the root, not a fragment alone.
func isRelative(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/")
}

// follow resolves raw, found in the file rel whose own URL is self, and
// reports it if it leads nowhere. A strict URL (a canonical URL, a feed's,
// the sitemap's) must also be under the base URL, and absolute when the base
// URL is. It says whether raw was followed to a file of the site.
func (o *outputCheck) follow(rel string, line int, self *url.URL, raw, what string, strict bool) bool {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		o.add(rel, line, what+" "+quote(raw)+" is not a URL: "+err.Error())
		return false
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		if strict {
			o.add(rel, line, what+" "+quote(raw)+" is not under the base URL "+o.baseURL)
		}
		return false // mailto:, tel: and the like
	}
	if strict && o.host != "" && u.Host == "" {
		o.add(rel, line, what+" "+quote(raw)+" is not an absolute URL, though the base URL "+o.baseURL+" is")
		return false
	}
	if u.Host != "" && u.Host != o.host {
		if strict {
			o.add(rel, line, what+" "+quote(raw)+" is not under the base URL "+o.baseURL)
		}
		return false // another site
	}
	abs := self.ResolveReference(u)
	if !strings.HasPrefix(abs.Path, o.basePath) {
		if u.Host != "" && !strict {
			return false // another site of the same host, such as another project's
		}
		o.add(rel, line, what+" "+quote(raw)+" leads to "+abs.Path+", outside the site's path "+o.basePath)
		return false
	}
	if o.skip[abs.Path] {
		return false
	}
	target := strings.TrimPrefix(abs.Path, o.basePath)
	found, known := o.exists[target]
	if !known {
		found = published(o.dir, target)
		o.exists[target] = found
	}
	if !found {
		o.add(rel, line, what+" "+quote(raw)+" leads to "+abs.Path+", which the site does not have")
		return false
	}
	if u.Fragment == "" {
		return true
	}
	if target == "" || strings.HasSuffix(target, "/") {
		target += "index.html"
	} else if tp := o.pages[target+"/index.html"]; tp != nil {
		target += "/index.html"
	}
	tp := o.pages[target]
	if tp == nil {
		return true // a fragment of a file that is not a page, such as #t=65 of a recording
	}
	if !tp.ids[u.Fragment] {
		o.add(rel, line, what+" "+quote(raw)+": "+target+" has no element with id "+quote(u.Fragment))
		return false
	}
	o.r.Fragments++
	return true
}

// checkXML parses an XML file (feeds, the sitemap) and follows its URLs:
// each <loc>, each <link href> and each <id> that is a URL of this host.
func (o *outputCheck) checkXML(rel string) error {
	b, err := os.ReadFile(filepath.Join(o.dir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	self := &url.URL{Path: o.basePath + rel} // relative URLs resolve against the file's own
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := dec.InputPos()
		if err != nil {
			o.add(rel, line, "not well-formed XML: "+err.Error())
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if t.Name.Local == "link" {
				var href, relAttr string
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "href":
						href = a.Value
					case "rel":
						relAttr = a.Value
					}
				}
				if href != "" {
					// Atom's own links (the feed, its page) must be the
					// site's; others may lead anywhere.
					strict := relAttr == "" || relAttr == "alternate" || relAttr == "self"
					if o.follow(rel, line, self, href, "feed link", strict) {
						o.r.URLs++
					}
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			v := strings.TrimSpace(string(t))
			switch stack[len(stack)-1] {
			case "loc":
				if o.follow(rel, line, self, v, "sitemap URL", true) {
					o.r.URLs++
				}
			case "id":
				// An Atom id names rather than locates: it must be under
				// the base URL when it is a URL of this site, and need not
				// lead to a file.
				if u, err := url.Parse(v); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host == o.host && o.host != "" {
					if !strings.HasPrefix(u.Path, o.basePath) {
						o.add(rel, line, "feed id "+quote(v)+" is not under the base URL "+o.baseURL)
					}
				}
			}
		}
	}
}

// checkJSON parses a JSON file and follows the value of every "url" key,
// which is how index.json (and any search index) name a page.
func (o *outputCheck) checkJSON(rel string) error {
	b, err := os.ReadFile(filepath.Join(o.dir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		o.add(rel, 0, "not valid JSON: "+err.Error())
		return nil
	}
	self := &url.URL{Path: o.basePath + rel} // relative URLs resolve against the file's own
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if s, ok := x[k].(string); ok && k == "url" {
					if o.follow(rel, 0, self, s, "url", true) {
						o.r.URLs++
					}
					continue
				}
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return nil
}

// checkRobots follows robots.txt's Sitemap lines.
func (o *outputCheck) checkRobots(rel string) error {
	b, err := os.ReadFile(filepath.Join(o.dir, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			if o.follow(rel, line, &url.URL{Path: o.basePath + rel}, v, "sitemap URL", true) {
				o.r.URLs++
			}
		}
	}
	return sc.Err()
}
