// Package importer reads transcripts as the world hands them over — text
// copied from a web page, SRT or WebVTT captions, podcast-namespace JSON —
// into one neutral model, and writes that model as a Markdown transcript
// that follows the archive's contract. Caption files are read by package
// captions; this package finds the speakers in what they hold and makes
// turns of it. ImportFiles is the import command: files in, transcripts
// written into the archive.
//
// Archives start as whatever a website or a captioning tool produced, and
// the contract's Markdown is the only form the rest of the generator reads;
// this package is the bridge, kept apart from the build so that a bad input
// file never reaches it.
package importer

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/diag"
)

// Format is a kind of input file.
type Format string

// The formats Import reads. Auto means: look at the content.
const (
	Auto Format = "auto"
	Text Format = "text"
	SRT  Format = "srt"
	VTT  Format = "vtt"
	JSON Format = "json"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case "", Auto:
		return Auto, nil
	case Text, SRT, VTT, JSON:
		return f, nil
	case "txt", "docx":
		return Text, nil
	case "webvtt":
		return VTT, nil
	}
	if _, ok := layoutNamed(string(f)); ok {
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (auto, text, %s, srt, vtt or json)", s, layoutNames())
}

// byExtension is the format a file's name promises, or "".
func byExtension(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".srt":
		return SRT
	case ".vtt", ".webvtt":
		return VTT
	case ".json":
		return JSON
	}
	return ""
}

// Transcript is what an import finds, whatever the input format.
type Transcript struct {
	Title    string
	Date     string // 2006-01-02
	Location string
	Source   string  // URL of the original, when the input names one
	Kept     []Field // other keys of the input's front matter, kept as they were
	Speakers []Speaker
	Preamble []string // paragraphs before the first turn
	Turns    []Turn

	Format Format
	// Layout is the transcription tool's layout a text was read in
	// ("otter", "rev", ...), "" for labels as the contract writes them.
	Layout   string
	Encoding string    // the input's character encoding, e.g. "UTF-8", "Windows-1252"
	Dropped  []Dropped // boilerplate left out
	Warnings []string  // things a person should check, each "line N: ..." where a line is known

	// Slug is the file name to write, without ".md".
	Slug string
}

// Speaker is one speaker of a transcript, as the contract's front matter
// lists them.
type Speaker struct {
	ID      string
	Name    string
	Role    string
	Aliases []string // other labels the input used for this speaker
}

// Turn is one speaker's turn.
type Turn struct {
	Speaker    string // speaker id
	Start      time.Duration
	Timed      bool // Start is known
	Paragraphs []string
	Line       int // where the turn starts in the input
}

// Dropped is a line of boilerplate the import left out.
type Dropped struct {
	Line int
	Text string
}

// Options say how to import one file.
type Options struct {
	Format Format
	// Name is the file's name, for messages; its base name also gives a
	// title and a date when the content has none.
	Name string
	// Speakers maps labels as written ("MS. PSAKI", "Q") to speaker ids,
	// so that an archive's existing ids are used. Labels match with case
	// and runs of white space folded.
	Speakers map[string]string
	// ModTime is the file's modification time: the date of last resort.
	ModTime time.Time
}

// Import reads one file's bytes. Errors name the file, and the line when
// one is to blame.
func Import(data []byte, opt Options) (*Transcript, error) {
	name := opt.Name
	if name == "" {
		name = "input"
	}
	text, enc, err := readText(data, name)
	if err != nil {
		return nil, diag.At(name, 0, "%v", err)
	}
	format := opt.Format
	forced, named := layoutNamed(string(format))
	if named {
		format = Text
	}
	if format == "" || format == Auto {
		if format, err = detect(text); err != nil {
			return nil, diag.At(name, 0, "%v", err)
		}
		// A caption file whose content does not look like one is a broken
		// caption file, better reported as such than imported as prose.
		if ext := byExtension(name); format == Text && ext != "" {
			format = ext
		}
	}
	reg, err := newRegistry(opt.Speakers)
	if err != nil {
		return nil, err
	}
	p := &parse{file: name, reg: reg, layout: forced, t: &Transcript{Format: format, Encoding: enc}}
	if enc != "UTF-8" {
		p.warn(0, "read as %s and converted to UTF-8", enc)
	}
	if mojibake(text) {
		p.warn(0, "the text holds sequences such as \"Ã©\" or \"â€™\", which are usually UTF-8 that was once read as Windows-1252: check the accents and quotes")
	}
	switch format {
	case Text:
		err = p.text(text)
	case SRT, VTT:
		err = p.captions(text, format)
	case JSON:
		err = p.podcastJSON(text)
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		if diag.Flatten(err) == nil {
			err = diag.At(name, 0, "%v", err)
		}
		return nil, err
	}
	p.finish(opt)
	return p.t, nil
}

// parse is the state of one import.
type parse struct {
	file   string
	reg    *registry
	layout *layout // the layout --format named, if it named one
	t      *Transcript
}

func (p *parse) warn(line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	p.t.Warnings = append(p.t.Warnings, msg)
}

func (p *parse) errorAt(line int, format string, args ...any) error {
	return diag.At(p.file, line, format, args...)
}

// finish fills in what the input did not say: a title and a date from the
// file's name or time, the speakers list, and the slug.
func (p *parse) finish(opt Options) {
	t := p.t
	base := strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	fromName := false
	if t.Title == "" {
		t.Title = titleFromName(base)
		fromName = true
		p.warn(0, "no title in the file: used its name, %q", t.Title)
	}
	slugDate := t.Date
	if t.Date == "" {
		// "_" is a word character to \b, but a separator in file names.
		if d, ok := findDate(strings.ReplaceAll(base, "_", " ")); ok {
			t.Date, slugDate = d.date, d.date
		} else if !opt.ModTime.IsZero() {
			t.Date = opt.ModTime.Format("2006-01-02")
			p.warn(0, "no date in the file or its name: used the day it was last changed, %s", t.Date)
		} else {
			t.Date = "1970-01-01"
			p.warn(0, "no date in the file or its name: set to %s; correct it", t.Date)
		}
	}
	for _, tu := range t.Turns {
		if tu.Timed && tu.Start >= maxClock {
			p.warn(tu.Line, "a time of %v is past what a timestamp can show (99:59:59): left out", tu.Start)
		}
	}
	t.Speakers = p.reg.used(t.Turns)
	if len(t.Turns) == 0 {
		p.warn(0, "no speaker labels found: everything is preamble")
	}
	// A date guessed from the file's time stays out of its permanent URL.
	t.Slug = makeSlug(t.Title, slugDate, base, fromName)
	if s := t.keptSlug(); s != "" {
		t.Slug = s
	}
}
