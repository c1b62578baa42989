package search

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

func TestTerms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Sanctions, sanctioned; SANCTION!", []string{"sanction", "sanction", "sanction"}},
		{"Herr Müller met M. Kommasith", []string{"herr", "muller", "met", "m", "kommasith"}},
		{"Сергей Лавров", []string{"сергеи", "лавров"}},
		{"Señor NÚÑEZ, naïve café", []string{"senor", "nunez", "naiv", "caf"}},
		{"Tanner's Slip, the harbour’s wall", []string{"tanner", "slip", "", "harbour", "wall"}},
		{"the flood gate at Tanner's", []string{"", "flood", "gat", "", "tanner"}},
		{"running stopped increases increasing parties classes", []string{"run", "stop", "increas", "increas", "party", "class"}},
		{"bus buses this is news", []string{"bus", "bus", "", "", "new"}},
		{"ﬁnal ΟΔΟΣ 4.5 2024-25", []string{"final", "οδοσ", "4", "5", "2024", "25"}},
		{"— … «» 'quoted' it's", []string{"quot", ""}},
		{strings.Repeat("x", 41) + " ok", []string{"", "ok"}},
	} {
		if got := Terms(c.text, "en"); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	// The names of the issue, each found by its plain spelling.
	for word, query := range map[string]string{"Kommasith": "kommasith", "Müller": "Muller", "Лавров": "лавров", "sanctions": "sanction"} {
		if Term(word, "en") != Term(query, "en") {
			t.Errorf("%s is indexed as %q, but the query %s looks for %q", word, Term(word, "en"), query, Term(query, "en"))
		}
	}
}

// archive is a small site: transcripts with their turns, in the model.
type archive struct {
	site  *model.Site
	turns map[string][]markdown.Turn // by slug
}

func newArchive(texts map[string][]string) archive {
	a := archive{site: &model.Site{}, turns: map[string][]markdown.Turn{}}
	sp := map[string]*model.Speaker{}
	for _, id := range []string{"lavrov", "muller", "question"} {
		sp[id] = &model.Speaker{ID: id, Name: strings.ToUpper(id[:1]) + id[1:]}
		a.site.Speakers = append(a.site.Speakers, sp[id])
	}
	sp["lavrov"].Turns = 5
	tp := &model.Topic{ID: "trade", Title: "Trade"}
	a.site.Topics = []*model.Topic{tp, {ID: "peace", Title: "Peace"}}
	for i, slug := range slices.Sorted(maps.Keys(texts)) {
		tr := &model.Transcript{Slug: slug, Path: "transcripts/" + slug + "/", Title: "Briefing " + slug,
			Summary: "About trade.", Date: time.Date(2020+i%3, 1, 1+i, 0, 0, 0, 0, time.UTC), Topics: []*model.Topic{tp}}
		for _, id := range []string{"lavrov", "muller", "question"} {
			tr.Speakers = append(tr.Speakers, &model.Appearance{Speaker: sp[id]})
		}
		for n, text := range texts[slug] {
			who, words, _ := strings.Cut(text, ": ")
			a.turns[slug] = append(a.turns[slug], markdown.Turn{N: n + 1, Speaker: who, Text: words})
		}
		a.site.Transcripts = append(a.site.Transcripts, tr)
	}
	return a
}

