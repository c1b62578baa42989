package model

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/parallel"
	"golang.org/x/text/unicode/norm"
)

// Options choose what a build includes.
type Options struct {
	Drafts bool   // include transcripts and pages marked draft
	Cache  *Cache // what earlier builds of this process parsed; may be nil
	// Parsed, when set, is given each transcript parsed, on the worker
	// that parsed it, so that its body can be rendered without parsing
	// it again (render.Bodies).
	Parsed func(t *Transcript, doc *markdown.Document)
	// Read gives the Markdown of a transcript's body that the source left
	// on disk (a nil Source), when it is parsed; the model lets go of it
	// right after, so that it never holds the whole archive's Markdown.
	Read func(Body) ([]byte, error)
	// LeaveExcerpts leaves every Turn.Excerpt empty, for a build that
	// keeps them out of memory itself (Parsed has every turn's text):
	// one for each turn of the archive, they are the largest part of a
	// large archive's model.
	LeaveExcerpts bool
	// Words, when set, gives the labels a body's links carry in a
	// language (markdown.Words): the site's for its pages, a transcript's
	// own for its body.
	Words func(lang string) markdown.Words
}

// Build makes the model of a site. Every problem found is returned in one
// diag.List; the site returned alongside is usable for a best-effort render
// (watch mode shows broken links as such) but a build must not publish it.
func Build(src *load.Source, opt Options) (*Site, diag.List) {
	s := &Site{
		Config:    src.Config,
		BySlug:    make(map[string]*Transcript, len(src.Files[load.Transcripts])),
		SpeakerBy: map[string]*Speaker{},
		TopicBy:   map[string]*Topic{},
		records:   src.Records,
		bySource:  make(map[string]string, len(src.Files[load.Transcripts])+len(src.Files[load.Speakers])+len(src.Files[load.Topics])+len(src.Files[load.Pages])),
	}
	if opt.Cache != nil {
		s.kept = keep(src, opt)
	}
	var errs diag.List
	errs = append(errs, s.addSpeakerProfiles(src.Files[load.Speakers])...)
	errs = append(errs, s.addTopicFiles(src.Files[load.Topics])...)
	errs = append(errs, s.addTranscripts(src.Files[load.Transcripts], opt)...)
	errs = append(errs, s.pairTranslations()...)
	s.nameSpeakers()
	errs = append(errs, s.addPages(src.Files[load.Pages], opt)...)
	s.setWords(opt.Words)
	s.Markdown = markdown.New(markdown.Options{UnsafeHTML: src.Config.UnsafeHTML, Resolver: s, BasePath: src.Config.BasePath()})
	if s.kept != nil {
		s.kept.byPath = make(map[string]*Transcript, len(s.Transcripts))
		for _, t := range s.Transcripts {
			s.kept.byPath[t.Body.Path] = t
		}
	}
	errs = append(errs, s.analyze(opt)...)
	s.Warnings = append(s.Warnings, s.alignTranslations()...)
	s.relate(opt.Cache)
	s.Stats = s.stats()
	s.records = nil // each transcript keeps what it needs of its own
	if s.kept != nil {
		for _, t := range s.Transcripts {
			if t.Addresses.Changed {
				s.kept.renumber = append(s.kept.renumber, t)
			}
		}
	}
	if len(errs) > 0 {
		s.kept = nil // an update would have to find the same problems again
	}
	return s, errs
}

// Resolve gives the URL of a cross-link's target; it makes the site the
// markdown converter's resolver.
func (s *Site) Resolve(l markdown.Link) (string, bool) {
	switch l.Kind {
	case markdown.LinkTranscript:
		if t, ok := s.BySlug[l.Target]; ok {
			return s.URL(t.Path), true
		}
	case markdown.LinkSpeaker:
		if sp, ok := s.SpeakerBy[l.Target]; ok {
			return s.URL(sp.Path), true
		}
	case markdown.LinkTopic:
		if tp, ok := s.TopicBy[l.Target]; ok {
			return s.URL(tp.Path), true
		}
	case markdown.LinkSource:
		if p, ok := s.bySource[l.Target]; ok {
			return s.URL(p), true
		}
	}
	return "", false
}

