// Package synth writes synthetic transcript archives in the contract's
// format, for benchmarks and scale tests: deterministic for a seed, with
// speakers and topics spread as in real archives (a few people speak in
// most transcripts), every label form, aliases, timestamps, footnotes,
// editor's notes, cross-links and code.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options size an archive.
type Options struct {
	Transcripts int
	Speakers    int // default Transcripts/10, at least 20
	Words       int // words per transcript, roughly; default 1500
	Seed        uint64
	// Hugo writes the same archive as a Hugo site, so that the two tools
	// can be timed on the same words: hugo.yaml with speakers and topics
	// as taxonomies instead of content/site.yaml, and each speaker's
	// profile as its term page, content/speakers/<id>/_index.md, with
	// its aliases under other_names (Hugo reads aliases as redirects).
	Hugo bool
}

var (
	firstNames = strings.Fields("Anna Boris Chen Dmitri Elena Farid Grace Hiro Ines Jamal Katya Liam Maria Nikolai Olga Pedro Qing Rosa Sergei Tomas Uma Viktor Wen Ximena Yusuf Zara")
	lastNames  = strings.Fields("Abdulov Brandt Castillo Dubois Eriksen Fischer Gomez Haddad Ivanova Jensen Kowalski Larsen Moreau Novak Okafor Petrov Quinn Rossi Sato Tanaka Ueda Volkov Weber Xu Yilmaz Zhou")
	roles      = []string{"Foreign Minister", "Spokesperson", "Ambassador", "Deputy Minister", "Journalist", "Moderator", "Senator", "Professor"}
	topics     = strings.Fields("harbour-works energy-security arms-control trade sanctions climate migration cybersecurity food-security nuclear-energy transport water-resources education health-cooperation digital-economy human-rights budget housing elections public-health")
	common     = strings.Fields("the of and to in a is that for on with as by this we be are it our at from have not an which will all has their they was been more were its also can these would there other than about into between such cooperation security issue situation region development international relations partners agreement meeting talks government economic trade question country support project process peace stability dialogue minister council summit negotiations energy border investment framework principles law interests position strategy partnership committee parliament budget reform election court policy transport climate water infrastructure education health research technology")
)

type speaker struct{ id, name, alias, role string }

// zipf picks indexes 0..n-1 with weight 1/(i+1)^s.
type zipf struct{ cum []float64 }

func newZipf(n int, s float64) zipf {
	z := zipf{cum: make([]float64, n)}
	total := 0.0
	for i := range n {
		total += 1 / math.Pow(float64(i+1), s)
		z.cum[i] = total
	}
	return z
}

