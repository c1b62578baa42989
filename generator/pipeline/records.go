package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/verbatim-archive/verbatim/generator/internal/atomicfile"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/generator/parallel"
)

// writeRecords writes the turn records that this build changed beside the
// content (load.RecordsDir), as go.sum is written beside go.mod, and notes
// them in src so that the next build of the process starts from them. It
// gives the records written, as shown in messages.
func writeRecords(src *load.Source, site *model.Site) ([]string, error) {
	var todo []*model.Transcript
	for _, t := range site.Transcripts {
		if t.Addresses.Changed {
			todo = append(todo, t)
		}
	}
	data := make([][]byte, len(todo))
	errs := make([]error, len(todo))
	parallel.ForReads(len(todo), func(i int) {
		t := todo[i]
		data[i] = t.Addresses.Record.Format()
		if err := atomicfile.Write(load.RecordPath(src.Dir, t.Slug), data[i], true); err != nil {
			errs[i] = fmt.Errorf("writing the turn record of %s: %w", t.File, err)
			return
		}
		// A renamed transcript took its old record over: the record
		// moves with it.
		// On a file system that folds case (macOS, Windows) a slug
		// changed only in case names the record just written: it stays.
		if old := t.Addresses.Adopted; old != "" && !sameFile(load.RecordPath(src.Dir, t.Slug), load.RecordPath(src.Dir, old)) {
			if err := os.Remove(load.RecordPath(src.Dir, old)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs[i] = fmt.Errorf("removing the turn record %s taken over by %s: %w", old, t.File, err)
			}
		}
	})
	var written []string
	for i, t := range todo {
		if errs[i] != nil {
			return nil, errs[i]
		}
		src.SetRecord(t.Slug, data[i])
		if old := t.Addresses.Adopted; old != "" {
			delete(src.Records, old)
		}
		written = append(written, src.Records[t.Slug].Name)
	}
	slices.Sort(written)
	return written, nil
}

// sameFile reports whether two paths name one existing file.
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}
