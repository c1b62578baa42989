package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/importer"
	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// speakerFlags collects repeated --speaker "Label=id" flags.
type speakerFlags map[string]string

func (s speakerFlags) String() string { return "" }

func (s speakerFlags) Set(v string) error {
	label, id, ok := strings.Cut(v, "=")
	label, id = strings.TrimSpace(label), strings.TrimSpace(id)
	if !ok || label == "" || id == "" {
		return fmt.Errorf("want Label=id, as in \"MS. PSAKI=psaki\"")
	}
	if !model.IsID(id) {
		return fmt.Errorf("%q is not an id: lowercase letters, digits and '-'", id)
	}
	s[label] = id
	return nil
}

func importCmd(args []string, stdout, stderr io.Writer) int {
	const summary = `Turns raw transcripts into Markdown transcripts under --into: text copied from a
web page, SRT or WebVTT captions, podcast namespace JSON. Each FILE gives one
transcript, named after its date and title. A file that cannot be read is
reported and the others are still imported.`
	fs := newFlagSet("import", summary, stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: generator import [flags] FILE...\n\n%s\n\nFlags:\n", summary)
		fs.PrintDefaults()
	}
	format := fs.String("format", "auto", "the input `format`: auto, text, srt, vtt or json")
	into := fs.String("into", filepath.Join("content", "transcripts"), "the `folder` to write transcripts to")
	speakers := speakerFlags{}
	fs.Var(speakers, "speaker", "use this id for a label, as `Label=id` (\"MS. PSAKI=psaki\"); repeatable")
	dryRun := fs.Bool("dry-run", false, "write nothing: show what each file gives, and the boilerplate lines left out")
	force := fs.Bool("force", false, "replace transcripts that already exist")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	f, err := importer.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "generator import: --format:", err)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "generator import: no FILE given")
		fs.Usage()
		return 2
	}
	failed := 0
	written := map[string]string{} // output path -> the input it came from
	for _, in := range fs.Args() {
		out, err := importFile(in, *into, importer.Options{Format: f, Name: in, Speakers: speakers}, written, *dryRun, *force, stdout, stderr)
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed++
			continue
		}
		written[out] = in
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "import: %d of %d files failed\n", failed, fs.NArg())
		return 1
	}
	return 0
}

// importFile imports one file and returns the path it wrote (or would).
func importFile(in, into string, opt importer.Options, written map[string]string, dryRun, force bool, stdout, stderr io.Writer) (string, error) {
	data, err := os.ReadFile(in)
	if err != nil {
		return "", fmt.Errorf("%s: %w", in, err)
	}
	if st, err := os.Stat(in); err == nil {
		opt.ModTime = st.ModTime()
	}
	t, err := importer.Import(data, opt)
	if err != nil {
		return "", err
	}
	out := filepath.Join(into, t.Slug+".md")
	if prev, ok := written[out]; ok {
		return "", fmt.Errorf("%s: would write %s, as %s does: import it on its own or rename one of them", in, out, prev)
	}
	if dryRun {
		fmt.Fprintf(stdout, "%s -> %s\n%s", in, out, describe(t))
		if _, err := os.Stat(out); err == nil && !force {
			fmt.Fprintf(stdout, "  note: %s exists; importing would need --force\n", out)
		}
		return out, nil
	}
	if err := atomicfile.Write(out, t.Markdown(), force); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s: %s exists: use --force to replace it", in, out)
		}
		return "", fmt.Errorf("%s: %w", in, err)
	}
	fmt.Fprintf(stdout, "%s -> %s (%s, %d speakers, %d turns)\n", in, out, t.Format, len(t.Speakers), len(t.Turns))
	if n := len(t.Dropped); n > 0 {
		fmt.Fprintf(stderr, "%s: left out %d lines of boilerplate (--dry-run lists them)\n", in, n)
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(stderr, "%s: warning: %s\n", in, w)
	}
	return out, nil
}

// describe is what --dry-run shows of an import.
func describe(t *importer.Transcript) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  format: %s, %s\n", t.Format, t.Encoding)
	fmt.Fprintf(&b, "  title: %s\n  date: %s\n", t.Title, t.Date)
	if t.Location != "" {
		fmt.Fprintf(&b, "  location: %s\n", t.Location)
	}
	turns := map[string]int{}
	for _, tu := range t.Turns {
		turns[tu.Speaker]++
	}
	for _, sp := range t.Speakers {
		fmt.Fprintf(&b, "  speaker: %s = %s", sp.ID, sp.Name)
		if sp.Role != "" {
			fmt.Fprintf(&b, " (%s)", sp.Role)
		}
		if len(sp.Aliases) > 0 {
			fmt.Fprintf(&b, ", also %s", strings.Join(sp.Aliases, ", "))
		}
		fmt.Fprintf(&b, ": %d turns\n", turns[sp.ID])
	}
	fmt.Fprintf(&b, "  turns: %d, preamble: %d paragraphs\n", len(t.Turns), len(t.Preamble))
	for _, d := range t.Dropped {
		fmt.Fprintf(&b, "  dropped line %d: %s\n", d.Line, d.Text)
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(&b, "  warning: %s\n", w)
	}
	return b.String()
}
