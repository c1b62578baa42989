package render

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/verbatim-archive/verbatim/generator/model"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
	Authors    []atomPerson   `xml:"author"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

func (r *renderer) siteFeed() error {
	return r.feed("index.xml", r.site.Config.Title, "", r.site.Transcripts, feedCount)
}

// feed writes an Atom feed of the n newest of ts. encoding/xml escapes
// every value, so no title or summary can break out of its element. It is
// written without indentation, and each entry's date once (as updated; a
// transcript's published date would be the same), since a feed is read
// by programs and fetched again and again.
func (r *renderer) feed(rel, title, page string, ts []*model.Transcript, n int) error {
	f := atomFeed{
		Title: title,
		ID:    r.atomID(rel),
		Links: []atomLink{
			{Rel: "self", Href: r.site.Permalink(rel), Type: "application/atom+xml"},
			{Rel: "alternate", Href: r.site.Permalink(page), Type: "text/html"},
		},
		Updated: atomTime(time.Unix(0, 0).UTC()),
	}
	if a := r.site.Config.Author; a != "" {
		f.Author = &atomPerson{Name: a}
	} else {
		f.Author = &atomPerson{Name: r.site.Config.Title}
	}
	if len(ts) > 0 {
		f.Updated = atomTime(ts[0].Date)
	}
	for _, t := range ts[:min(n, len(ts))] {
		e := atomEntry{
			Title: t.Title, ID: r.atomID(t.Path),
			Updated: atomTime(t.Date),
			Links:   []atomLink{{Rel: "alternate", Href: r.site.Permalink(t.Path), Type: "text/html"}},
			Summary: t.Summary,
		}
		for _, tp := range t.Topics {
			e.Categories = append(e.Categories, atomCategory{Term: tp.ID, Label: tp.Title})
		}
		for _, a := range t.Speakers {
			e.Authors = append(e.Authors, atomPerson{Name: a.Speaker.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(f); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return r.w.Write(rel, buf.Bytes())
}

// atomID is the Atom id of a feed or entry: an absolute IRI, as RFC 4287
// requires, that stays the same whatever the base URL (a site moved from
// owner.github.io/repo/ to its own domain, or built with a base path
// only), so feed readers do not show every entry as new again. It is a
// name-based UUID (RFC 9562, version 5) of the site's title and the page's
// path: unique across sites, stable across builds.
func (r *renderer) atomID(rel string) string {
	h := sha1.New()
	h.Write([]byte(uuidNamespaceURL))
	h.Write([]byte("verbatim:" + r.site.Config.Title + "\x00/" + rel))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// uuidNamespaceURL is RFC 9562's namespace for names that are URLs
// (6ba7b811-9dad-11d1-80b4-00c04fd430c8); the names hashed in it start
// with "verbatim:". Fixed: changing either would change every id.
const uuidNamespaceURL = "\x6b\xa7\xb8\x11\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8"

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"` // only with alternates
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string      `xml:"loc"`
	LastMod    string      `xml:"lastmod,omitempty"`
	Alternates []alternate `xml:"xhtml:link"`
}

// alternate is a page's version in another language, as search engines
// read it in a sitemap: <xhtml:link rel="alternate" hreflang href>.
type alternate struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapDay is the layout of the sitemap's dates.
const sitemapDay = "2006-01-02"

// sitemap lists the first page of every list and every transcript, speaker,
// topic and free page.
func (r *renderer) sitemap() error {
	s := r.site
	var u urlset
	add := func(rel string, t time.Time) {
		e := sitemapURL{Loc: s.Permalink(rel)}
		if !t.IsZero() {
			e.LastMod = t.Format(sitemapDay)
		}
		u.URLs = append(u.URLs, e)
	}
	var newest time.Time
	if len(s.Transcripts) > 0 {
		newest = s.Transcripts[0].Date
	}
	add("", newest)
	add("transcripts/", newest)
	for _, t := range s.Transcripts {
		add(t.Path, t.Date)
		// Each version lists every version, itself included, as the
		// hreflang rules ask.
		for _, o := range t.Versions() {
			e := &u.URLs[len(u.URLs)-1]
			e.Alternates = append(e.Alternates, alternate{Rel: "alternate", HrefLang: o.Lang, Href: s.Permalink(o.Path)})
			u.XHTML = "http://www.w3.org/1999/xhtml"
		}
	}
	add("speakers/", newest)
	for _, sp := range s.Speakers {
		var d time.Time
		if len(sp.Transcripts) > 0 {
			d = sp.Transcripts[0].Date
		}
		add(sp.Path, d)
	}
	add("topics/", newest)
	for _, tp := range s.Topics {
		var d time.Time
		if len(tp.Transcripts) > 0 {
			d = tp.Transcripts[0].Date
		}
		add(tp.Path, d)
	}
	for _, p := range s.Pages {
		add(p.Path, time.Time{})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(u); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return r.w.Write("sitemap.xml", buf.Bytes())
}
