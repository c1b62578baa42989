package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/importer"
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
web page, the text or Word (.docx) exports of transcription tools (Otter.ai,
Rev, Descript and the like), SRT or WebVTT captions, podcast namespace JSON,
Markdown with front matter. Each FILE gives one transcript, named after its
date and title; a FOLDER gives one for each such file under it. A file that
cannot be read is reported and the others are still imported.`
	fs := newFlagSet("import", summary, stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: generator import [flags] FILE|FOLDER...\n\n%s\n\nFlags:\n", summary)
		fs.PrintDefaults()
	}
	format := fs.String("format", "auto", "the input `format`: auto, text, srt, vtt or json; or a tool's text layout: otter, rev, descript or bold-time")
	into := fs.String("into", filepath.Join("content", "transcripts"), "the `folder` to write transcripts to")
	speakers := speakerFlags{}
	fs.Var(speakers, "speaker", "use this id for a label, as `Label=id` (\"MS. PSAKI=psaki\"); repeatable")
	dryRun := fs.Bool("dry-run", false, "write nothing: show what each file gives, and the boilerplate lines left out")
	force := fs.Bool("force", false, "replace transcripts that already exist")
	if err := fs.Parse(args); err != nil {
		return flagStatus(err)
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
	files, err := importer.ExpandFolders(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "generator import:", err)
		return 1
	}
	failed := importer.ImportFiles(files, importer.FilesOptions{Format: f, Speakers: speakers, Into: *into,
		DryRun: *dryRun, Force: *force, Stdout: stdout, Stderr: stderr})
	if failed > 0 {
		fmt.Fprintf(stderr, "import: %d of %d files failed\n", failed, len(files))
		return 1
	}
	return 0
}
