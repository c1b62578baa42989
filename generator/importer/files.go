package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
)

// FilesOptions say how to import files into an archive, as the import
// command's flags do; messages name the flags.
type FilesOptions struct {
	Format   Format
	Speakers map[string]string // as in Options
	Into     string            // the folder to write transcripts to
	DryRun   bool              // write nothing: show what each file gives
	Force    bool              // replace transcripts that already exist
	// Stdout gets what each file gave; Stderr what went wrong, and what
	// to check.
	Stdout, Stderr io.Writer
}

// importable are the extensions of the files ExpandFolders takes from a
// folder: what import reads, and Markdown an old site keeps.
var importable = map[string]bool{".txt": true, ".text": true, ".md": true, ".markdown": true,
	".srt": true, ".vtt": true, ".webvtt": true, ".json": true, ".docx": true}

// ExpandFolders replaces each folder among the import command's arguments
// by the files under it that import reads (by extension, hidden ones left
// out), in lexical order, so that an archive is imported in one command.
// Other arguments stay as they are: a file named is imported whatever its
// name, and one that does not exist is reported by ImportFiles.
func ExpandFolders(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			out = append(out, a)
			continue
		}
		n := len(out)
		err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != a
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case !d.IsDir() && !hidden && importable[strings.ToLower(filepath.Ext(path))]:
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		if len(out) == n {
			return nil, fmt.Errorf("%s: a folder with no file import reads (.txt, .md, .srt, .vtt, .json, .docx)", a)
		}
	}
	return out, nil
}

// ImportFiles imports each file into a Markdown transcript in opt.Into,
// named after its slug, never half-written. A file that cannot be
// imported, or that would write where another did, is reported and the
// others are still imported; it returns how many failed.
func ImportFiles(files []string, opt FilesOptions) (failed int) {
	written := map[string]string{} // output path -> the input it came from
	for _, in := range files {
		out, err := opt.importFile(in, written)
		if err != nil {
			fmt.Fprintln(opt.Stderr, err)
			failed++
			continue
		}
		written[out] = in
	}
	return failed
}

// importFile imports one file and returns the path it wrote (or would).
func (fo FilesOptions) importFile(in string, written map[string]string) (string, error) {
	opt := Options{Format: fo.Format, Name: in, Speakers: fo.Speakers}
	data, err := os.ReadFile(in)
	if err != nil {
		return "", fmt.Errorf("%s: %w", in, err)
	}
	if st, err := os.Stat(in); err == nil {
		opt.ModTime = st.ModTime()
	}
	t, err := Import(data, opt)
	if err != nil {
		return "", err
	}
	out := filepath.Join(fo.Into, t.Slug+".md")
	if prev, ok := written[out]; ok {
		return "", fmt.Errorf("%s: would write %s, as %s does: import it on its own or rename one of them", in, out, prev)
	}
	if fo.DryRun {
		fmt.Fprintf(fo.Stdout, "%s -> %s\n%s", in, out, describe(t))
		if _, err := os.Stat(out); err == nil && !fo.Force {
			fmt.Fprintf(fo.Stdout, "  note: %s exists; importing would need --force\n", out)
		}
		return out, nil
	}
	if err := atomicfile.Write(out, t.Markdown(), fo.Force); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s: %s exists: use --force to replace it", in, out)
		}
		return "", fmt.Errorf("%s: %w", in, err)
	}
	fmt.Fprintf(fo.Stdout, "%s -> %s (%s, %s, %s)\n", in, out, t.FormatName(), countOf(len(t.Speakers), "speaker"), countOf(len(t.Turns), "turn"))
	if n := len(t.Dropped); n > 0 {
		fmt.Fprintf(fo.Stderr, "%s: left out %d lines of boilerplate (--dry-run lists them)\n", in, n)
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(fo.Stderr, "%s: warning: %s\n", in, w)
	}
	return out, nil
}

// describe is what --dry-run shows of an import.
func describe(t *Transcript) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  format: %s, %s\n", t.FormatName(), t.Encoding)
	if ly, ok := layoutNamed(t.Layout); ok {
		fmt.Fprintf(&b, "  layout: %s\n", ly.what)
	}
	fmt.Fprintf(&b, "  title: %s\n  date: %s\n", t.Title, t.Date)
	if t.Location != "" {
		fmt.Fprintf(&b, "  location: %s\n", t.Location)
	}
	turns := map[string]int{}
	for _, tu := range t.Turns {
		turns[tu.Speaker]++
	}
	for _, sp := range t.Speakers {
		if sp.Name == "" {
			// Labelled by the input's label; the archive names them.
			fmt.Fprintf(&b, "  speaker: %s, labelled %s", sp.ID, strings.Join(sp.Aliases, ", "))
		} else {
			fmt.Fprintf(&b, "  speaker: %s = %s", sp.ID, sp.Name)
		}
		if sp.Role != "" {
			fmt.Fprintf(&b, " (%s)", sp.Role)
		}
		if len(sp.Aliases) > 0 && sp.Name != "" {
			fmt.Fprintf(&b, ", also %s", strings.Join(sp.Aliases, ", "))
		}
		fmt.Fprintf(&b, ": %s\n", countOf(turns[sp.ID], "turn"))
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

// countOf writes "1 turn" or "n turns".
func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
