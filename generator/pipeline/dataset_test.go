package pipeline_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/dataset"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"golang.org/x/net/html"
)

// readTurnsFile reads a data file: one gzip member, a JSON row a line.
func readTurnsFile(t *testing.T, path string) []dataset.Row {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	var rows []dataset.Row
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r dataset.Row
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s: line %d: %v", path, len(rows)+1, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// The demo archive as data: every turn of every transcript, once, with
// what its index.json says of it; listed on the data page with the
// licence, and linked from every page's footer.
func TestArchiveAsData(t *testing.T) {
	t.Parallel()
	src := sitetest.CopyDemo(t)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out, BaseURL: "https://example.org/archive/"})
	rows := readTurnsFile(t, filepath.Join(out, "data", "turns.jsonl.gz"))
	type key struct {
		slug string
		n    int
	}
	got := map[key]dataset.Row{}
	for _, r := range rows {
		k := key{r.Slug, r.N}
		if _, twice := got[k]; twice {
			t.Errorf("turn %s#t%d is in the file twice", r.Slug, r.N)
		}
		got[k] = r
	}
	want := 0
	var last string
	order := map[string][]int{} // each transcript's turn numbers as its page has them
	for p := range sitetest.Files(t, out) {
		slug, ok := strings.CutSuffix(strings.TrimPrefix(p, "transcripts/"), "/index.json")
		if !ok || strings.Contains(slug, "/") {
			continue
		}
		j := sitetest.ReadTranscriptJSON(t, out, slug)
		names := map[string]string{}
		for _, s := range j.Speakers {
			names[s.ID] = s.Name
		}
		for _, tu := range j.Turns {
			want++
			order[slug] = append(order[slug], tu.N)
			r, ok := got[key{slug, tu.N}]
			if !ok {
				t.Errorf("turn %s#t%d is not in the file", slug, tu.N)
				continue
			}
			var tm string
			if r.Time != nil {
				tm = *r.Time
			}
			if r.Speaker != tu.Speaker || r.Name != names[tu.Speaker] || r.Text != tu.Text || tm != tu.Time ||
				r.Title != j.Title || r.Date != j.Date || !reflect.DeepEqual(r.Topics, j.Topics) {
				t.Errorf("turn %s#t%d: %+v, index.json says %+v of %s", slug, tu.N, r, tu, j.Title)
			}
		}
		last = slug
	}
	if want == 0 || len(rows) != want {
		t.Errorf("%d rows, %d turns in the transcripts' index.json (last %s)", len(rows), want, last)
	}
	// Oldest first, each transcript's turns together and in the order of
	// its page (which is not the order of their numbers once it is edited).
	seen := map[string][]int{}
	for i, r := range rows {
		if i > 0 {
			a := rows[i-1]
			if r.Date < a.Date || r.Slug != a.Slug && seen[r.Slug] != nil {
				t.Errorf("row %d (%s#t%d) after %s#t%d", i, r.Slug, r.N, a.Slug, a.N)
			}
		}
		seen[r.Slug] = append(seen[r.Slug], r.N)
	}
	for slug, ns := range order {
		if !reflect.DeepEqual(seen[slug], ns) {
			t.Errorf("%s: rows of turns %v, the page's turns %v", slug, seen[slug], ns)
		}
	}

	pages := sitetest.Pages(t, out)
	data := pages["data/index.html"]
	if data == nil {
		t.Fatal("no data page")
	}
	text := sitetest.Text(data.Doc)
	for _, s := range []string{"Licence: MIT, as the rest of Verbatim", `pd.read_json("https://example.org/archive/data/turns.jsonl.gz", lines=True)`,
		`jsonlite::stream_in(gzcon(url("https://example.org/archive/data/turns.jsonl.gz")))`} {
		if !strings.Contains(text, s) {
			t.Errorf("the data page does not say %q", s)
		}
	}
	if !hasLink(data.Doc, "/archive/data/turns.jsonl.gz") {
		t.Error("the data page does not link the file")
	}
	for _, p := range []string{"index.html", "transcripts/2024-03-05-budget-briefing/index.html", "about/index.html"} {
		if !hasLink(pages[p].Doc, "/archive/data/") {
			t.Errorf("%s does not link the data page", p)
		}
	}
	checkLinks(t, out, "/archive/", "example.org")
}

func hasLink(doc *html.Node, href string) bool {
	return sitetest.Find(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.Data == "a" && sitetest.Attr(n, "href") == href
	}) != nil
}

// With data: false, no file, no page, no link.
func TestArchiveAsDataOff(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	for k, v := range citationSite {
		files[k] = v
	}
	files["content/site.yaml"] += "data: false\n"
	src := sitetest.Site(t, files)
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out})
	for p := range sitetest.Files(t, out) {
		if strings.HasPrefix(p, "data/") {
			t.Errorf("%s is written with data: false", p)
		}
	}
	for p, pg := range sitetest.Pages(t, out) {
		if hasLink(pg.Doc, "/archive/data/") {
			t.Errorf("%s links the data page", p)
		}
	}
}
