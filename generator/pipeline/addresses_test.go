package pipeline_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// The transcript the address test edits, and one that links into it.
const (
	hearingPath = "content/transcripts/2024/hearing.md"
	hearingHead = "---\ntitle: Harbour hearing\ndate: 2024-05-01\nspeakers: [Ana Ruiz, Ben Osei, Chair]\n---\n\n"
	linkerPath  = "content/transcripts/2024/later.md"
)

var hearingTurns = []string{
	"**Chair:** We open the hearing on the harbour wall and the repairs the council ordered last spring.",
	"**Ana Ruiz:** The engineers found three breaches below the waterline and a long crack along the old quay.",
	"**Ben Osei:** Who pays for the repair, the council or the port authority that owns the quay itself?",
	"**Ana Ruiz:** The council pays for the wall. The port authority pays for the quay and its lighting.",
	"**Chair:** Thank you both. The next item is the ferry timetable that the committee asked us to review.",
	"**Ben Osei:** The ferry should run every half hour in summer, and every hour through the winter months.",
	"**Ben Osei:** On Sundays the ferry should run as well, as the traders of the harbour have asked the council.",
}

// published is what a build published at each turn address of the
// hearing: the words of the element the address leads to.
type published map[string]string

// addresses reads the turn addresses of a built transcript page: each
// turn's words by id, and each removed turn's mark.
func addresses(t *testing.T, out, slug string) (turns published, removed map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "transcripts", slug, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc := sitetest.ParseHTML(t, string(b))
	turns, removed = published{}, map[string]string{}
	ids := map[string]bool{}
	sitetest.Walk(doc, func(n *html.Node) {
		id, ok := sitetest.LookupAttr(n, "id")
		if !ok || n.Type != html.ElementNode {
			return
		}
		if ids[id] {
			t.Errorf("id %q twice in the page", id)
		}
		ids[id] = true
		switch {
		case sitetest.HasClass(n, "turn"):
			if sitetest.Attr(n, "data-speaker") == "" {
				t.Errorf("turn %s has no data-speaker", id)
			}
			turns[id] = spoken(n)
		case sitetest.HasClass(n, "turn-removed"):
			// The words it leads to: the turn it stands in, or after it.
			to := n.Parent
			if !sitetest.HasClass(to, "turn") {
				for to = n.NextSibling; to != nil && !(to.Type == html.ElementNode && sitetest.HasClass(to, "turn")); to = to.NextSibling {
				}
			}
			removed[id] = ""
			if to != nil {
				removed[id] = spoken(to)
			}
		}
	})
	return turns, removed
}

// spoken is the text of a turn's element without its label (time and
// name).
func spoken(turn *html.Node) string {
	var b strings.Builder
	for c := turn.FirstChild; c != nil; c = c.NextSibling {
		if !sitetest.IsTurnLabel(c) {
			b.WriteString(sitetest.Text(c))
		}
	}
	return b.String()
}

// holds says whether the text of an element now holds the start of words
// published before: the same words, or their first part (a split), or
// them among others (a merge).
func holds(now, was string) bool {
	a, b := strings.Join(strings.Fields(now), " "), strings.Fields(was)
	return len(b) >= 4 && strings.Contains(a, strings.Join(b[:4], " "))
}

