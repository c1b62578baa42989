package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/scaffold"
	"github.com/verbatim-archive/verbatim/generator/version"
)

const newUsage = `Usage:
  generator new site DIR [--force]
  generator new transcript "Title" [--date D] [--speakers a,b] [--source DIR]

"new site" starts a site in DIR: settings, an example transcript, a speaker
profile, a .gitignore and the workflow that publishes it on GitHub Pages.
"new transcript" starts a transcript, as a draft, in the site's
content/transcripts/<year>/. Neither overwrites a file.

Run "generator new site --help" or "generator new transcript --help" for flags.
`

func newCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return 2
	}
	switch args[0] {
	case "site":
		return newSiteCmd(args[1:], stdout, stderr)
	case "transcript":
		return newTranscriptCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, newUsage)
		return 0
	}
	fmt.Fprintf(stderr, "generator new: unknown kind %q: site or transcript\n\n%s", args[0], newUsage)
	return 2
}

// parseInterspersed parses flags wherever they stand among the arguments,
// as in "new site DIR --force", and returns the other arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

func newSiteCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new site DIR", "Starts a site in DIR: content/site.yaml, an example transcript, a speaker profile,\n"+
		".gitignore and .github/workflows/pages.yml. DIR must be empty or missing.", stderr)
	force := fs.Bool("force", false, "write into a folder that is not empty; files already there are kept")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "generator new site: give one folder, as in: generator new site my-archive")
		return 2
	}
	pin, fromLatest := version.Get().Pin()
	w, err := scaffold.NewSite(scaffold.SiteOptions{Dir: rest[0], Force: *force, Now: time.Now(), Version: pin})
	if err != nil {
		fmt.Fprintln(stderr, "generator new site:", err)
		return 1
	}
	for _, f := range w.Files {
		fmt.Fprintln(stdout, "wrote", filepath.Join(rest[0], filepath.FromSlash(f)))
	}
	for _, f := range w.Kept {
		fmt.Fprintln(stdout, "kept ", filepath.Join(rest[0], filepath.FromSlash(f)), "(already there)")
	}
	tellPin(stdout, rest[0], w, pin, fromLatest)
	fmt.Fprintf(stdout, "\nNext: cd %s, then generator build to build it into public/, and generator check\nto check it. To publish it, see \"Publishing to GitHub Pages\" in Verbatim's README.\n", rest[0])
	return 0
}

// tellPin says which release the site's workflow runs: the one it was just
// written with, or, for a workflow that was kept, whether that differs from
// this generator's and how to move it, since the pin never moves silently.
func tellPin(stdout io.Writer, dir string, w *scaffold.Written, pin string, fromLatest bool) {
	if !slices.Contains(w.Kept, scaffold.WorkflowPath) {
		if fromLatest {
			fmt.Fprintf(stdout, "\nThe workflow runs Verbatim %s, the latest release this development build of the\ngenerator knows of.\n", pin)
		} else {
			fmt.Fprintf(stdout, "\nThe workflow runs Verbatim %s, this generator's release.\n", pin)
		}
		return
	}
	kept, err := scaffold.WorkflowPin(dir)
	switch {
	case err != nil:
		fmt.Fprintf(stdout, "\nCould not read the release the kept workflow runs: %v\n", err)
	case kept == "":
		fmt.Fprintf(stdout, "\nThe kept %s pins no release of Verbatim (it has no VERBATIM_VERSION line):\nmove it aside and run this command again for the workflow this generator writes.\n", scaffold.WorkflowPath)
	case kept != pin:
		fmt.Fprintf(stdout, "\nThe kept %s runs Verbatim %s; this generator would pin %s.\nIt was left as it is; to move it: generator upgrade-workflow --source %s\n", scaffold.WorkflowPath, kept, pin, dir)
	}
}

func newTranscriptCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(`new transcript "Title"`, "Starts a transcript in content/transcripts/<year>/<slug>.md, the slug made from the\n"+
		"title, with its front matter filled in. It is a draft until you remove \"draft: true\".", stderr)
	var o scaffold.TranscriptOptions
	var speakers string
	fs.StringVar(&o.Source, "source", ".", "the site `folder` (holding content/)")
	fs.StringVar(&o.Date, "date", "", "the date it was said: 2021-07-07 or RFC 3339 (default today)")
	fs.StringVar(&speakers, "speakers", "", "who speaks: ids or names, separated by commas (`a,b`)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return flagStatus(err)
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, `generator new transcript: give one title, quoted, as in: generator new transcript "Budget hearing"`)
		return 2
	}
	o.Title, o.Now = rest[0], time.Now()
	if speakers != "" {
		o.Speakers = strings.Split(speakers, ",")
	}
	p, err := scaffold.NewTranscript(o)
	if err != nil {
		fmt.Fprintln(stderr, "generator new transcript:", err)
		return 1
	}
	fmt.Fprintln(stdout, "wrote", p)
	fmt.Fprintln(stdout, "It is a draft: generator build --drafts shows it; remove \"draft: true\" to publish it.")
	return 0
}
