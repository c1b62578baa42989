// Package model is the archive as plain data: transcripts with their turns,
// speakers, topics, free pages and the links between them. It is built once
// per build from what package load read, does no I/O and knows no
// templates; rendering reads it and never changes it.
package model

import (
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/turnids"
)

// Site is the whole archive.
type Site struct {
	Config   config.Site
	Markdown *markdown.Converter // resolves cross-links against this site

	Transcripts []*Transcript // newest first; ties by slug
	Speakers    []*Speaker    // by name
	Topics      []*Topic      // by title
	Pages       []*Page       // by path

	// Warnings are problems that do not stop a build.
	Warnings diag.List
	// Misattributions are labels that give words to the wrong speaker
	// (a near miss of a speaker's name, a time that cannot be read before
	// a label): a build warns of them every time, check fails on them.
	Misattributions diag.List

	Stats Stats // figures for speaker and topic pages (stats.go)

	BySlug    map[string]*Transcript
	SpeakerBy map[string]*Speaker // by id
	TopicBy   map[string]*Topic   // by id
	// oldSlugs are the transcripts' old slugs (their aliases), for the
	// message of a cross-link that still uses one.
	oldSlugs map[string]*Transcript
	// records are the transcripts' turn records as read, by slug.
	records map[string]load.Record
	// bySource maps a content-relative source path to the site-relative
	// URL path of the page built from it, for links to .md files.
	bySource map[string]string
	// kept is what Update needs to bring the model up to date in place;
	// nil in a model built without a Cache, or with errors.
	kept *kept
}

// Body is Markdown to render, with where it came from.
type Body struct {
	Source    []byte // nil in a transcript whose body the source left on disk (load.Options)
	Path      string // content-relative source path
	File      string // as shown in messages
	FirstLine int
	Sum       uint64 // of the source file, which changes when the body does
	// Links are the transcripts a profile, topic description or free page
	// links to (a transcript's own are in Transcript.Links): a link without
	// text shows its target's title.
	Links []*Transcript
	// words are the labels its links carry, in its page's language
	// (Options.Words); nil for English.
	words *markdown.Words
}

// Transcript is one transcript.
type Transcript struct {
	Slug     string
	Path     string // site-relative URL path: "transcripts/<slug>/"
	File     string // source file as shown in messages
	Title    string
	Date     time.Time
	Location string
	Source   string // URL of the original
	Media    string // audio or video URL
	Language string // as the front matter gives it
	Lang     string // the language its words are in: Language, else the site's
	Summary  string
	Draft    bool
	Params   map[string]any // front matter keys the contract does not name
	// Aliases are its earlier addresses (front matter "aliases", and the
	// slugs its turn record remembers), each a page that sends the
	// reader on.
	Aliases []Alias

	// TranslationOf is the slug of the transcript this one translates
	// (front matter translation_of); Original is that transcript, and an
	// original lists its Translations, by language.
	TranslationOf string
	Original      *Transcript
	Translations  []*Transcript

	Speakers []*Appearance
	Topics   []*Topic
	Body     Body
	Turns    []Turn
	// Addresses are what the turn record made of its turns' numbers.
	Addresses Addresses
	// TurnsKey is the same in two builds of one process (watch mode) only
	// if Turns are: the same parse of the same file gave them. 0 means
	// unknown (a build that keeps no cache).
	TurnsKey uint64
	Headings []markdown.Heading
	Words    int

	Links     []*Transcript // other transcripts this one links to, once each
	Backlinks []*Transcript // transcripts that link here, newest first
	Related   []*Transcript // most shared speakers and topics first
	Prev      *Transcript   // the one before it by date
	Next      *Transcript   // the one after it by date

	links []markdown.Link // as its body gives them, for Update to check again
	pos   int             // its place in Site.Transcripts

	translationLine int // of translation_of, for messages
	aliasLine       int // of "aliases" in the front matter
	// words are its turns' words while it waits for a turn record to
	// adopt (adoptRecords): it has none, and some record has no transcript.
	words       []turnids.Turn
	ambiguous   map[string][]string // labels two of its speakers answer to, with their ids
	notSpeakers []string            // the site's labels that name no one, by markdown.FoldLabel, sorted
	labels      labelNotes          // what parsing noted of its labels
}

// labelNotes is what parsing a transcript noted of labels that are not
// its speakers'.
type labelNotes struct {
	misattributed []markdown.Finding
	labelLike     int              // paragraphs shaped like a label of no speaker
	firstLike     markdown.Finding // the first of them
}

// Appearance is a speaker as a transcript lists them.
type Appearance struct {
	Speaker *Speaker
	Role    string // role in this transcript, or the speaker's
	Turns   int
	Words   int
}

// Turn is what the model keeps of a speaker turn: enough for lists and
// counts; the words themselves are rendered from the body.
type Turn struct {
	N       int // its number: the address is #t<N> (see package turnids)
	Speaker *Speaker
	Time    string
	Words   int
	Excerpt string // the start of its text (Excerpt); empty if the build left it (Options)
	at      int    // its place among the transcript's turns in document order
	Line    int    // of its label in the file
}

// Speaker is one person (or a role such as "Question") across the archive.
type Speaker struct {
	ID      string
	Path    string // "speakers/<id>/"
	Name    string
	Role    string
	Aliases []string
	Bio     *Body // nil without a profile
	Params  map[string]any

	Transcripts []*Transcript // newest first
	Turns       int
	Words       int
	Topics      []TopicCount // most turns first

	named bool                  // the profile gives the name
	names map[string]*heardName // the names transcripts give
}

// TopicCount is how much a speaker speaks on a topic.
type TopicCount struct {
	Topic *Topic
	Turns int
}

// Topic is one subject across the archive.
type Topic struct {
	ID          string
	Path        string // "topics/<id>/"
	Title       string
	Description *Body // nil without a topic file
	Params      map[string]any

	Transcripts []*Transcript // newest first
	Speakers    []SpeakerCount
}

// SpeakerCount is how often a speaker speaks in a topic's transcripts.
type SpeakerCount struct {
	Speaker *Speaker
	Turns   int
}

// Page is a free page such as /about/.
type Page struct {
	Path   string // "about/"
	Title  string
	Body   Body
	Params map[string]any
}

// Top says whether the page sits at the top of the site (/about/, /manual/)
// rather than below another page's path (/manual/commands/). The theme's
// navigation lists the top ones only, so that a manual of many pages adds
// one entry to it; its top page links to the rest.
func (p *Page) Top() bool { return strings.Count(p.Path, "/") == 1 }

// URL returns the link to a site-relative path: the base URL's path in
// front, the path percent-encoded (EscapePath).
func (s *Site) URL(rel string) string { return s.Config.BasePath() + EscapePath(rel) }

// Permalink returns the absolute URL of a site-relative path, for feeds and
// sitemaps; with a base URL that is only a path, it is the path.
func (s *Site) Permalink(rel string) string {
	return s.Config.BaseURL + EscapePath(rel)
}