// Title names a cross-link's target, making the site a markdown.Titler.
func (s *Site) Title(l markdown.Link) string {
	switch l.Kind {
	case markdown.LinkTranscript:
		if t, ok := s.BySlug[l.Target]; ok {
			return t.Title
		}
	case markdown.LinkSpeaker:
		if sp, ok := s.SpeakerBy[l.Target]; ok {
			return sp.Name
		}
	case markdown.LinkTopic:
		if tp, ok := s.TopicBy[l.Target]; ok {
			return tp.Title
		}
	}
	return ""
}

func str(f *load.File, key string, errs *diag.List) string {
	v, ok := f.Front.Values[key]
	if !ok || v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case int, int64, float64, bool:
		return fmt.Sprint(x)
	}
	*errs = append(*errs, diag.At(f.Name, f.Front.Line(key), "%s must be text, not %s", key, describe(v)))
	return ""
}

func describe(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	}
	return fmt.Sprintf("%T", v)
}

func boolean(f *load.File, key string, errs *diag.List) bool {
	v, ok := f.Front.Values[key]
	if !ok || v == nil {
		return false
	}
	if b, ok := v.(bool); ok {
		return b
	}
	*errs = append(*errs, diag.At(f.Name, f.Front.Line(key), "%s must be true or false", key))
	return false
}

func list(f *load.File, key string, errs *diag.List) []any {
	v, ok := f.Front.Values[key]
	if !ok || v == nil {
		return nil
	}
	switch x := v.(type) {
	case []any:
		return x
	case []map[string]any: // TOML arrays of tables
		out := make([]any, len(x))
		for i := range x {
			out[i] = x[i]
		}
		return out
	case string:
		return []any{x}
	}
	*errs = append(*errs, diag.At(f.Name, f.Front.Line(key), "%s must be a list", key))
	return nil
}

func strList(f *load.File, key string, v any, errs *diag.List) []string {
	var out []string
	add := func(x any) {
		if s, ok := x.(string); ok && strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
			return
		}
		*errs = append(*errs, diag.At(f.Name, f.Front.Line(key), "%s: each item must be text", key))
	}
	switch x := v.(type) {
	case nil:
	case string:
		add(x)
	case []any:
		for _, i := range x {
			add(i)
		}
	default:
		*errs = append(*errs, diag.At(f.Name, f.Front.Line(key), "%s must be a list of text", key))
	}
	return out
}

// params gives the front matter keys of f that are not known, or nil if
// there are none (most transcripts).
func params(f *load.File, known ...string) map[string]any {
	var p map[string]any
	for k, v := range f.Front.Values {
		if slices.Contains(known, k) {
			continue
		}
		if p == nil {
			p = map[string]any{}
		}
		p[k] = v
	}
	return p
}

func body(f *load.File) Body {
	return Body{Source: f.Body, Path: f.Path, File: f.Name, FirstLine: f.BodyLine, Sum: f.Sum}
}

// idFromFile is a profile's or topic's id: its file name, which must be an id.
func idFromFile(f *load.File, errs *diag.List) string {
	rel := strings.TrimPrefix(f.Path, string(f.Section)+"/")
	// macOS may hand a file name over decomposed (NFD); the id is NFC.
	id := norm.NFC.String(strings.TrimSuffix(rel, ".md"))
	if !IsID(id) {
		*errs = append(*errs, diag.At(f.Name, 0, "file name %q is not an id (lowercase letters, digits and '-', no sub-folders)", rel))
		return ""
	}
	if ReservedName(id) {
		*errs = append(*errs, diag.At(f.Name, 0, "file name %q %s", rel, reservedMsg))
		return ""
	}
	return id
}

func (s *Site) addSpeakerProfiles(files []*load.File) diag.List {
	var errs diag.List
	for _, f := range files {
		id := idFromFile(f, &errs)
		if id == "" {
			continue
		}
		sp := &Speaker{ID: id, Path: "speakers/" + id + "/", Params: params(f, "name", "role", "aliases")}
		sp.Name = str(f, "name", &errs)
		sp.named = sp.Name != ""
		if sp.Name == "" {
			sp.Name = id
		}
		sp.Role = str(f, "role", &errs)
		sp.Aliases = strList(f, "aliases", f.Front.Values["aliases"], &errs)
		b := body(f)
		sp.Bio = &b
		s.SpeakerBy[id] = sp
		s.bySource[f.Path] = sp.Path
	}
	return errs
}