// build indexes the archive, adding the transcripts from several
// goroutines in a random order, as render does.
func (a archive) build(t *testing.T, seed uint64) map[string][]byte {
	t.Helper()
	files, err := a.buildWith(seed, nil)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// buildWith is build with the Index set up by setup, if not nil.
func (a archive) buildWith(seed uint64, setup func(*Index)) (map[string][]byte, error) {
	ix := New()
	if setup != nil {
		setup(ix)
	}
	ts := slices.Clone(a.site.Transcripts)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
	var mu sync.Mutex
	var es []*Entry
	var wg sync.WaitGroup
	for _, tr := range ts {
		wg.Go(func() {
			e := ix.Add(tr, a.turns[tr.Slug])
			mu.Lock()
			es = append(es, e)
			mu.Unlock()
		})
	}
	wg.Wait()
	var w sitetest.MemWriter
	if err := ix.Write(&w, a.site, es); err != nil {
		return nil, err
	}
	return w.Files(), nil
}

// posting is one document of a term, as search.js reads it.
type posting struct {
	tid     int
	Slug    string
	N       int
	Speaker string
	Len     int
	Pos     []int
}

// decoded is the index read back as search.js reads it.
type decoded struct {
	parted int // terms in part files
	meta   meta
	days   []int
	terms  map[string][]posting
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func decode(t *testing.T, files map[string][]byte) decoded {
	t.Helper()
	var d decoded
	if err := json.Unmarshal(files["search/meta.json"], &d.meta); err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for k := 0; k*d.meta.SlugChunk < d.meta.Transcripts; k++ {
		var chunk []string
		if err := json.Unmarshal(files["search/d/"+strconv.Itoa(k)+".json"], &chunk); err != nil {
			t.Fatal(err)
		}
		slugs = append(slugs, chunk...)
	}
	if len(slugs) != d.meta.Transcripts {
		t.Fatalf("%d slugs for %d transcripts", len(slugs), d.meta.Transcripts)
	}
	r := reader{b: gunzip(t, files["search/docs.bin"])}
	day := 0
	for r.i < len(r.b) {
		v, n := binary.Varint(r.b[r.i:])
		r.i += n
		day += int(v)
		d.days = append(d.days, day)
		for range r.uvarint() {
			r.uvarint()
		}
	}
	d.terms = map[string][]posting{}
	prevTerm := ""
	for i, first := range d.meta.Shards {
		b, ok := files["search/s/"+strconv.Itoa(i)+".bin"]
		if !ok {
			t.Fatalf("shard %d is missing", i)
		}
		r := reader{b: gunzip(t, b)}
		var prev []byte
		for r.i < len(r.b) {
			common, n := int(r.uvarint()), int(r.uvarint())
			term := append(slices.Clone(prev[:common]), r.b[r.i:r.i+n]...)
			r.i += n
			if prev == nil && string(term) != first {
				t.Errorf("shard %d starts with %q, meta.json says %q", i, term, first)
			}
			prev = term
			if len(d.terms) > 0 && string(term) <= prevTerm {
				t.Errorf("shard %d: term %q out of order after %q", i, term, prevTerm)
			}
			prevTerm = string(term)
			df, size := int(r.uvarint()), int(r.uvarint())
			// Postings in the shard, or segments of them in part files.
			type segment struct {
				r   *reader
				end int
			}
			var segs []segment
			if size > 0 {
				segs = append(segs, segment{&r, r.i + size})
			} else {
				d.parted++
				r.uvarint() // the bound of the tail
				head := gunzip(t, files["search/p/"+strconv.Itoa(int(r.uvarint()))+".bin"])
				segs = append(segs, segment{&reader{b: head}, len(head)})
				for range r.uvarint() {
					k := r.uvarint()
					r.uvarint()
					pr := &reader{b: gunzip(t, files["search/p/"+strconv.Itoa(int(k))+".bin"])}
					for pr.i < len(pr.b) {
						n := int(pr.uvarint())
						segs = append(segs, segment{pr, pr.i + n})
						pr2 := *pr
						pr.i += n
						segs[len(segs)-1].r = &pr2
					}
				}
			}
			var ps []posting
			for _, sg := range segs {
				ps = append(ps, d.postings(sg.r, sg.end, slugs)...)
			}
			sort.Slice(ps, func(i, j int) bool {
				return ps[i].tid < ps[j].tid || ps[i].tid == ps[j].tid && ps[i].N < ps[j].N
			})
			for i := range ps {
				ps[i].tid = 0
			}
			if len(ps) != df {
				t.Errorf("term %q: %d postings, df says %d", term, len(ps), df)
			}
			d.terms[string(term)] = ps
		}
		if r.err {
			t.Fatalf("shard %d is cut short", i)
		}
	}
	// Each shard starts with the term meta.json names.
	for i := 1; i < len(d.meta.Shards); i++ {
		if d.meta.Shards[i] <= d.meta.Shards[i-1] {
			t.Errorf("shards out of order: %q after %q", d.meta.Shards[i], d.meta.Shards[i-1])
		}
	}
	return d
}

// postings reads groups of postings up to end.
func (d decoded) postings(r *reader, end int, slugs []string) []posting {
	tid := -1
	var ps []posting
	for r.i < end {
		tid += int(r.uvarint())
		m := int(r.uvarint())
		n := 0
		for range m {
			n += int(r.uvarint())
			p := posting{Slug: slugs[tid], N: n}
			if s := int(r.uvarint()); s > 0 {
				p.Speaker = d.meta.Speakers[s-1][0]
			}
			p.Len = int(r.byte())
			pos := 0
			for range r.uvarint() {
				pos += int(r.uvarint())
				p.Pos = append(p.Pos, pos)
			}
			p.tid = tid
			ps = append(ps, p)
		}
	}
	return ps
}

// expected works the postings out from the text, the slow way.
func (a archive) expected() map[string][]posting {
	want := map[string][]posting{}
	for _, tr := range a.site.Transcripts {
		docs := []markdown.Turn{{N: 0, Text: tr.Title + "\n" + tr.Summary}}
		docs = append(docs, a.turns[tr.Slug]...)
		for _, d := range docs {
			terms := Terms(d.Text, "en")
			byTerm := map[string][]int{}
			for pos, tm := range terms {
				if tm != "" {
					byTerm[tm] = append(byTerm[tm], pos)
				}
			}
			for tm, pos := range byTerm {
				want[tm] = append(want[tm], posting{Slug: tr.Slug, N: d.N, Speaker: d.Speaker, Len: int(lenBucket(int32(len(terms)))), Pos: pos})
			}
		}
	}
	return want
}

var demoTexts = map[string][]string{
	"2021-moscow": {
		"lavrov: Sanctions are not a policy. We said so in Moscow.",
		"question: Mr Lavrov, will the sanctions be lifted?",
		"lavrov: The sanctioned companies will go to court; Herr Müller knows this.",
	},
	"2022-berlin": {
		"muller: Guten Tag. The flood gate at Tanner's Slip is closed.",
		"question: And the flood gate at the harbour?",
		"muller: Closed too. Лавров said nothing about it.",
	},
	"2023-vientiane": {
		"lavrov: Mr Kommasith and I spoke of trade and of the flood gates.",
	},
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	a := newArchive(demoTexts)
	d := decode(t, a.build(t, 1))
	want := a.expected()
	for _, ps := range want {
		sort.Slice(ps, func(i, j int) bool {
			di, dj := d.slugIndex(ps[i].Slug), d.slugIndex(ps[j].Slug)
			return di < dj || di == dj && ps[i].N < ps[j].N
		})
	}
	if !reflect.DeepEqual(d.terms, want) {
		for tm, ps := range want {
			if !reflect.DeepEqual(d.terms[tm], ps) {
				t.Errorf("term %q:\n got %+v\nwant %+v", tm, d.terms[tm], ps)
			}
		}
		for tm := range d.terms {
			if _, ok := want[tm]; !ok {
				t.Errorf("term %q is in the index but in no text", tm)
			}
		}
	}
	if d.meta.Transcripts != 3 || d.meta.Docs != 3+7 {
		t.Errorf("meta counts %d transcripts, %d documents", d.meta.Transcripts, d.meta.Docs)
	}
	if got := d.meta.Speakers[0][0]; got != "lavrov" {
		t.Errorf("the speaker with most turns should be number 1, got %s", got)
	}
	for i := 1; i < len(d.days); i++ {
		if d.days[i] < d.days[i-1] {
			t.Errorf("transcripts not in date order: %v", d.days)
		}
	}
	if len(d.meta.Years) != 3 || d.meta.Years[0] != [2]int{2020, 0} {
		t.Errorf("years: %v", d.meta.Years)
	}
	// A speaker filter works on the postings alone.
	var lavrovSanction []string
	for _, p := range d.terms["sanction"] {
		if p.Speaker == "lavrov" {
			lavrovSanction = append(lavrovSanction, p.Slug+"#t"+strconv.Itoa(p.N))
		}
	}
	if !slices.Equal(lavrovSanction, []string{"2021-moscow#t1", "2021-moscow#t3"}) {
		t.Errorf("lavrov on sanction: %v", lavrovSanction)
	}
}

func (d decoded) slugIndex(slug string) int {
	// The transcripts of the test archive are in date order by name.
	return map[string]int{"2021-moscow": 0, "2022-berlin": 1, "2023-vientiane": 2}[slug]
}

// TestManyShards makes the postings large enough to be cut into shards,
// and checks that every term lands in exactly one.
// manyTexts is an archive large enough for several shards and for terms
// split into part files.
// manyN is how many transcripts manyTexts writes: enough that "alpha",
// in every turn, has postings of several part files.
const manyN = 300

func manyTexts() map[string][]string {
	texts := map[string][]string{}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range manyN {
		var turns []string
		for k := range 10 {
			var b strings.Builder
			b.WriteString([]string{"lavrov: ", "muller: ", "question: "}[k%3])
			// Each transcript draws on its own stretch of the words, as
			// transcripts of different subjects do, so that most shards
			// hold no word of a given transcript.
			for range 200 {
				fmt.Fprintf(&b, "w%d ", i*40+r.IntN(200))
			}
			b.WriteString(strings.Repeat("alpha ", 20))
			if i%9 == 0 {
				b.WriteString(strings.Repeat("zeta ", 200))
			}
			turns = append(turns, b.String())
		}
		texts[fmt.Sprintf("t%02d", i)] = turns
	}
	return texts
}

func TestManyShards(t *testing.T) {
	t.Parallel()
	a := newArchive(manyTexts())
	files := a.build(t, 7)
	d := decode(t, files)
	if len(d.meta.Shards) < 3 {
		t.Fatalf("only %d shards", len(d.meta.Shards))
	}
	if d.parted == 0 {
		t.Fatal("no term was large enough to be split into parts")
	}
	partFiles := 0
	for name := range files {
		if strings.HasPrefix(name, "search/p/") {
			partFiles++
		}
	}
	if partFiles <= d.parted {
		t.Fatalf("%d part files for %d terms split: no term was cut into several parts", partFiles, d.parted)
	}
	want := a.expected()
	if len(d.terms) != len(want) {
		t.Errorf("%d terms in the shards, %d in the texts", len(d.terms), len(want))
	}
	for tm, ps := range want {
		if len(d.terms[tm]) != len(ps) {
			t.Errorf("term %q: %d postings, want %d", tm, len(d.terms[tm]), len(ps))
		}
	}
	got := map[string]int{}
	for _, p := range d.terms["alpha"] {
		if len(p.Pos) != 20 {
			t.Fatalf("alpha: %d positions in %s#t%d, want 20", len(p.Pos), p.Slug, p.N)
		}
		got[p.Speaker]++
	}
	// Of a transcript's ten turns, lavrov has four, the others three each.
	if w := map[string]int{"lavrov": 4 * manyN, "muller": 3 * manyN, "question": 3 * manyN}; !maps.Equal(got, w) {
		t.Errorf("alpha by speaker: %v, want %v", got, w)
	}
}

// TestDeterministic builds the same archive with the transcripts added in
// other orders, by other goroutines, into fresh indexes and into one that
// has seen other transcripts: the files must not change by a byte.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a := newArchive(demoTexts)
	first := a.build(t, 1)
	for seed := uint64(2); seed < 6; seed++ {
		if got := a.build(t, seed); !maps.EqualFunc(got, first, bytes.Equal) {
			t.Fatalf("build %d differs from the first", seed)
		}
	}
	// An index reused across builds holds term ids of other transcripts.
	ix := New()
	other := newArchive(map[string][]string{"zz": {"lavrov: zebra yak aardvark sanction"}})
	ix.Add(other.site.Transcripts[0], other.turns["zz"])
	var es []*Entry
	for _, tr := range slices.Backward(a.site.Transcripts) {
		es = append(es, ix.Add(tr, a.turns[tr.Slug]))
	}
	var w sitetest.MemWriter
	if err := ix.Write(&w, a.site, es); err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(w.Files(), first, bytes.Equal) {
		t.Error("an index reused across builds writes other files")
	}
}

func TestUnknownSpeaker(t *testing.T) {
	t.Parallel()
	a := newArchive(map[string][]string{"x": {"nobody: words"}})
	ix := New()
	e := ix.Add(a.site.Transcripts[0], a.turns["x"])
	err := ix.Write(&sitetest.MemWriter{}, a.site, []*Entry{e})
	if err == nil || !strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("want an error naming the speaker, got %v", err)
	}
}

