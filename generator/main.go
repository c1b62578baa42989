// Command generator is Verbatim: it builds an archive of annotated
// transcripts into a static site. This file only reads the command line
// and hands over to the packages that do the work.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/version"
)

const usage = `Verbatim builds an archive of annotated transcripts into a static site.

Usage:
  generator build [--source DIR] [--destination DIR] [--base-url URL] [--drafts]
  generator watch [build flags]
  generator serve [--addr 127.0.0.1:1313] [build flags]
  generator import [--format auto|text|srt|vtt|json] [--into DIR] [--speaker "Label=id"]... [--dry-run] [--force] FILE...
  generator check [--source DIR] [--base-url URL] [--format text|json] [--strict] [--drafts]
  generator new site DIR [--force]
  generator new transcript "Title" [--date D] [--speakers a,b] [--source DIR]
  generator upgrade-workflow [--source DIR] [--version V]
  generator version
  generator help [command]

Run "generator COMMAND --help" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return buildCmd(args[1:], stdout, stderr)
	case "watch":
		return watchCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "import":
		return importCmd(args[1:], stdout, stderr)
	case "check":
		return checkCmd(args[1:], stdout, stderr)
	case "new":
		return newCmd(args[1:], stdout, stderr)
	case "upgrade-workflow":
		return upgradeWorkflowCmd(args[1:], stdout, stderr)
	case "version", "--version":
		fs := newFlagSet("version", "Prints the generator's release, the commit and date it was built from, and the Go that built it.", stderr)
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		fmt.Fprint(stdout, version.Get())
		return 0
	case "help", "-h", "--help":
		// "help help" and "help --help" print the usage: handing them on
		// would come back here for ever.
		if len(args) > 1 && args[1] != "help" && !strings.HasPrefix(args[1], "-") {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "generator: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// buildFlags are the flags build shares with the commands that build.
type buildFlags struct {
	source, destination, baseURL string
	drafts                       bool
}

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.source, "source", ".", "the site `folder` (holding content/)")
	fs.StringVar(&b.destination, "destination", "", "where to write the site (default <source>/public)")
	fs.StringVar(&b.baseURL, "base-url", "", "the site's URL, overriding base_url in site.yaml (e.g. https://owner.github.io/repo/)")
	fs.BoolVar(&b.drafts, "drafts", false, "include transcripts and pages marked draft")
}

func (b *buildFlags) options() pipeline.Options {
	return pipeline.Options{Source: b.source, Destination: b.destination, BaseURL: b.baseURL, Drafts: b.drafts, Version: version.Get().Release}
}

func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: generator %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

func buildCmd(args []string, stdout, stderr io.Writer) int {
	var bf buildFlags
	fs := newFlagSet("build", "Builds the site into the destination, replacing it only if the build succeeds.", stderr)
	bf.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator build: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	b, err := pipeline.NewOneOff(bf.options())
	if err != nil {
		report(stderr, err)
		return 1
	}
	stop := progress(stdout, b)
	res, err := b.Build(nil)
	stop()
	if err != nil {
		report(stderr, err)
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}

// progress shows b.Progress on one line, rewritten five times a second,
// while a long build runs and stdout is a terminal; the returned func
// stops it and clears the line.
func progress(stdout io.Writer, b *pipeline.Builder) (stop func()) {
	f, ok := stdout.(*os.File)
	if !ok {
		return func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-t.C:
				fmt.Fprint(f, "\r\033[K"+b.Progress())
				shown = true
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

func report(stderr io.Writer, err error) {
	if l := diag.Flatten(err); len(l) > 0 {
		for _, e := range l {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintf(stderr, "build failed: %d problems; the previous output was left as it was\n", len(l))
		return
	}
	fmt.Fprintln(stderr, "error:", err)
}
