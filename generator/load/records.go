package load

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/internal/wholefile"
	"golang.org/x/text/unicode/norm"
)

// RecordsDir is the folder of content/ that keeps each transcript's turn
// record (package turnids), committed with the transcripts. A dot-folder:
// the build publishes none and watch mode does not see its writes.
const RecordsDir = ".turnids"

// Record is a transcript's turn record as read from disk.
type Record struct {
	Name string // as shown in messages: "content/.turnids/<slug>.txt"
	Data []byte
}

// RecordPath is where the record of the transcript with the slug lives.
func RecordPath(siteDir, slug string) string {
	return filepath.Join(siteDir, "content", RecordsDir, filepath.FromSlash(slug)+".txt")
}

// readRecords reads every record under content/.turnids, by slug; nil
// when there is no such folder.
func readRecords(siteDir string) (map[string]Record, diag.List) {
	root := filepath.Join(siteDir, "content", RecordsDir)
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	recs := map[string]Record{}
	var errs diag.List
	names := newNamer()
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !(errors.Is(err, fs.ErrNotExist) && p == root) {
				errs = append(errs, diag.At(display(p), 0, "%v", err))
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".txt") || ignored(d.Name()) {
			return nil
		}
		data, err := wholefile.Read(p, math.MaxInt64)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // moved away since the folder was listed (a build of a renamed transcript)
		}
		if err != nil {
			errs = append(errs, diag.At(display(p), 0, "%v", err))
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		// NFC: macOS may hand a file name over decomposed, and slugs
		// are NFC (model.Slugify).
		slug := norm.NFC.String(strings.TrimSuffix(filepath.ToSlash(rel), ".txt"))
		recs[slug] = Record{Name: names.name(p), Data: data}
		return nil
	})
	return recs, errs
}

// SetRecord notes a record the build wrote, so that a Source updated
// from this one (Update) starts from it.
func (src *Source) SetRecord(slug string, data []byte) {
	if src.Records == nil {
		src.Records = map[string]Record{}
	}
	src.Records[slug] = Record{Name: display(RecordPath(src.Dir, slug)), Data: data}
}