func (z zipf) pick(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if z.cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

type gen struct {
	r     *rand.Rand
	vocab []string
	words zipf
}

func (g *gen) sentence() string {
	n := 8 + g.r.IntN(21)
	w := make([]string, n)
	for i := range w {
		w[i] = g.vocab[g.words.pick(g.r)]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + [...]string{".", ".", ".", "?", ";"}[g.r.IntN(5)]
}

func (g *gen) paragraph(sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = g.sentence()
	}
	return strings.Join(s, " ")
}

// vocabulary is the common words, then made-up ones, so that a large
// archive's vocabulary has a long tail as a real one does.
func vocabulary(r *rand.Rand, size int) []string {
	onset := strings.Fields("b c d f g h j k l m n p r s t v w z br ch cl cr dr fl gr pl pr sh st str th tr")
	vowel := strings.Fields("a e i o u ai ea ee io ou")
	coda := []string{"", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk", "ng"}
	seen := map[string]bool{}
	words := append([]string(nil), common...)
	for _, w := range words {
		seen[w] = true
	}
	for len(words) < size {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(onset[r.IntN(len(onset))] + vowel[r.IntN(len(vowel))])
		}
		b.WriteString(coda[r.IntN(len(coda))])
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// Kept is Write for benchmarks that keep their archive between runs: it
// writes the archive under dir unless a whole one is there already (its
// site.yaml, written last, is), starting afresh from an empty dir.
func Kept(dir string, o Options) error {
	if _, err := os.Stat(filepath.Join(dir, "content", "site.yaml")); err == nil {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return Write(dir, o)
}

// Write writes an archive under dir (content/ goes inside).
func Write(dir string, o Options) error {
	if o.Speakers == 0 {
		o.Speakers = max(20, o.Transcripts/10)
	}
	if o.Words == 0 {
		o.Words = 1500
	}
	r := rand.New(rand.NewPCG(o.Seed, 7))
	g := &gen{r: r, vocab: vocabulary(r, 30000)}
	g.words = newZipf(len(g.vocab), 1.0)

	var speakers []speaker
	seen := map[string]bool{}
	for len(speakers) < o.Speakers {
		first, last := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		if len(seen) >= 400 {
			first += " " + string(rune('A'+r.IntN(26))) + "."
		}
		name := first + " " + last
		id := strings.ToLower(strings.NewReplacer(" ", "-", ".", "").Replace(name))
		if seen[id] {
			continue
		}
		seen[id] = true
		speakers = append(speakers, speaker{id, name, last, roles[r.IntN(len(roles))]})
	}
	spZipf, tpZipf := newZipf(len(speakers), 1.1), newZipf(len(topics), 1.1)

	content := filepath.Join(dir, "content")
	if err := os.MkdirAll(filepath.Join(content, "speakers"), 0o755); err != nil {
		return err
	}
	start := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	var slugs []string
	for i := range o.Transcripts {
		date := start.AddDate(0, 0, i*span/o.Transcripts+r.IntN(2))
		slug := fmt.Sprintf("%s-press-conference-%d", date.Format("2006-01-02"), i)
		folder := filepath.Join(content, "transcripts", date.Format("2006"))
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return err
		}
		recent := slugs[max(0, len(slugs)-200):]
		text := g.transcript(i, date, slug, speakers, spZipf, tpZipf, recent, o.Words)
		if err := os.WriteFile(filepath.Join(folder, slug+".md"), []byte(text), 0o644); err != nil {
			return err
		}
		slugs = append(slugs, slug)
	}
	for _, sp := range speakers {
		bio := g.paragraph(3)
		if o.Hugo {
			if err := writeHugoProfile(content, sp, bio); err != nil {
				return err
			}
			continue
		}
		p := fmt.Sprintf("---\nname: %q\naliases: [%q]\nrole: %q\n---\n\n%s\n", sp.name, sp.alias, sp.role, bio)
		if err := os.WriteFile(filepath.Join(content, "speakers", sp.id+".md"), []byte(p), 0o644); err != nil {
			return err
		}
	}
	if o.Hugo {
		return os.WriteFile(filepath.Join(dir, "hugo.yaml"), []byte(hugoConfig), 0o644)
	}
	return os.WriteFile(filepath.Join(content, "site.yaml"), []byte("title: \"Bench archive\"\nbase_url: \"https://example.org/archive/\"\n"), 0o644)
}

// hugoConfig gives Hugo what content/site.yaml gives Verbatim, and asks of
// it what Verbatim does unasked: speakers and topics as taxonomies, lists
// of 20 a page, raw HTML escaped, code highlighted with CSS classes.
// Related content is left to Hugo's defaults, which are cheap: indexed by
// shared speakers and topics, as Verbatim relates transcripts, it costs
// Hugo time that grows with the square of the archive (half as long again
// at 2,000 transcripts), and the comparison is meant to flatter neither.
const hugoConfig = `baseURL: "https://example.org/archive/"
title: "Bench archive"
taxonomies:
  speaker: speakers
  topic: topics
pagination:
  pagerSize: 20
markup:
  goldmark:
    renderer:
      unsafe: false
  highlight:
    noClasses: false
`

// writeHugoProfile writes a speaker's profile as Hugo's term page.
func writeHugoProfile(content string, sp speaker, bio string) error {
	folder := filepath.Join(content, "speakers", sp.id)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	p := fmt.Sprintf("---\ntitle: %q\nother_names: [%q]\nrole: %q\n---\n\n%s\n", sp.name, sp.alias, sp.role, bio)
	return os.WriteFile(filepath.Join(folder, "_index.md"), []byte(p), 0o644)
}

func (g *gen) transcript(i int, date time.Time, slug string, speakers []speaker, spZipf, tpZipf zipf, recent []string, words int) string {
	r := g.r
	want := 2 + r.IntN(4)
	var cast []speaker
	for len(cast) < want {
		sp := speakers[spZipf.pick(r)]
		dup := false
		for _, c := range cast {
			dup = dup || c.id == sp.id
		}
		if !dup {
			cast = append(cast, sp)
		}
	}
	tset := map[string]bool{}
	for range 1 + r.IntN(4) {
		tset[topics[tpZipf.pick(r)]] = true
	}
	var tops []string
	for _, t := range topics {
		if tset[t] {
			tops = append(tops, t)
		}
	}
	ids := make([]string, len(cast))
	for k, c := range cast {
		ids[k] = c.id
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"Press conference %d: %s on %s\"\ndate: %s\nspeakers: [%s]\ntopics: [%s]\n",
		i, cast[0].name, strings.ReplaceAll(tops[0], "-", " "), date.Format("2006-01-02"), strings.Join(ids, ", "), strings.Join(tops, ", "))
	fmt.Fprintf(&b, "location: \"%s City\"\nsource: https://example.org/transcripts/%s\nsummary: \"%s\"\n", lastNames[r.IntN(len(lastNames))], slug, g.sentence())
	media := i%5 == 0
	if media {
		fmt.Fprintf(&b, "media: https://example.org/media/%s.mp3\n", slug)
	}
	b.WriteString("---\n\n" + g.paragraph(2) + "\n\n")
	written, turn, seconds, note := 0, 0, 0, 0
	for written < words {
		sp := cast[turn%len(cast)]
		if r.Float64() >= 0.6 {
			sp = cast[r.IntN(len(cast))]
		}
		turn++
		seconds += 20 + r.IntN(221)
		shared := 0
		for _, c := range cast {
			if c.alias == sp.alias {
				shared++
			}
		}
		label := sp.name
		if r.Float64() < 0.15 && shared == 1 {
			label = sp.alias
		}
		label = [...]string{"**" + label + ":**", "**" + label + "**:", label + ":"}[r.IntN(3)]
		if media {
			label = fmt.Sprintf("[%02d:%02d:%02d] %s", seconds/3600, seconds/60%60, seconds%60, label)
		}
		text := g.paragraph(1 + r.IntN(4))
		if r.Float64() < 0.2 {
			note++
			text += fmt.Sprintf("[^%d]", note)
		}
		if r.Float64() < 0.1 && len(recent) > 0 {
			text += " See also [[" + recent[r.IntN(len(recent))] + "]]."
		}
		if r.Float64() < 0.05 {
			text += " This concerns [[topic:" + tops[r.IntN(len(tops))] + "]]."
		}
		b.WriteString(label + " " + text + "\n\n")
		written += len(strings.Fields(text))
		for range [...]int{0, 0, 0, 1, 2}[r.IntN(5)] {
			p := g.paragraph(2 + r.IntN(4))
			b.WriteString(p + "\n\n")
			written += len(strings.Fields(p))
		}
		if r.Float64() < 0.03 {
			b.WriteString("> [!NOTE]\n> " + g.sentence() + "\n\n")
		}
		if r.Float64() < 0.01 {
			b.WriteString("```go\nfunc main() {\n\tfmt.Println(\"hello\")\n}\n```\n\n")
		}
	}
	for n := 1; n <= note; n++ {
		fmt.Fprintf(&b, "[^%d]: %s\n\n", n, g.sentence())
	}
	return b.String()
}
