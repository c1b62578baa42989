package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

func TestCRC32Combine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b string }{
		{"", ""}, {"", "b"}, {"a", ""}, {"hello, ", "world"},
		{strings.Repeat("x", 1000), strings.Repeat("y", 100003)},
		{"z", strings.Repeat("\x00", 1<<20)}, {strings.Repeat("ab", 77777), "\xff\xfe"},
	} {
		want := crc32.ChecksumIEEE([]byte(tc.a + tc.b))
		if got := crc32Combine(crc32.ChecksumIEEE([]byte(tc.a)), crc32.ChecksumIEEE([]byte(tc.b)), int64(len(tc.b))); got != want {
			t.Errorf("%d+%d bytes: %08x, want %08x", len(tc.a), len(tc.b), got, want)
		}
	}
}

// transcript makes a transcript of the day with n turns, alternating two
// speakers, the second turn timed.
func transcript(slug, day string, n int) (*model.Transcript, []markdown.Turn) {
	date, _ := time.Parse("2006-01-02", day)
	ann, bob := &model.Speaker{ID: "ann", Name: "Ann Lee"}, &model.Speaker{ID: "bob", Name: "Bob <Ray>"}
	t := &model.Transcript{Slug: slug, Title: "Title of " + slug, Date: date, File: slug + ".md",
		Speakers: []*model.Appearance{{Speaker: ann}, {Speaker: bob}}, Topics: []*model.Topic{{ID: "tides"}, {ID: "floods"}}}
	var turns []markdown.Turn
	for i := 1; i <= n; i++ {
		tu := markdown.Turn{N: i, Speaker: "ann", Text: fmt.Sprintf("Words %d of %s, \"quoted\" & <b>.\n\nA second paragraph.", i, slug)}
		if i%2 == 0 {
			tu.Speaker, tu.Time = "bob", "00:01:02"
		}
		turns = append(turns, tu)
	}
	return t, turns
}

type memWriter map[string][]byte

func (m memWriter) Write(rel string, data []byte) error { m[rel] = data; return nil }

// readRows reads a file as one gzip member and its rows.
func readRows(t *testing.T, data []byte) []Row {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false) // one member holds it all
	if !zr.ModTime.IsZero() && zr.ModTime.Unix() != 0 {
		t.Errorf("the gzip header holds a time, %v: rebuilds would differ", zr.ModTime)
	}
	var rows []Row
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r Row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v: %s", len(rows)+1, err, sc.Text())
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("after %d rows: %v", len(rows), err) // a bad CRC or size shows here
	}
	if rest, _ := io.ReadAll(bytes.NewReader(data[len(data)-8:])); len(rest) != 8 {
		t.Fatal("no trailer")
	}
	return rows
}

// Parts made in any order join into one gzip member holding every turn
// once, oldest transcript first, with each turn's fields.
func TestWriteJoinsParts(t *testing.T) {
	t.Parallel()
	m := New()
	var parts []*Part
	for _, tc := range []struct {
		slug, day string
		n         int
	}{{"c", "2024-05-01", 3}, {"a", "2023-01-02", 2}, {"b", "2024-05-01", 400}, {"empty", "2022-01-01", 0}} {
		p, err := m.Part(transcript(tc.slug, tc.day, tc.n))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	w := memWriter{}
	files, err := Write(w, parts)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Path != "data/turns.jsonl.gz" || files[0].Turns != 405 || files[0].Transcripts != 3 || files[0].Bytes != len(w["data/turns.jsonl.gz"]) {
		t.Fatalf("files %+v", files)
	}
	rows := readRows(t, w["data/turns.jsonl.gz"])
	var order []string
	for _, r := range rows {
		if len(order) == 0 || order[len(order)-1] != r.Slug {
			order = append(order, r.Slug)
		}
	}
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(order, want) {
		t.Errorf("transcripts in the order %q, want %q", order, want)
	}
	if len(rows) != 405 {
		t.Fatalf("%d rows, want 405", len(rows))
	}
	tm := "00:01:02"
	want := Row{Slug: "b", Title: "Title of b", Date: "2024-05-01", N: 2, Speaker: "bob", Name: "Bob <Ray>", Time: &tm, Topics: []string{"tides", "floods"},
		Text: "Words 2 of b, \"quoted\" & <b>.\n\nA second paragraph."}
	if got := rows[3]; !reflect.DeepEqual(got, want) {
		t.Errorf("row\n%+v\nwant\n%+v", got, want)
	}
	if rows[0].Time != nil || rows[0].Name != "Ann Lee" {
		t.Errorf("an untimed turn: %+v", rows[0])
	}
	// The same parts give the same bytes.
	w2 := memWriter{}
	if _, err := Write(w2, []*Part{parts[2], parts[1], parts[0]}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w["data/turns.jsonl.gz"], w2["data/turns.jsonl.gz"]) {
		t.Error("the same parts in another order gave other bytes")
	}
}

// Past the limit, a file a year, and a year past it in numbered files,
// each a whole gzip member.
func TestSplit(t *testing.T) {
	t.Parallel()
	m := New()
	var parts []*Part
	for i, day := range []string{"2020-01-01", "2020-06-01", "2021-01-01", "2021-02-01", "2021-03-01", "2022-01-01"} {
		p, err := m.Part(transcript(fmt.Sprint("t", i), day, 50))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	size := parts[0].zn
	for _, tc := range []struct {
		max  int
		want []string
	}{
		{1 << 30, []string{"turns"}},
		{3*size + size/2 + overhead, []string{"turns-2020", "turns-2021", "turns-2022"}},
		{2*size + size/2 + overhead, []string{"turns-2020", "turns-2021-1", "turns-2021-2", "turns-2022"}},
	} {
		var names []string
		n := 0
		for _, g := range split(parts, tc.max) {
			names = append(names, g.name)
			n += len(g.parts)
			data, err := join(g.parts)
			if err != nil {
				t.Fatal(err)
			}
			rows := readRows(t, data)
			if len(rows) != 50*len(g.parts) {
				t.Errorf("%s: %d rows", g.name, len(rows))
			}
		}
		if !reflect.DeepEqual(names, tc.want) || n != len(parts) {
			t.Errorf("max %d: files %q holding %d parts, want %q", tc.max, names, n, tc.want)
		}
	}
}

// Parts spilled to a file give the same bytes as parts kept in memory.
func TestSpill(t *testing.T) {
	t.Parallel()
	f, err := os.CreateTemp(t.TempDir(), "spill")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var files [2]memWriter
	for i, spill := range []bool{false, true} {
		m := New()
		if spill {
			m.SpillTo(f)
		}
		var parts []*Part
		for j, day := range []string{"2020-01-01", "2021-01-01", "2019-05-05"} {
			p, err := m.Part(transcript(fmt.Sprint("t", j), day, 30+j))
			if err != nil {
				t.Fatal(err)
			}
			if spill != (p.z == nil) {
				t.Fatalf("spill %v, but the part holds %d bytes in memory", spill, len(p.z))
			}
			parts = append(parts, p)
		}
		files[i] = memWriter{}
		if _, err := Write(files[i], parts); err != nil {
			t.Fatal(err)
		}
		if m.SpillErr() != nil {
			t.Fatal(m.SpillErr())
		}
	}
	if !reflect.DeepEqual(files[0], files[1]) {
		t.Error("spilled parts gave other bytes")
	}
}
