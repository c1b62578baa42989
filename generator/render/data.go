package render

import (
	"fmt"
	"path"
	"strings"

	"github.com/verbatim-archive/verbatim/generator/dataset"
)

// DataView is what the data page shows: the files of the archive as data,
// their licence, and the line of pandas and of R that loads them.
type DataView struct {
	Files   []DataFile
	Turns   int
	Licence string
	Pandas  string
	R       string
}

// DataFile is one file on the data page.
type DataFile struct {
	dataset.File
	Name string // "turns.jsonl.gz"
	Link string // under the base path, for the page's link
	URL  string // absolute when the base URL is, for the code that loads it
	Size string // "3.2 MB"
}

// Years is "2019–2024", or one year.
func (f DataFile) Years() string {
	if f.From.Year() == f.To.Year() {
		return fmt.Sprint(f.From.Year())
	}
	return fmt.Sprintf("%d–%d", f.From.Year(), f.To.Year())
}

// DataPage writes the page that lists the files under data/, which
// dataset.Write made.
func (rr *Renderer) DataPage(files []dataset.File) error {
	r := rr.r
	d := &DataView{Licence: r.site.Config.Data.Licence}
	var urls []string
	for _, f := range files {
		df := DataFile{File: f, Name: path.Base(f.Path), Link: r.sv.Base + f.Path, URL: r.site.Permalink(f.Path), Size: megabytes(f.Bytes)}
		d.Files = append(d.Files, df)
		d.Turns += f.Turns
		urls = append(urls, df.URL)
	}
	switch len(urls) {
	case 0:
	case 1:
		d.Pandas = fmt.Sprintf("turns = pd.read_json(%q, lines=True)", urls[0])
		d.R = fmt.Sprintf("turns <- jsonlite::stream_in(gzcon(url(%q)))", urls[0])
	default:
		d.Pandas = fmt.Sprintf("turns = pd.concat(pd.read_json(u, lines=True) for u in [%s])", quoted(urls, ", "))
		d.R = fmt.Sprintf("turns <- do.call(rbind, lapply(c(%s), function(u) jsonlite::stream_in(gzcon(url(u)))))", quoted(urls, ", "))
	}
	v := r.view("data", r.word("data"), dataset.Dir)
	v.Data = d
	return r.html("data", v)
}

func quoted(list []string, sep string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, sep)
}

// megabytes gives a file's size as the page shows it.
func megabytes(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
