package check

import (
	"fmt"

	"github.com/verbatim-archive/verbatim/generator/load"
)

// records reports turn records (load.RecordsDir) not committed or out of
// date: a build on a clean clone still numbers the turns as the author's
// machine does, aligning the edited transcripts with the records there
// are, but the edit after that would be aligned with an older record than
// the author's.
func (c *checker) records() {
	dir := "content/" + load.RecordsDir
	if c.src.Records == nil {
		if len(c.site.Transcripts) > 0 {
			c.add(Finding{Severity: Warning, Message: fmt.Sprintf(
				"no turn records (%s): the site was never built, or the folder was not committed; turns are numbered in document order, which later edits would shift: run build (or watch) and commit %s with the transcripts",
				dir, dir)})
		}
		return
	}
	for _, t := range c.site.Transcripts {
		// A transcript without a record is new: a build numbers it in
		// document order, as its record will.
		if a := t.Addresses; a.Adopted != "" {
			c.add(Finding{File: t.File, Severity: Warning, Message: fmt.Sprintf(
				"the transcript was %s, and its turn record %s/%s.txt has not moved with it yet: run build (or watch) and commit %s",
				"renamed from "+a.Adopted, dir, a.Adopted, dir)})
		} else if a.Recorded && a.Changed {
			c.add(Finding{File: a.File, Severity: Warning, Message: fmt.Sprintf(
				"the turn record is out of date: %s was edited since it was written; run build (or watch) and commit %s with the transcript, so that the next edit keeps its turn addresses",
				t.File, dir)})
		}
	}
}
