// Package render turns the model into files: HTML pages from the theme's
// templates, each transcript's index.json, Atom feeds, the sitemap and the
// other files a site needs. It reads the model and never changes it; it
// hands bytes to a Writer and never touches the disk itself.
package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/i18n"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/search"
)

// Writer takes the files of a build.
type Writer interface {
	Write(rel string, data []byte) error
}

// homeCount is how many of the newest transcripts, speakers and topics the
// home page shows.
const homeCount = 10

// feedCount is how many entries the site's feed holds, and listFeedCount
// a speaker's or a topic's: the newest, not the archive. A feed reader
// fetches a feed again every hour or so and keeps what it has seen, so a
// feed needs only what is new since; 10 is WordPress's default, and a
// speaker or topic rarely has more than 10 new transcripts between two
// fetches. The site's feed gets every transcript, so it holds more.
const (
	feedCount     = 20
	listFeedCount = 10
)

// View is what every template receives. Kind says which fields are set.
type View struct {
	Site  *SiteView
	Kind  string
	Title string
	Path  string // site-relative path of the page
	Lang  string
	// Dir is "rtl" on a page in a language written right to left, else
	// "" (left to right, HTML's default, which needs no attribute).
	Dir string
	// Words are the theme's words in the page's language (Lang).
	Words *i18n.Language
	theme *Theme

	Body        template.HTML // the Markdown body of the page, rendered
	Transcript  *model.Transcript
	Speaker     *model.Speaker
	Topic       *model.Topic
	Page        *model.Page
	Transcripts []*model.Transcript
	Years       []YearGroup
	Entries     []Entry           // a speaker's transcripts with their turns
	Original    *model.Transcript // on the side-by-side view: the original beside Transcript
	Pairs       []Pair            // on the side-by-side view
	Speakers    []*model.Speaker
	Topics      []*model.Topic
	Pager       *Pager
	Feed        string       // site-relative path of the page's feed
	Stats       *model.Stats // speaker colours, timelines, speaker × topic counts (theme_pages.go)
	Data        *DataView    // the data page's files (data.go)
}

// SiteView is what every page knows of the site.
type SiteView struct {
	Title       string
	Description string
	Language    string
	Base        string // path of the base URL: "/" or "/repo/"
	Pages       []*model.Page
	Generator   string
	Absolute    bool // the base URL names a host, so canonical URLs can be given
	Data        bool // the archive as data is published (data/), so pages link to it
	canonical   string
	chrome      *chrome // the shared partials rendered in this build (View.Shared)
}

// YearGroup is the transcripts of one year on a list page.
type YearGroup struct {
	Year        int
	Transcripts []*model.Transcript
}

// Entry is one transcript on a speaker's page, with that speaker's turns.
type Entry struct {
	Transcript *model.Transcript
	Role       string
	Turns      []model.Turn
}

// Pager links the pages of a long list.
type Pager struct {
	Number, Total int
	Prev, Next    string // site-relative paths, "" at the ends
	First         string
}

// Link gives the URL of a site-relative path under the base URL's path.
func (v *View) Link(rel string) string { return v.Site.Base + model.EscapePath(rel) }

// URL is the absolute URL of a site-relative path when the base URL has a
// host, else its link.
func (v *View) URL(rel string) string {
	if v.Site.Absolute {
		return v.Site.canonical + model.EscapePath(rel)
	}
	return v.Link(rel)
}

// Canonical is the absolute URL of the page when the base URL has a host.
func (v *View) Canonical() string { return v.Site.canonical + model.EscapePath(v.Path) }

// Options are the render settings that do not come from the site.
type Options struct {
	Version string // shown in the generator meta tag
	// Seed and ThemeKey make job keys comparable across the builds of one
	// process: the same seed each time, and a ThemeKey that changes when
	// the theme does.
	Seed     maphash.Seed
	ThemeKey string
	// Memo, when set, is kept from one build of the process to the
	// next, with the same Seed, for what the keys need not sum again.
	Memo *Memo
	// Unkeyed leaves every job's Key 0, for a build that keeps nothing
	// for a next one (a one-off build): summing what each job reads is
	// then work for nothing.
	Unkeyed bool
	// Bodies, when set, holds transcript bodies rendered while the model
	// was built.
	Bodies *Bodies
	// Reread, when set, reads the Markdown of a transcript whose source
	// left it on disk (load.Options).
	Reread func(model.Body) ([]byte, error)
	// Turns, when set, is given the full text of every transcript's turns
	// as the transcript is rendered (the search index is built from them).
	// It is called from several goroutines at once.
	Turns func(t *model.Transcript, turns []markdown.Turn) error
}

type renderer struct {
	site   *model.Site
	theme  *Theme
	w      Writer
	sv     *SiteView
	turns  func(t *model.Transcript, turns []markdown.Turn) error
	bodies *Bodies
	reread func(model.Body) ([]byte, error)
}

// Site renders every page of the site into w.
func Site(site *model.Site, theme *Theme, w Writer, opt Options) error {
	return Run(New(site, theme, w, opt).Jobs())
}