// TestRewrites is watch mode: one Index writes build after build, reusing
// what it kept of the last (decoded postings, spliced postings, shards,
// parts, compressed files), while transcripts change. Every Write must
// give the files a fresh Index gives for the same transcripts.
func TestRewrites(t *testing.T) {
	t.Parallel()
	texts := manyTexts()
	reversed := map[string]bool{} // transcripts listing their speakers the other way round
	ix := New()
	entries := map[string]*Entry{}
	r := rand.New(rand.NewPCG(5, 6))
	slugs := slices.Sorted(maps.Keys(texts))
	for step := range 40 {
		var edited []string
		if step > 1 && step%7 != 0 && step != 3 {
			for range 1 + r.IntN(3) {
				slug := slugs[r.IntN(len(slugs))]
				turns := slices.Clone(texts[slug])
				k := r.IntN(len(turns))
				switch r.IntN(10) {
				case 0: // a new word, or a known one
					turns[k] += fmt.Sprintf(" w%d", r.IntN(6000))
				case 1: // a frequent word gone from a turn
					turns[k] = strings.ReplaceAll(turns[k], "alpha ", "")
				case 2: // words gone
					turns[k] = turns[k][:len(turns[k])/2]
				case 3: // a turn more, which renumbers the speakers
					turns = append(turns, "muller: alpha beta w17 w18")
				case 4: // a word that is in no other transcript
					turns[k] += fmt.Sprintf(" only%d", step)
				case 5: // a word after all others, in the last shard
					turns[k] += fmt.Sprintf(" zzz%d", r.IntN(4))
				case 7: // more parts for "alpha", the part files after renumbered
					turns[k] += strings.Repeat(" alpha", 6000)
				case 6: // fewer parts for "alpha"
					for k := range turns {
						turns[k] = strings.Replace(turns[k], "alpha ", "", 15)
					}
				case 8: // the speakers listed the other way round (the entry numbers them anew), and turns gone with words only they had
					reversed[slug] = !reversed[slug]
					turns = turns[:1]
				case 9: // saved unchanged
				}
				texts[slug] = turns
				edited = append(edited, slug)
			}
		}
		if step == 3 { // a word after all others into the last shard, from a transcript with none of its words
			turns := slices.Clone(texts["t46"])
			turns[0] += " zzzz"
			texts["t46"] = turns
			edited = append(edited, "t46")
		}
		if step == 20 { // a transcript more
			texts["t99"] = []string{"lavrov: alpha omega w1 w2 w3"}
			slugs = append(slugs, "t99")
			edited = append(edited, "t99")
		}
		current := func() archive {
			a := newArchive(texts)
			for _, tr := range a.site.Transcripts {
				if reversed[tr.Slug] {
					slices.Reverse(tr.Speakers)
				}
			}
			return a
		}
		// A fresh index of the same transcripts, built beside the
		// rewritten one from a model of its own.
		type built struct {
			files map[string][]byte
			err   error
		}
		freshc := make(chan built, 1)
		go func(a archive) {
			files, err := a.buildWith(uint64(step), nil)
			freshc <- built{files, err}
		}(current())
		a := current()
		var es []*Entry
		for _, tr := range a.site.Transcripts {
			e, ok := entries[tr.Slug]
			if !ok || slices.Contains(edited, tr.Slug) {
				e = ix.Add(tr, a.turns[tr.Slug])
				entries[tr.Slug] = e
			}
			es = append(es, e)
		}
		var w sitetest.MemWriter
		err := ix.Write(&w, a.site, es)
		f := <-freshc
		if err != nil || f.err != nil {
			t.Fatal(err, f.err)
		}
		fresh := f.files
		if !maps.EqualFunc(w.Files(), fresh, bytes.Equal) {
			for name := range fresh {
				if !bytes.Equal(w.Files()[name], fresh[name]) {
					t.Errorf("step %d (edited %v): %s differs from a fresh index's", step, edited, name)
				}
			}
			for name := range w.Files() {
				if _, ok := fresh[name]; !ok {
					t.Errorf("step %d (edited %v): %s is not in a fresh index", step, edited, name)
				}
			}
			t.FailNow()
		}
	}
}

