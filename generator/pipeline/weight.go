package pipeline

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/output"
)

// PagesLimit is the largest site GitHub Pages publishes: 1 GB, which its
// deploy action counts as 2^30 bytes. GitLab Pages stops at the same size.
const PagesLimit = 1 << 30

// tarBlock is the unit of a tar archive: each file and folder takes a
// header block, and a file's bytes fill whole blocks.
const tarBlock = 512

// tarRecord is what GNU tar pads a whole archive to.
const tarRecord = 20 * tarBlock

// weight is the bytes of a kind of file of the site.
type weight struct {
	kind  string // "transcripts/…/*.html"
	bytes int64
}

// siteBytes is the size of the site's files.
func siteBytes(files map[string]output.Sum) int64 {
	var n int64
	for _, s := range files {
		n += int64(s.Size)
	}
	return n
}

// publishedBytes is the size of the site as GitHub Pages receives it: the
// Pages workflow uploads the destination as one tar archive, and that
// archive, not the sum of the files, is what must stay under the limit.
// Headers and padding add about 1 KB a file, 50 MB at 20,000 transcripts:
// enough to take a site of 1.0 GB of files over. t is the tally of the
// files; folders counts the site's folders, its top one included, each a
// header block. (A folder whose path passes 100 bytes takes a block or
// two more, which this leaves out: its files, with longer paths, are
// counted with theirs.)
func publishedBytes(t tally, folders int) int64 {
	n := t.tar + int64(folders)*tarBlock + 2*tarBlock // and the archive's end
	return (n + tarRecord - 1) / tarRecord * tarRecord
}

// tarBytes is what the site's file rel of size bytes takes in a tar
// archive: a header block, and its bytes in whole blocks. The archive
// names it "./rel"; a name past the header's 100 bytes goes in a header
// and blocks of its own before it (GNU tar's long name).
func tarBytes(rel string, size int) int64 {
	n := tarBlock + roundBlock(size)
	if name := len("./") + len(rel); name > 100 {
		n += tarBlock + roundBlock(name+1)
	}
	return n
}

// roundBlock is n bytes in whole tar blocks.
func roundBlock(n int) int64 {
	return (int64(n) + tarBlock - 1) / tarBlock * tarBlock
}

// tooHeavy is the warning for a site that publishes to more than limit
// bytes (PagesLimit when limit is 0; published is publishedBytes), naming the kinds
// of file that weigh most, so that a user sees what to cut; "" when the
// site is within it.
func tooHeavy(files map[string]output.Sum, published, limit int64) string {
	if limit <= 0 {
		limit = PagesLimit
	}
	if published <= limit {
		return ""
	}
	by := map[string]int64{}
	for rel, s := range files {
		by[kindOf(rel)] += int64(s.Size)
	}
	var ws []weight
	for k, n := range by {
		ws = append(ws, weight{k, n})
	}
	slices.SortFunc(ws, func(a, b weight) int { return cmp.Or(cmp.Compare(b.bytes, a.bytes), strings.Compare(a.kind, b.kind)) })
	var top []string
	for _, w := range ws[:min(3, len(ws))] {
		top = append(top, fmt.Sprintf("%s %s", w.kind, size(w.bytes)))
	}
	over := fmt.Sprintf("more than %s (GitHub Pages publishes at most %s)", size(limit), size(PagesLimit))
	if limit == PagesLimit {
		over = fmt.Sprintf("more than the %s GitHub Pages publishes", size(PagesLimit))
	}
	return fmt.Sprintf("the site is %s as published (%s of files, in the tar archive the Pages workflow uploads), %s: its largest files are %s",
		size(published), size(siteBytes(files)), over, strings.Join(top, ", "))
}

// kindOf groups a file of the site with those like it: by its top folder
// and extension ("transcripts/…/*.json", "search/…/*.bin"), or as itself
// at the top.
func kindOf(rel string) string {
	top, rest, ok := strings.Cut(rel, "/")
	if !ok {
		return rel
	}
	if !strings.Contains(rest, "/") {
		return top + "/*" + path.Ext(rest)
	}
	return top + "/…/*" + path.Ext(rest)
}

// size writes n bytes as du -h does, in powers of 1,024: "56 MB", "1.7 GB".
func size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	name := []string{"KB", "MB", "GB", "TB"}[i]
	if v < 10 {
		return fmt.Sprintf("%.1f %s", v, name)
	}
	return fmt.Sprintf("%.0f %s", v, name)
}

// tally is what a build reports of its site's files besides their number:
// its pages and bytes, and what the files take in a tar archive (tarBytes).
type tally struct {
	pages int
	bytes int64
	tar   int64
}

func tallyOf(files map[string]output.Sum) tally {
	t := tally{bytes: siteBytes(files)}
	for rel, s := range files {
		if strings.HasSuffix(rel, ".html") {
			t.pages++
		}
		t.tar += tarBytes(rel, s.Size)
	}
	return t
}

// after gives the tally of the site after a commit that changed ch, from
// t, the tally of the files before it (was): a save at 20,000
// transcripts writes a few files of 90,000.
func (t tally) after(was, now map[string]output.Sum, ch *output.Changes) tally {
	for _, rel := range ch.Written {
		old, had := was[rel]
		t.bytes += int64(now[rel].Size - old.Size)
		t.tar += tarBytes(rel, now[rel].Size)
		if had {
			t.tar -= tarBytes(rel, old.Size)
		}
		if !had && strings.HasSuffix(rel, ".html") {
			t.pages++
		}
	}
	for _, rel := range ch.Removed {
		t.bytes -= int64(was[rel].Size)
		t.tar -= tarBytes(rel, was[rel].Size)
		if strings.HasSuffix(rel, ".html") {
			t.pages--
		}
	}
	return t
}