func (s *Site) addTopicFiles(files []*load.File) diag.List {
	var errs diag.List
	for _, f := range files {
		id := idFromFile(f, &errs)
		if id == "" {
			continue
		}
		tp := &Topic{ID: id, Path: "topics/" + id + "/", Params: params(f, "title", "name")}
		tp.Title = str(f, "title", &errs)
		if tp.Title == "" {
			tp.Title = str(f, "name", &errs)
		}
		if tp.Title == "" {
			tp.Title = titleFromID(id)
		}
		b := body(f)
		tp.Description = &b
		s.TopicBy[id] = tp
		s.bySource[f.Path] = tp.Path
	}
	return errs
}

// titleFromID gives a topic named only by id a readable title:
// "north-korea" -> "North korea".
func titleFromID(id string) string {
	t := strings.ReplaceAll(id, "-", " ")
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

var transcriptKeys = []string{"title", "date", "speakers", "topics", "location", "source", "media", "language", "summary", "slug", "draft", "aliases", "translation_of"}

// decoded is what one transcript file's front matter gives on its own,
// before any speaker or topic is looked up or made: files are decoded on
// every core, then linked in order.
type decoded struct {
	t *Transcript // nil: the file is left out (a draft, or no usable slug)
	// head are the problems found up to the slug, reported in any case;
	// rest those found after, reported unless the slug is taken.
	head, rest diag.List
	speakers   []speakerItem
	topics     []topicItem
}

// speakerItem is one entry of a transcript's speakers list.
type speakerItem struct {
	id, name, role string
	aliases        []string
	line           int
}

// topicItem is one entry of a transcript's topics list: its id and the
// title a topic first named here takes.
type topicItem struct{ id, title string }

func (s *Site) addTranscripts(files []*load.File, opt Options) diag.List {
	dec := decodeAll(files, opt, s.Config.Slugs)
	var errs diag.List
	notSpeakers := foldAll(s.Config.NotSpeakers)
	for i, f := range files {
		d := &dec[i]
		errs = append(errs, d.head...)
		t := d.t
		if t == nil {
			continue
		}
		if other, dup := s.BySlug[t.Slug]; dup {
			errs = append(errs, diag.At(f.Name, f.Front.Line("slug"), "slug %q is already used by %s%s", t.Slug, other.File, slugHint(s.Config.Slugs, f)))
			continue
		}
		errs = append(errs, d.rest...)
		errs = append(errs, s.addAppearances(t, f, d.speakers)...)
		for _, it := range d.topics {
			tp := s.TopicBy[it.id]
			if tp == nil {
				tp = &Topic{ID: it.id, Path: "topics/" + it.id + "/", Title: it.title}
				s.TopicBy[it.id] = tp
			}
			if !containsTopic(t.Topics, tp) {
				t.Topics = append(t.Topics, tp)
			}
		}
		t.notSpeakers = notSpeakers
		t.Lang = t.Language
		if t.Lang == "" {
			t.Lang = s.Config.Language
		}
		s.BySlug[t.Slug] = t
		s.bySource[f.Path] = t.Path
		s.Transcripts = append(s.Transcripts, t)
	}
	sort.SliceStable(s.Transcripts, func(i, j int) bool {
		a, b := s.Transcripts[i], s.Transcripts[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return a.Slug < b.Slug
	})
	for i, t := range s.Transcripts {
		t.pos = i
	}
	return errs
}

// decodeAll decodes the files' front matter on every core. With a Cache,
// a file decoded by the last build is not decoded again: its transcript is
// copied from the one kept, which the build's linking never touches (it
// sets only fields that decoding leaves empty).
func decodeAll(files []*load.File, opt Options, slugs string) []decoded {
	dec := make([]decoded, len(files))
	c := opt.Cache
	if c == nil {
		parallel.For(len(files), func(i int) { dec[i] = decodeTranscript(files[i], opt, slugs) })
		return dec
	}
	prev := c.decodes
	if c.decodedDrafts != opt.Drafts || c.decodedSlugs != slugs {
		prev = nil
	}
	// Only this build's files are kept, so the cache holds no file that
	// left the site or was read again.
	next := make(map[*load.File]decoded, len(files))
	var todo []int
	for i, f := range files {
		if d, ok := prev[f]; ok {
			next[f], dec[i] = d, d.copy()
		} else {
			todo = append(todo, i)
		}
	}
	parallel.For(len(todo), func(j int) { dec[todo[j]] = decodeTranscript(files[todo[j]], opt, slugs) })
	for _, i := range todo {
		next[files[i]] = dec[i].copy() // kept before this build links dec[i]
	}
	c.decodes, c.decodedDrafts, c.decodedSlugs = next, opt.Drafts, slugs
	return dec
}

// copy gives d with a transcript of its own.
func (d decoded) copy() decoded {
	if d.t != nil {
		t := *d.t
		d.t = &t
	}
	return d
}

// decodeTranscript reads a transcript file's front matter into a
// Transcript and its lists of speakers and topics. It touches nothing
// shared, so files are decoded in parallel.
func decodeTranscript(f *load.File, opt Options, slugs string) (d decoded) {
	t := &Transcript{File: f.Name, Params: params(f, transcriptKeys...), Body: body(f)}
	t.Draft = boolean(f, "draft", &d.head)
	if t.Draft && !opt.Drafts {
		return d
	}
	t.Slug = str(f, "slug", &d.head)
	if t.Slug != "" {
		if !IsSlug(t.Slug) {
			d.head = append(d.head, diag.At(f.Name, f.Front.Line("slug"), "slug %q may hold only letters, digits, '-', '_' and '.', and may not start with '.' or '-'", t.Slug))
			return d
		}
	} else if t.Slug = slugOf(f.Path, slugs); t.Slug == "" {
		d.head = append(d.head, diag.At(f.Name, 0, "cannot make a slug from the file name: set slug in the front matter"))
		return d
	}
	for _, part := range strings.Split(t.Slug, "/") {
		if ReservedName(part) {
			d.head = append(d.head, diag.At(f.Name, f.Front.Line("slug"), "slug %q %s", t.Slug, reservedMsg))
			return d
		}
	}
	d.t = t
	t.Path = "transcripts/" + t.Slug + "/"

	errs := &d.rest
	t.Title = str(f, "title", errs)
	if t.Title == "" {
		*errs = append(*errs, diag.At(f.Name, f.Front.Line("title"), "title is required"))
	}
	if v, ok := f.Front.Values["date"]; !ok || v == nil {
		*errs = append(*errs, diag.At(f.Name, 1, "date is required (2021-07-07 or RFC 3339)"))
	} else if dt, err := parseDate(v); err != nil {
		*errs = append(*errs, diag.At(f.Name, f.Front.Line("date"), "date: %v", err))
	} else {
		t.Date = dt
	}
	t.Location = str(f, "location", errs)
	t.Source = str(f, "source", errs)
	t.Media = str(f, "media", errs)
	t.Language = str(f, "language", errs)
	t.Summary = str(f, "summary", errs)
	t.TranslationOf = str(f, "translation_of", errs)
	t.translationLine = f.Front.Line("translation_of")
	for _, u := range []struct{ key, v string }{{"source", t.Source}, {"media", t.Media}} {
		if u.v != "" && !safeURL(u.v) {
			*errs = append(*errs, diag.At(f.Name, f.Front.Line(u.key), "%s must be an http(s) URL or a path", u.key))
		}
	}
	d.speakers = speakerItems(f, errs)
	t.Aliases = readAliases(f, errs)
	if len(t.Aliases) > 0 {
		t.aliasLine = f.Front.Line("aliases")
	}
	for _, v := range list(f, "topics", errs) {
		name, ok := v.(string)
		if !ok || strings.TrimSpace(name) == "" {
			*errs = append(*errs, diag.At(f.Name, f.Front.Line("topics"), "topics: each item must be a topic id or name"))
			continue
		}
		name = strings.TrimSpace(name)
		id := name
		if !IsID(id) {
			id = Slugify(name)
		}
		if id == "" {
			*errs = append(*errs, diag.At(f.Name, f.Front.Line("topics"), "topics: cannot make an id from %q", name))
			continue
		}
		if ReservedName(id) {
			*errs = append(*errs, diag.At(f.Name, f.Front.Line("topics"), "topics: the id %q %s", id, reservedMsg))
			continue
		}
		title := name
		if IsID(name) {
			title = titleFromID(id)
		}
		d.topics = append(d.topics, topicItem{id: id, title: title})
	}
	return d
}

func containsTopic(ts []*Topic, t *Topic) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// safeURL admits http(s) URLs and paths, so front matter cannot smuggle a
// javascript: URL into a link.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
		return true
	}
	if i := strings.IndexAny(l, ":/?#"); i >= 0 && l[i] == ':' {
		return false
	}
	return true
}