// After each edit of a transcript, every turn address published before it
// leads to the same words, a cross-link written into it before still
// does, and a clean copy of the source (content/ with its turn records,
// no output) builds the same addresses.
func TestTurnAddressesSurviveEdits(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		hearingPath: hearingHead + strings.Join(hearingTurns, "\n\n") + "\n",
		linkerPath:  "---\ntitle: Later\ndate: 2024-06-01\nspeakers: [Chair]\n---\n\n**Chair:** As [[hearing#t4]] said, the council pays; and [[hearing#t7]] on Sundays.\n",
	})
	abs := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	turns := slices.Clone(hearingTurns)
	path := hearingPath
	write := func() {
		if err := os.WriteFile(abs(path), []byte(hearingHead+strings.Join(turns, "\n\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		edit    func()
		removed []string // addresses published before that now lead to a removed turn's mark
	}{
		{"first build", func() {}, nil},
		{"a turn inserted at the start", func() {
			turns = slices.Insert(turns, 0, "**Chair:** Before we start, a word on the minutes of the last meeting of the council.")
		}, nil},
		{"a turn split", func() { // Ana Ruiz's second turn, t4
			turns = slices.Replace(turns, 4, 5, "**Ana Ruiz:** The council pays for the wall.", "**Ana Ruiz:** The port authority pays for the quay and its lighting.")
		}, nil},
		{"two turns merged", func() { // Ben Osei's t6 and t7
			turns = slices.Replace(turns, 7, 9, "**Ben Osei:** The ferry should run every half hour in summer, and every hour through the winter months. On Sundays the ferry should run as well, as the traders of the harbour have asked the council.")
		}, []string{"t7"}},
		{"a turn deleted", func() { // Ben Osei's question, t3
			turns = slices.Delete(turns, 3, 4)
		}, []string{"t3", "t7"}},
		{"words fixed", func() {
			turns[2] = strings.Replace(turns[2], "three breaches", "three small breaches", 1)
		}, []string{"t3", "t7"}},
		{"the file moved to another folder", func() {
			if err := os.Remove(abs(path)); err != nil {
				t.Fatal(err)
			}
			path = "content/transcripts/hearings/hearing.md"
			if err := os.MkdirAll(filepath.Dir(abs(path)), 0o755); err != nil {
				t.Fatal(err)
			}
		}, []string{"t3", "t7"}},
	}
	var last string
	was := published{} // every address ever published, with the words it first led to
	for _, st := range steps {
		st.edit()
		write()
		out := filepath.Join(t.TempDir(), "public")
		if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out}); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		now, removed := addresses(t, out, "hearing")
		for id, words := range was {
			got, live := now[id]
			if to, gone := removed[id]; gone {
				if !slices.Contains(st.removed, id) {
					t.Errorf("%s: %s leads to a removed turn's mark", st.name, id)
				}
				_ = to
				continue
			}
			if !live {
				t.Errorf("%s: %s leads nowhere", st.name, id)
				continue
			}
			if !holds(got, words) {
				t.Errorf("%s: %s leads to %q, not to %q", st.name, id, got, words)
			}
		}
		for _, id := range st.removed {
			if _, ok := removed[id]; !ok {
				t.Errorf("%s: %s has no removed turn's mark", st.name, id)
			}
		}
		// The merged turn's address leads into the turn that holds its words.
		if to, ok := removed["t7"]; ok && !holds(to, was["t7"]) {
			t.Errorf("%s: the merged t7 leads to %q", st.name, to)
		}
		for id, words := range now {
			if _, ok := was[id]; !ok {
				was[id] = words
			}
		}
		// Cross-links written at the first build lead to the same words.
		page, err := os.ReadFile(filepath.Join(out, "transcripts", "later", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"t4", "t7"} {
			if !strings.Contains(string(page), `href="/transcripts/hearing/#`+id+`"`) {
				t.Errorf("%s: the cross-link to %s is gone", st.name, id)
			}
		}
		last = out
		// A clean copy: the content and its records, nothing else.
		clean := t.TempDir()
		if err := os.CopyFS(filepath.Join(clean, "content"), os.DirFS(abs("content"))); err != nil {
			t.Fatal(err)
		}
		cleanOut := filepath.Join(clean, "public")
		if _, err := pipeline.Run(pipeline.Options{Source: clean, Destination: cleanOut, LeaveRecords: true}); err != nil {
			t.Fatalf("%s: clean copy: %v", st.name, err)
		}
		for _, f := range []string{"transcripts/hearing/index.html", "transcripts/hearing/index.json", "transcripts/later/index.html"} {
			a, _ := os.ReadFile(filepath.Join(out, f))
			b, _ := os.ReadFile(filepath.Join(cleanOut, f))
			if string(a) != string(b) {
				t.Errorf("%s: a clean copy builds %s otherwise", st.name, f)
			}
		}
	}
	// The numbers: the inserted turn's and the split's second part's never
	// used before; index.json's n the same as the ids.
	var ns []int
	for _, tu := range sitetest.ReadTranscriptJSON(t, last, "hearing").Turns {
		ns = append(ns, tu.N)
	}
	if want := []int{8, 1, 2, 4, 9, 5, 6}; !slices.Equal(ns, want) {
		t.Errorf("index.json numbers the turns %v, want %v", ns, want)
	}
}

// A cross-link to a turn since deleted fails the build, naming the file
// and line of the link and the turn it most likely meant.
func TestCrossLinkToRemovedTurn(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{hearingPath: hearingHead + strings.Join(hearingTurns, "\n\n") + "\n"})
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: filepath.Join(dir, "public")}); err != nil {
		t.Fatal(err)
	}
	turns := slices.Delete(slices.Clone(hearingTurns), 2, 3) // t3, Ben Osei's question
	sitetest.Write(t, dir, map[string]string{
		hearingPath: hearingHead + strings.Join(turns, "\n\n") + "\n",
		linkerPath:  "---\ntitle: Later\ndate: 2024-06-01\nspeakers: [Chair]\n---\n\n**Chair:** The question\nin [[hearing#t3]] was answered.\n",
	})
	_, err := pipeline.Run(pipeline.Options{Source: dir, Destination: filepath.Join(dir, "public")})
	want := `later.md:8: link to turn t3 of hearing, which was removed: it most likely meant t4, the turn that stood after it (Ana Ruiz`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("the build gave %v, want an error with %q", err, want)
	}
}