// New makes the renderer of one build; w takes the files of every job
// that is run without a Writer of its own.
func New(site *model.Site, theme *Theme, w Writer, opt Options) *Renderer {
	r := &renderer{site: site, theme: theme, w: w, turns: opt.Turns, bodies: opt.Bodies, reread: opt.Reread}
	r.sv = &SiteView{
		Title:       site.Config.Title,
		Description: site.Config.Description,
		Language:    site.Config.Language,
		Base:        site.Config.BasePath(),
		Pages:       site.Pages,
		Generator:   "Verbatim " + opt.Version,
		Absolute:    site.Config.Absolute(),
		Data:        !site.Config.Data.Off,
		canonical:   site.Config.BaseURL,
		chrome:      newChrome(),
	}
	return &Renderer{r: r, opt: opt}
}

type errorList []error

// Unwrap lets errors.As find, say, a source file's diag.Error in the list.
func (l errorList) Unwrap() []error { return l }

func (l errorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	sort.Strings(msgs)
	var b bytes.Buffer
	for i, m := range msgs {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m)
	}
	return b.String()
}

func (r *renderer) view(kind, title, path string) *View {
	v := &View{Site: r.sv, Kind: kind, Title: title, Path: path, Stats: &r.site.Stats}
	v.setLang(r.theme, r.site.Config.Language)
	return v
}

// setLang puts the page in the language tag: its words, its lang and dir.
func (v *View) setLang(th *Theme, tag string) {
	v.Lang, v.Words, v.Dir, v.theme = tag, th.Lang(tag), "", th
	if v.Words.Dir == "rtl" {
		v.Dir = "rtl"
	}
}

// word is the theme's phrase key in the page's language, for the words Go
// writes itself (a page's title).
func (r *renderer) word(key string) string {
	return r.theme.Lang(r.site.Config.Language).Text(key)
}

func (r *renderer) html(kind string, v *View) error {
	out, err := r.theme.execute(kind, v)
	if err != nil {
		return fmt.Errorf("%s: %w", v.Path, err)
	}
	return r.w.Write(v.Path+"index.html", out)
}

func (r *renderer) markdown(b model.Body, opt markdown.DocOptions) (template.HTML, *markdown.Document, error) {
	if b.Source == nil && r.reread != nil {
		src, err := r.reread(b)
		if err != nil {
			return "", nil, err
		}
		b.Source = src
	}
	doc := r.site.Markdown.Parse(b.Source, opt)
	var buf bytes.Buffer
	buf.Grow(len(b.Source)*5/2 + 1024) // a transcript's HTML is about 2.5 times its Markdown
	if err := doc.Render(&buf); err != nil {
		return "", nil, fmt.Errorf("%s: %w", b.File, err)
	}
	// The converter escapes whatever the author wrote unless the site
	// allows raw HTML, so its output is trusted here.
	return template.HTML(buf.String()), doc, nil
}

func (r *renderer) transcript(t *model.Transcript) error {
	kept, ok := r.bodies.take(t)
	if !ok {
		html, doc, err := r.markdown(t.Body, t.DocOptions())
		if err != nil {
			return err
		}
		kept = body{html: html, turns: doc.Turns()}
	} else if kept.err != nil {
		return fmt.Errorf("%s: %w", t.Body.File, kept.err)
	}
	body, turns := kept.html, kept.turns
	v := r.view("transcript", t.Title, t.Path)
	v.Transcript, v.Body = t, body
	if t.Language != "" {
		v.setLang(r.theme, t.Language)
	}
	if err := r.html("transcript", v); err != nil {
		return err
	}
	if err := r.json(t, turns); err != nil {
		return err
	}
	if r.turns != nil {
		if err := r.turns(t, turns); err != nil {
			return fmt.Errorf("%s: %w", t.File, err)
		}
	}
	return r.captions(t, turns)
}

// transcriptJSON is the contract's index.json.
type transcriptJSON struct {
	Slug     string         `json:"slug"`
	Title    string         `json:"title"`
	Date     string         `json:"date"`
	URL      string         `json:"url"`
	Location string         `json:"location,omitempty"`
	Source   string         `json:"source,omitempty"`
	Media    string         `json:"media,omitempty"`
	Language string         `json:"language,omitempty"`
	Summary  string         `json:"summary,omitempty"`
	Speakers []speakerJSON  `json:"speakers"`
	Topics   []string       `json:"topics"`
	Turns    []turnJSON     `json:"turns"`
	Params   map[string]any `json:"params,omitempty"`
}

type speakerJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

type turnJSON struct {
	N       int    `json:"n"`
	Speaker string `json:"speaker"`
	Time    string `json:"time,omitempty"`
	Text    string `json:"text"`
}