// speakerItems reads a transcript's speakers list.
func speakerItems(f *load.File, errs *diag.List) []speakerItem {
	// Found only for a message: finding it costs more than the rest.
	line := func() int { return f.Front.Line("speakers") }
	items := list(f, "speakers", errs)
	if _, ok := f.Front.Values["speakers"]; !ok {
		*errs = append(*errs, diag.At(f.Name, 1, "speakers is required: list who speaks"))
	}
	var out []speakerItem
	for i, item := range items {
		it := speakerItem{line: f.Front.ItemLine("speakers", i)}
		switch x := item.(type) {
		case string:
			x = strings.TrimSpace(x)
			if IsID(x) {
				it.id = x
			} else {
				it.name, it.id = x, Slugify(x)
			}
		case map[string]any:
			for k := range x {
				switch k {
				case "id", "name", "role", "aliases":
				default:
					*errs = append(*errs, diag.At(f.Name, line(), "speakers: unknown key %q (id, name, role, aliases)", k))
				}
			}
			it.id, _ = x["id"].(string)
			it.name, _ = x["name"].(string)
			it.role, _ = x["role"].(string)
			it.aliases = strList(f, "speakers", x["aliases"], errs)
			it.id, it.name = strings.TrimSpace(it.id), strings.TrimSpace(it.name)
			if it.id == "" {
				it.id = Slugify(it.name)
			}
		default:
			*errs = append(*errs, diag.At(f.Name, line(), "speakers: each item must be an id, a name or a map {id, name, role, aliases}"))
			continue
		}
		if !IsID(it.id) {
			*errs = append(*errs, diag.At(f.Name, line(), "speakers: %q is not a valid id (lowercase letters, digits and '-')", it.id))
			continue
		}
		if ReservedName(it.id) {
			*errs = append(*errs, diag.At(f.Name, line(), "speakers: the id %q %s", it.id, reservedMsg))
			continue
		}
		out = append(out, it)
	}
	return out
}

