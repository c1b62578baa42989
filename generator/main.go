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
	"runtime/debug"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/internal/progress"
	"github.com/verbatim-archive/verbatim/generator/load"
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
	tuneGC(os.LookupEnv)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// gcPercent is the garbage collector's target (GOGC) unless the
// environment sets one. A build allocates about thirty times its live heap
// (1 GB against 35 MB for 2,000 transcripts): at Go's default of 100 it
// collected 56 times, 8% of its CPU (more on a busy machine); at 150, 36
// times and 6%, for a peak of about 135 MB instead of 110 MB, under half
// of Hugo's 300 MB on the same archive. 200 (26 times, 4%) peaked at
// 150-160 MB, too near that half.
const gcPercent = 150

// memoryLimit (GOMEMLIMIT, unless the environment sets one) keeps the
// higher target from taking a large archive's heap where the default
// would not have gone: the project means 100,000 transcripts to build in
// 2 GB. The process's peak runs a little above the heap's limit, so the
// limit is 1.5 GiB: at 100,000 synthetic transcripts the peak was 2.11
// GB under a limit of 2 GiB, 1.59 GB under this one, for 7 % more time.
// Only near the limit does the collector work harder; 20,000 transcripts
// peak under 1 GB and never reach it.
const memoryLimit = 3 << 29

// tuneGC sets the collector's target and memory limit where the
// environment, read through lookup, leaves them to the program.
func tuneGC(lookup func(string) (string, bool)) {
	if _, set := lookup("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := lookup("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
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

// buildFlags binds to opt the flags build shares with watch and serve.
func buildFlags(fs *flag.FlagSet, opt *pipeline.Options) {
	fs.StringVar(&opt.Source, "source", ".", "the site `folder` (holding content/)")
	fs.StringVar(&opt.Destination, "destination", "", "where to write the site (default <source>/public)")
	fs.StringVar(&opt.BaseURL, "base-url", "", "the site's URL, overriding base_url in site.yaml (e.g. https://owner.github.io/repo/)")
	fs.BoolVar(&opt.Drafts, "drafts", false, "include transcripts and pages marked draft")
	opt.Version = version.Get().Release
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

// parseFlags parses the flags of a command that takes no arguments. done
// says the command is over, with status code: 0 after --help, 2 for a
// mistake, which has been reported.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		return flagStatus(err), true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2, true
	}
	return 0, false
}

// flagStatus is the exit status of a command whose flags did not parse: 0
// after --help, 2 for a mistake.
func flagStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

func buildCmd(args []string, stdout, stderr io.Writer) int {
	var opt pipeline.Options
	fs := newFlagSet("build", "Builds the site into the destination, replacing it only if the build succeeds.", stderr)
	buildFlags(fs, &opt)
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	b, err := pipeline.NewOneOff(opt)
	if err != nil {
		pipeline.ReportFailure(stderr, err)
		return 1
	}
	stop := progress.Show(stdout, b.Progress)
	res, err := b.Build(nil)
	stop()
	if err != nil {
		pipeline.ReportFailure(stderr, err)
		return 1
	}
	for _, w := range append(res.Warnings, res.Misattributions...) {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintln(stdout, res.Summary())
	switch n := len(res.Records); {
	case n == 1:
		fmt.Fprintf(stdout, "1 turn record written in content/%s: commit it with the transcripts\n", load.RecordsDir)
	case n > 1:
		fmt.Fprintf(stdout, "%d turn records written in content/%s: commit them with the transcripts\n", n, load.RecordsDir)
	}
	return 0
}