// A transcript's old addresses (aliases) are pages that send the reader
// on, #tN and all; an old address that another page now holds is an
// error naming the file and line.
func TestAliases(t *testing.T) {
	t.Parallel()
	head := "---\ntitle: Harbour hearing\ndate: 2024-05-01\nspeakers: [Ana Ruiz]\naliases:\n"
	for _, tc := range []struct {
		name, aliases string
		files         []string // the alias pages written
		err           string
	}{
		{"beside the transcripts, and from the root", "  - old-hearing\n  - /2024/hearing.html\n",
			[]string{"transcripts/old-hearing/index.html", "2024/hearing.html"}, ""},
		{"another transcript's address", "  - later\n", nil,
			"hearing.md:5: aliases: /transcripts/later/ is "},
		{"a page the generator builds", "  - /search/\n", nil, "hearing.md:5: aliases: /search/ is a page the generator builds itself"},
		{"the home page", "  - /index.html\n", nil, "hearing.md:5: aliases: /index.html is a page the generator builds itself"},
		{"the data page", "  - /data/\n", nil, "hearing.md:5: aliases: /data/ is a page the generator builds itself"},
		{"the data file", "  - /data/turns.jsonl.gz.html\n", nil, "hearing.md:5: aliases: /data/turns.jsonl.gz.html is a page the generator builds itself"},
		{"not a path", "  - https://example.org/x\n", nil, `hearing.md:5: aliases: "https://example.org/x" is not a path of this site`},
	} {
		dir := sitetest.Site(t, map[string]string{
			hearingPath: head + tc.aliases + "---\n\nAna Ruiz: The council pays for the wall.\n",
			linkerPath:  "---\ntitle: Later\ndate: 2024-06-01\nspeakers: [Chair]\n---\n\nChair: Noted.\n",
		})
		out := filepath.Join(dir, "public")
		_, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out, BaseURL: "https://example.org/repo/"})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || tc.name == "another transcript's address" && !strings.Contains(err.Error(), "content/transcripts/2024/later.md: an old address can lead to one page only") {
				t.Errorf("%s: the build gave %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, f := range tc.files {
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f)))
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			for _, want := range []string{
				`<link rel="canonical" href="https://example.org/repo/transcripts/hearing/">`,
				`<meta http-equiv="refresh" content="0; url=/repo/transcripts/hearing/">`,
				`location.replace("/repo/transcripts/hearing/" + location.hash)`,
				`<meta name="robots" content="noindex">`,
			} {
				if !strings.Contains(string(b), want) {
					t.Errorf("%s: %s has no %s:\n%s", tc.name, f, want, b)
				}
			}
		}
		sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
		if strings.Contains(string(sitemap), "old-hearing") {
			t.Errorf("%s: the sitemap lists an old address", tc.name)
		}
	}
}