// addAppearances links t to the speakers it lists, making those the
// archive has not met yet. The names transcripts give a speaker are
// counted here; nameSpeakers chooses among them once all are read, so that
// the choice does not depend on the order of the files.
func (s *Site) addAppearances(t *Transcript, f *load.File, items []speakerItem) diag.List {
	var errs diag.List
	listedRole := map[*Speaker]string{} // the role each speaker is first listed with here
	for _, it := range items {
		id, name, role := it.id, it.name, it.role
		sp := s.SpeakerBy[id]
		if sp == nil {
			sp = &Speaker{ID: id, Path: "speakers/" + id + "/", Name: id, Role: role}
			s.SpeakerBy[id] = sp
		}
		sp.heard(name, it.aliases, f.Name, it.line)
		if first, dup := listedRole[sp]; dup {
			// Pasted briefings list one person under two spellings
			// ("MR. MUNOZ", "MR MUNOZ"): one speaker, the other names
			// aliases. Two roles in one transcript cannot be one entry.
			if role != "" && first != "" && role != first {
				errs = append(errs, diag.At(f.Name, it.line, "speakers: %q is listed twice, as %q and as %q: give them two ids, or one role", id, first, role))
			} else {
				s.Warnings = append(s.Warnings, diag.At(f.Name, it.line, "speakers: %q is listed twice: taken as one speaker, with its other names as aliases", id))
			}
			continue
		}
		listedRole[sp] = role
		if role == "" {
			role = sp.Role
		}
		t.Speakers = append(t.Speakers, &Appearance{Speaker: sp, Role: role})
	}
	return errs
}

// slugOf makes a transcript's slug from its content-relative path: its file
// name, or with slugs: path, its path under transcripts/, each folder a
// part of the slug ("transcripts/Conference A/jane-doe.md" ->
// "conference-a/jane-doe"). "" when a part gives no slug.
func slugOf(rel, slugs string) string {
	rel = strings.TrimSuffix(strings.TrimPrefix(rel, "transcripts/"), ".md")
	if slugs != config.SlugsFromPath {
		return Slugify(path.Base(rel))
	}
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		if parts[i] = Slugify(p); parts[i] == "" {
			return ""
		}
	}
	return strings.Join(parts, "/")
}

// slugHint says how to build an archive with one file name in two folders.
func slugHint(slugs string, f *load.File) string {
	if _, set := f.Front.Values["slug"]; set {
		return ": give one of them another slug"
	}
	if slugs == config.SlugsFromPath {
		return ": give one of them a slug in its front matter"
	}
	return ": give one of them a slug in its front matter, or set \"slugs: path\" in site.yaml to take each slug from the file's path under transcripts/ (" + slugOf(f.Path, config.SlugsFromPath) + ")"
}