func (r *renderer) json(t *model.Transcript, turns []markdown.Turn) error {
	j := transcriptJSON{
		Slug: t.Slug, Title: t.Title, Date: isoDate(t.Date), URL: r.site.Permalink(t.Path),
		Location: t.Location, Source: t.Source, Media: t.Media, Language: t.Language, Summary: t.Summary,
		Speakers: []speakerJSON{}, Topics: []string{}, Turns: []turnJSON{},
	}
	if len(t.Params) > 0 {
		j.Params = jsonSafe(t.Params).(map[string]any)
	}
	for _, a := range t.Speakers {
		j.Speakers = append(j.Speakers, speakerJSON{ID: a.Speaker.ID, Name: a.Speaker.Name, Role: a.Role})
	}
	for _, tp := range t.Topics {
		j.Topics = append(j.Topics, tp.ID)
	}
	for _, tu := range turns {
		j.Turns = append(j.Turns, turnJSON{N: tu.N, Speaker: tu.Speaker, Time: tu.Time, Text: tu.Text})
	}
	b, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("%s: index.json: %w", t.File, err)
	}
	return r.w.Write(t.Path+"index.json", append(b, '\n'))
}

// jsonSafe turns what YAML and TOML decode (maps with any keys, times) into
// what encoding/json can write.
func jsonSafe(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, vv := range x {
			m[k] = jsonSafe(vv)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, vv := range x {
			m[fmt.Sprint(k)] = jsonSafe(vv)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i := range x {
			l[i] = jsonSafe(x[i])
		}
		return l
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return v
}

func isoDate(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// span is one page of a long list: its pager and the items it shows.
type span struct {
	p      *Pager
	lo, hi int
}

// paginate splits a list of n items under path into pages of size.
func paginate(path string, n, size int) []span {
	total := (n + size - 1) / size
	if total == 0 {
		total = 1
	}
	out := make([]span, 0, total)
	for i := 1; i <= total; i++ {
		p := &Pager{Number: i, Total: total, First: path}
		if i > 1 {
			p.Prev = pagePath(path, i-1)
		}
		if i < total {
			p.Next = pagePath(path, i+1)
		}
		out = append(out, span{p: p, lo: (i - 1) * size, hi: min(i*size, n)})
	}
	return out
}

// pagePath is the path of page n of the list at path: the list itself for
// page 1, path/page/n/ after.
func pagePath(path string, n int) string {
	if n == 1 {
		return path
	}
	return path + "page/" + strconv.Itoa(n) + "/"
}

func byYear(ts []*model.Transcript) []YearGroup {
	var out []YearGroup
	for _, t := range ts {
		y := t.Date.Year()
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, YearGroup{Year: y})
		}
		out[len(out)-1].Transcripts = append(out[len(out)-1].Transcripts, t)
	}
	return out
}

func (r *renderer) home() error {
	v := r.view("home", r.site.Config.Title, "")
	v.Transcripts = r.site.Transcripts[:min(homeCount, len(r.site.Transcripts))]
	sp := append([]*model.Speaker(nil), r.site.Speakers...)
	sort.SliceStable(sp, func(i, j int) bool { return sp[i].Turns > sp[j].Turns })
	v.Speakers = sp[:min(homeCount, len(sp))]
	tp := append([]*model.Topic(nil), r.site.Topics...)
	sort.SliceStable(tp, func(i, j int) bool { return len(tp[i].Transcripts) > len(tp[j].Transcripts) })
	v.Topics = tp[:min(homeCount, len(tp))]
	v.Feed = "index.xml"
	return r.html("home", v)
}

func (r *renderer) speakerList() error {
	v := r.view("speakers", r.word("speakers"), "speakers/")
	v.Speakers = r.site.Speakers
	return r.html("speakers", v)
}

func (r *renderer) topicList() error {
	v := r.view("topics", r.word("topics"), "topics/")
	v.Topics = r.site.Topics
	return r.html("topics", v)
}

func (r *renderer) page(p *model.Page) error {
	body, _, err := r.markdown(p.Body, p.Body.DocOptions("page"))
	if err != nil {
		return err
	}
	v := r.view("page", p.Title, p.Path)
	v.Page, v.Body = p, body
	return r.html("page", v)
}

func (r *renderer) notFound() error {
	v := r.view("404", r.word("page_not_found"), "")
	out, err := r.theme.execute("404", v)
	if err != nil {
		return err
	}
	return r.w.Write("404.html", out)
}

func (r *renderer) robots() error {
	return r.w.Write("robots.txt", []byte("User-agent: *\nAllow: /\nSitemap: "+r.site.Permalink("sitemap.xml")+"\n"))
}

func (r *renderer) assets() error {
	need := search.Modules(r.site.Transcripts)
	for rel, b := range r.theme.static {
		if m, ok := strings.CutPrefix(rel, search.ModuleDir); ok && !need[m] {
			continue // a stemmer of a language the archive does not have
		}
		if err := r.w.Write(rel, b); err != nil {
			return err
		}
	}
	if err := r.browserWords(); err != nil {
		return err
	}
	css, err := markdown.HighlightCSS(r.site.Config.HighlightStyle)
	if err != nil {
		return fmt.Errorf("highlight_style: %w", err)
	}
	return r.w.Write("assets/highlight.css", css)
}