// TestEditRemakesOnlyItsShards is a typo fixed in watch mode: a word
// changed in one turn changes the postings of two terms, so only their
// shards are assembled again; every other shard, those of the edited
// transcript's other words among them, is written from what the last
// Write kept of it (its record, the same pointer).
func TestEditRemakesOnlyItsShards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		rebuilds bool // KeepForRebuilds
		writes   int  // before the edit
	}{
		// An Index keeps what it wrote from its second Write on (the
		// first may be a one-off build's, which has no use for it)...
		{"a plain Index written twice", false, 2},
		// ...or from its first, when told that rebuilds will follow.
		{"an Index kept for rebuilds written once", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			editRemakesOnlyItsShards(t, tc.rebuilds, tc.writes)
		})
	}
}

func editRemakesOnlyItsShards(t *testing.T, rebuilds bool, writes int) {
	texts := manyTexts()
	// t40 also says a word of every other transcript's stretch, so that
	// its words are in every shard.
	var spread strings.Builder
	for i := range 300 {
		fmt.Fprintf(&spread, " w%d", i*40+100)
	}
	texts["t40"] = slices.Clone(texts["t40"])
	texts["t40"][0] += spread.String()
	ix := New()
	if rebuilds {
		ix.KeepForRebuilds()
	}
	a := newArchive(texts)
	var es []*Entry
	for _, tr := range a.site.Transcripts {
		es = append(es, ix.Add(tr, a.turns[tr.Slug]))
	}
	for range writes {
		if err := ix.Write(&sitetest.MemWriter{}, a.site, es); err != nil {
			t.Fatal(err)
		}
	}
	before := map[*shardRec]bool{}
	for _, rec := range ix.shardRecs {
		before[rec] = true
	}

	turns := slices.Clone(texts["t40"])
	word := strings.Fields(turns[4])[7]
	turns[4] = strings.Replace(turns[4], word+" ", "w9999 ", 1)
	texts["t40"] = turns
	b := newArchive(texts)
	for i, tr := range b.site.Transcripts {
		if tr.Slug == "t40" {
			es[i] = ix.Add(tr, b.turns[tr.Slug])
		}
	}
	var w sitetest.MemWriter
	if err := ix.Write(&w, b.site, es); err != nil {
		t.Fatal(err)
	}
	if fresh := b.build(t, 1); !maps.EqualFunc(w.Files(), fresh, bytes.Equal) {
		t.Fatal("the index written after the edit is not a fresh index's")
	}
	remade := 0
	for _, rec := range ix.shardRecs {
		if !before[rec] {
			remade++
		}
	}
	if len(ix.shardRecs) < 10 {
		t.Fatalf("%d shards: too few to tell", len(ix.shardRecs))
	}
	if remade > 2 {
		t.Errorf("%d of %d shards assembled again after one word changed (%q for %q)", remade, len(ix.shardRecs), word, "w9999")
	}
}