// foldAll folds labels as markdown.FoldLabel does, sorted, without
// repeats.
func foldAll(labels []string) []string {
	var out []string
	for _, l := range labels {
		if f := markdown.FoldLabel(l); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

func containsString(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func parseDate(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		// TOML's local dates come with a location of their own; a date
		// names a day wherever the reader is.
		if strings.HasSuffix(x.Location().String(), "-local") {
			y, m, d := x.Date()
			return time.Date(y, m, d, x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC), nil
		}
		return x, nil
	case string:
		x = strings.TrimSpace(x)
		for _, layout := range []string{"2006-01-02", time.RFC3339, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
			if d, err := time.Parse(layout, x); err == nil {
				return d, nil
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date like 2021-07-07 or 2021-07-07T10:00:00Z", x)
	}
	return time.Time{}, fmt.Errorf("%v is not a date like 2021-07-07", v)
}

func (s *Site) addPages(files []*load.File, opt Options) diag.List {
	var errs diag.List
	taken := map[string]string{}
	for _, f := range files {
		if boolean(f, "draft", &errs) && !opt.Drafts {
			continue
		}
		rel := strings.TrimSuffix(strings.TrimPrefix(f.Path, "pages/"), ".md")
		rel = strings.TrimSuffix(strings.TrimSuffix(rel, "_index"), "index")
		rel = strings.Trim(rel, "/")
		var parts []string
		for _, p := range strings.Split(rel, "/") {
			if p == "" {
				continue
			}
			sl := Slugify(p)
			if ReservedName(sl) {
				errs = append(errs, diag.At(f.Name, 0, "the path %q: %q %s", f.Path, sl, reservedMsg))
				continue
			}
			if sl == "" {
				errs = append(errs, diag.At(f.Name, 0, "cannot make a URL from the path %q", f.Path))
				continue
			}
			parts = append(parts, sl)
		}
		p := strings.Join(parts, "/")
		if p != "" {
			p += "/"
		}
		if reserved(p) || s.dataAt(p) {
			errs = append(errs, diag.At(f.Name, 0, "the page would be at /%s, which the generator builds itself", p))
			continue
		}
		if other, dup := taken[p]; dup {
			errs = append(errs, diag.At(f.Name, 0, "the page would be at /%s, as %s is", p, other))
			continue
		}
		taken[p] = f.Name
		pg := &Page{Path: p, Body: body(f), Params: params(f, "title", "draft")}
		pg.Title = str(f, "title", &errs)
		if pg.Title == "" {
			errs = append(errs, diag.At(f.Name, f.Front.Line("title"), "title is required"))
		}
		s.Pages = append(s.Pages, pg)
		s.bySource[f.Path] = p
	}
	return errs
}

// dataAt says whether p is under data/, where package dataset writes the
// data page and files, unless the site has turned them off.
func (s *Site) dataAt(p string) bool {
	return !s.Config.Data.Off && strings.HasPrefix(p, "data/")
}

// reserved says whether a free page's path is one the generator writes.
func reserved(p string) bool {
	if p == "" {
		return true
	}
	first := strings.SplitN(p, "/", 2)[0]
	switch first {
	case "transcripts", "speakers", "topics", "search", "page", "assets", "index.xml", "sitemap.xml", "robots.txt", "404.html":
		return true
	}
	return false
}

// setWords gives every body the labels of its language, one copy a
// language.
func (s *Site) setWords(words func(lang string) markdown.Words) {
	if words == nil {
		return
	}
	of := map[string]*markdown.Words{}
	get := func(lang string) *markdown.Words {
		if lang == "" {
			lang = s.Config.Language
		}
		w, ok := of[lang]
		if !ok {
			x := words(lang)
			w = &x
			of[lang] = w
		}
		return w
	}
	for _, t := range s.Transcripts {
		t.Body.words = get(t.Language)
	}
	for _, sp := range s.Speakers {
		if sp.Bio != nil {
			sp.Bio.words = get("")
		}
	}
	for _, tp := range s.Topics {
		if tp.Description != nil {
			tp.Description.words = get("")
		}
	}
	for _, p := range s.Pages {
		p.Body.words = get("")
	}
}