// A transcript renamed (a new slug) takes its old turn record over: its
// turns keep their numbers, its old address sends readers on, and a
// cross-link that still uses the old slug says which to write.
func TestRenamedTranscriptKeepsItsRecord(t *testing.T) {
	t.Parallel()
	turns := slices.Clone(hearingTurns)
	dir := sitetest.Site(t, map[string]string{hearingPath: hearingHead + strings.Join(turns, "\n\n") + "\n"})
	out := filepath.Join(dir, "public")
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out}); err != nil {
		t.Fatal(err)
	}
	// Renamed, with a turn inserted at the start in the same save.
	turns = slices.Insert(turns, 0, "**Chair:** A word first on the minutes of the last meeting of the council.")
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(hearingPath))); err != nil {
		t.Fatal(err)
	}
	renamed := "content/transcripts/2024/harbour-hearing.md"
	sitetest.Write(t, dir, map[string]string{renamed: hearingHead + strings.Join(turns, "\n\n") + "\n"})
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out}); err != nil {
		t.Fatal(err)
	}
	var ns []int
	for _, tu := range sitetest.ReadTranscriptJSON(t, out, "harbour-hearing").Turns {
		ns = append(ns, tu.N)
	}
	if want := []int{8, 1, 2, 3, 4, 5, 6, 7}; !slices.Equal(ns, want) {
		t.Errorf("the renamed transcript numbers its turns %v, want %v", ns, want)
	}
	if b, err := os.ReadFile(filepath.Join(out, "transcripts/hearing/index.html")); err != nil || !strings.Contains(string(b), `location.replace("/transcripts/harbour-hearing/" + location.hash)`) {
		t.Errorf("the old address: %v\n%s", err, b)
	}
	records := filepath.Join(dir, "content", ".turnids")
	if _, err := os.Stat(filepath.Join(records, "hearing.txt")); err == nil {
		t.Error("the old record is still there")
	}
	if b, err := os.ReadFile(filepath.Join(records, "harbour-hearing.txt")); err != nil || !strings.Contains(string(b), "\nalias hearing\n") {
		t.Errorf("the new record does not remember the old slug: %v\n%s", err, b)
	}
	// A cross-link with the old slug names the new one.
	sitetest.Write(t, dir, map[string]string{linkerPath: "---\ntitle: Later\ndate: 2024-06-01\nspeakers: [Chair]\n---\n\nChair: As [[hearing#t4]] said.\n"})
	_, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out})
	if want := "later.md:7: link to [[hearing]], an old address of "; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "write [[harbour-hearing#t4]]") {
		t.Errorf("a cross-link with the old slug gave %v", err)
	}
}

// A transcript renamed while a new one takes its old slug: the new one
// has the old record, and none of its turns continues one of the record.
// The old addresses now lead to other words; the build says so, naming
// the record, rather than publishing it in silence.
func TestNewTranscriptTakesARenamedOnesSlug(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{hearingPath: hearingHead + strings.Join(hearingTurns, "\n\n") + "\n"})
	out := filepath.Join(dir, "public")
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out}); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, filepath.FromSlash(hearingPath)), filepath.Join(dir, "content/transcripts/2024/harbour-hearing.md")); err != nil {
		t.Fatal(err)
	}
	sitetest.Write(t, dir, map[string]string{hearingPath: "---\ntitle: Ferry hearing\ndate: 2024-06-01\nspeakers: [Chair]\n---\n\n" +
		"**Chair:** This hearing is about the ferry, which will stop at the island twice a day from June.\n"})
	res, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.Warnings {
		found = found || strings.Contains(w, "hearing.txt") && strings.Contains(w, "none of the 7 turns")
	}
	if !found {
		t.Errorf("no warning that the old addresses of hearing lead to other words: %q", res.Warnings)
	}
}

// A free page at /data/ is the data page's address: an error naming the
// page, unless the site writes no data.
func TestPageAtTheDataPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ settings, err string }{
		{"title: T\n", "pages/data.md: the page would be at /data/, which the generator builds itself"},
		{"title: T\ndata: false\n", ""},
	} {
		dir := sitetest.Site(t, map[string]string{
			"content/site.yaml":     tc.settings,
			"content/pages/data.md": "---\ntitle: Our data\n---\n\nWhere the data is.\n",
			hearingPath:             hearingHead + hearingTurns[0] + "\n",
		})
		_, err := pipeline.Run(pipeline.Options{Source: dir, Destination: filepath.Join(dir, "public"), BaseURL: "https://example.org/"})
		if (tc.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%q: the build gave %v, want %q", tc.settings, err, tc.err)
		}
	}
}
