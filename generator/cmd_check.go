package main

import (
	"fmt"
	"io"

	"github.com/verbatim-archive/verbatim/generator/check"
)

// checkCmd runs generator check: findings on stdout, one a line or as a
// JSON array, and a summary on stderr, so that tools read stdout alone.
func checkCmd(args []string, stdout, stderr io.Writer) int {
	var opt check.Options
	var format string
	var strict bool
	fs := newFlagSet("check", "Checks the site without publishing it: everything build would reject, what it would\n"+
		"only warn about, likely mistakes (misspelt speaker labels and front matter keys, unused\n"+
		"footnotes, timestamps out of order, missing images), and, after a build into a temporary\n"+
		"folder, every link and anchor of the output. Each finding is printed as\n"+
		"file:line: severity: message. Exits 1 if there is an error (or, with --strict, a warning).", stderr)
	fs.StringVar(&opt.Source, "source", ".", "the site `folder` (holding content/)")
	fs.StringVar(&opt.BaseURL, "base-url", "", "check the site as published at this URL, overriding base_url in site.yaml")
	fs.BoolVar(&opt.Drafts, "drafts", false, "check transcripts and pages marked draft too")
	fs.StringVar(&format, "format", "text", "text, or json for a JSON array of {file, line, severity, message}")
	fs.BoolVar(&strict, "strict", false, "fail on warnings too")
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(stderr, "generator check: --format %q: use text or json\n", format)
		return 2
	}
	rep, err := check.Run(opt)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	if err := rep.WriteFindings(stdout, format == "json"); err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return 1
	}
	fmt.Fprintln(stderr, "check:", rep.Summary())
	if rep.Failed(strict) {
		return 1
	}
	return 0
}
