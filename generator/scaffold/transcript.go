package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// TranscriptOptions describe a new transcript.
type TranscriptOptions struct {
	Source   string    // the site folder
	Title    string    // required
	Date     string    // "2021-07-07" or RFC 3339; "" for the day of Now
	Speakers []string  // ids or names, as the front matter takes them
	Now      time.Time // today, for a transcript without a date
}

// NewTranscript writes content/transcripts/<year>/<slug>.md with its front
// matter filled in and a turn begun for each speaker, and returns its path.
// The slug is made from the title; a file or a transcript with that slug
// already there is an error, never overwritten. The transcript is a draft,
// left out of the site until the author removes "draft: true".
func NewTranscript(o TranscriptOptions) (string, error) {
	title := strings.TrimSpace(o.Title)
	if title == "" {
		return "", errors.New("a transcript needs a title")
	}
	date := strings.TrimSpace(o.Date)
	var day time.Time
	if date == "" {
		day = o.Now
		date = day.Format("2006-01-02")
	} else {
		var err error
		if day, err = parseDate(date); err != nil {
			return "", err
		}
	}
	slug := model.Slugify(title)
	if slug == "" {
		return "", fmt.Errorf("cannot make a file name from the title %q: give it some letters or digits", title)
	}
	content := filepath.Join(o.Source, "content")
	if st, err := os.Stat(content); err != nil || !st.IsDir() {
		return "", fmt.Errorf("%s has no content folder: run this in a site's folder, or give it with --source (generator new site starts one)", o.Source)
	}

	// The build needs every slug to be unique; finding a clash now spares
	// a failed build later. A site with errors still lists its files.
	if src, _ := load.Site(o.Source); src != nil {
		for _, f := range src.Files[load.Transcripts] {
			s, _ := f.Front.Values["slug"].(string)
			if s == "" {
				s = model.Slugify(path.Base(strings.TrimSuffix(f.Path, ".md")))
			}
			if s == slug {
				return "", fmt.Errorf("the slug %q is already used by %s: choose another title", slug, f.Name)
			}
		}
	}

	var fm strings.Builder
	fm.WriteString("---\n")
	fm.WriteString("title: " + yamlString(title) + "\n")
	fm.WriteString("date: " + date + "\n") // checked above: a date or RFC 3339, plain YAML
	var labels []string
	if len(o.Speakers) == 0 {
		fm.WriteString("speakers: [] # who speaks: ids of content/speakers/<id>.md, or names\n")
	} else {
		fm.WriteString("speakers:\n")
		for _, s := range o.Speakers {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			fm.WriteString("  - " + yamlString(s) + "\n")
			labels = append(labels, label(content, s))
		}
	}
	fm.WriteString("topics: []\n")
	fm.WriteString("# location: where it was said\n")
	fm.WriteString("# source: https://… (the original)\n")
	fm.WriteString("# media: https://… (the recording: timestamps such as [00:12:34] then link to it)\n")
	fm.WriteString("# summary: one or two sentences\n")
	fm.WriteString("draft: true # remove this line to publish it\n")
	fm.WriteString("---\n")
	for _, l := range labels {
		fm.WriteString("\n**" + l + ":** …\n")
	}

	rel := filepath.Join("content", "transcripts", day.Format("2006"), slug+".md")
	p := filepath.Join(o.Source, rel)
	if err := atomicfile.Write(p, []byte(fm.String()), false); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s already exists: not overwritten", p)
		}
		return "", err
	}
	return p, nil
}

// label is what a speaker's turns start with: the name in their profile,
// else the name or id as given. The profile is read on its own, so that
// a site whose settings do not load yet still gets the right labels.
func label(content, s string) string {
	if !model.IsID(s) {
		return s
	}
	data, err := os.ReadFile(filepath.Join(content, "speakers", s+".md"))
	if err != nil {
		return s
	}
	front, format, _, _, err := load.SplitFront(data)
	if err != nil {
		return s
	}
	f, err := load.DecodeFront(front, format)
	if err != nil {
		return s
	}
	if n, _ := f.Values["name"].(string); strings.TrimSpace(n) != "" {
		return strings.TrimSpace(n)
	}
	return s
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: write it as 2021-07-07 or in RFC 3339 (2021-07-07T10:00:00Z)", s)
}
