package search

import (
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/themes"
)

// siteFlag names a built site whose search TestQueryBytes weighs, and
// queryFlag the searches to weigh there.
var (
	siteFlag  = flag.String("site", "", "a built site whose search TestQueryBytes weighs")
	queryFlag = flag.String("queries", "security cooperation,international relations,trade partners,situation region",
		"the searches TestQueryBytes makes on -site, separated by commas, each words and filters as in the search page's address: security?speaker=id")
)

// queryBudget is what a search of two words without a filter may fetch,
// of the index and of the first page of results' index.json (issue 20).
const queryBudget = 300_000

// fetchedJS makes searches as the search page does (index.js, rank.js,
// then the slug and, with texts, the index.json of each result of the
// first page), with a
// fetch that reads the files of a built site, and tells for each search
// its number of hits and the files it fetched, by kind, with their bytes
// as they lie in the site and as a host sends them (JSON gzipped).
const fetchedJS = `import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Index } from "./assets/search/index.js";
import { rank } from "./assets/search/rank.js";

const { site, queries, page, texts } = JSON.parse(readFileSync(0, "utf8"));
const root = site.startsWith("/") ? site : fileURLToPath(new URL(site, import.meta.url));
const out = [];
for (const q of queries) {
  const got = new Map();
  globalThis.fetch = async (url) => {
    const path = url.split("?")[0];
    let b;
    try { b = readFileSync(root + path); } catch { return new Response("", { status: 404 }); }
    // Hosts compress JSON as they serve it; the .bin files are gzipped.
    got.set(path, [b.length, path.endsWith(".json") ? gzipSync(b).length : b.length]);
    return new Response(b, { status: 200 });
  };
  const index = new Index("/search/", "/");
  await index.open();
  // A search's filters follow its words as in the page's address: "words?speaker=id".
  const [words, filters] = q.split("?");
  const { res, complete } = await rank(index, { ...Object.fromEntries(new URLSearchParams(filters || "")), q: words });
  for (const r of res.hits.slice(0, page)) {
    const slug = await index.slugOf(r.tid);
    if (texts) await index.textOf(slug);
  }
  const kinds = {};
  for (const [path, [n, wire]] of got) {
    const kind = path.startsWith("/transcripts/") ? "index.json" : path.replace(/^\/search\//, "").replace(/\/\d+\./, "/N.");
    kinds[kind] = kinds[kind] || { files: 0, bytes: 0, wire: 0 };
    kinds[kind].files++;
    kinds[kind].bytes += n;
    kinds[kind].wire += wire;
  }
  out.push({ q, hits: res.hits.length, sure: res.sure, complete, kinds });
}
process.stdout.write(JSON.stringify(out));
`

// fetched is what one search fetched.
type fetched struct {
	Q    string `json:"q"`
	Hits int    `json:"hits"`
	// Sure is how many of the first hits are certain, all of them when
	// Complete: every posting of the words was read.
	Sure     int  `json:"sure"`
	Complete bool `json:"complete"`
	Kinds    map[string]struct {
		Files int `json:"files"`
		Bytes int `json:"bytes"` // as the site holds them
		Wire  int `json:"wire"`  // as a host that gzips JSON sends them
	} `json:"kinds"`
}

// total is the bytes fetched (or sent, with wire), all files, or the
// index's alone.
func (f fetched) total(indexOnly, wire bool) int {
	n := 0
	for k, v := range f.Kinds {
		if !indexOnly || k != "index.json" {
			n += v.Bytes
			if wire {
				n += v.Wire - v.Bytes
			}
		}
	}
	return n
}

func (f fetched) String() string {
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range f.Kinds {
			if !yield(k) {
				return
			}
		}
	})
	var b strings.Builder
	kb := func(n int) float64 { return float64(n) / 1000 }
	hits := fmt.Sprintf("%d hits", f.Hits)
	if !f.Complete {
		hits = fmt.Sprintf("%d sure of %d+ hits", f.Sure, f.Hits)
	}
	fmt.Fprintf(&b, "%-26q %s, %4.0f KB, sent %4.0f KB (index %4.0f KB, sent %4.0f KB):", f.Q, hits,
		kb(f.total(false, false)), kb(f.total(false, true)), kb(f.total(true, false)), kb(f.total(true, true)))
	for _, k := range kinds {
		fmt.Fprintf(&b, " %s %d× %.0f KB (%.0f);", k, f.Kinds[k].Files, kb(f.Kinds[k].Bytes), kb(f.Kinds[k].Wire))
	}
	return b.String()
}

// nodeRun is the files to run driver under Node with the search page's
// scripts, under assets/search.
func nodeRun(t *testing.T, driver string) map[string][]byte {
	t.Helper()
	run := map[string][]byte{"driver.js": []byte(driver), "package.json": []byte(`{"type":"module"}`)}
	err := fs.WalkDir(themes.Default, "default/static/assets/search", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themes.Default, p)
		run[strings.TrimPrefix(p, "default/static/")] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// syntheticIndex writes with ix the index of synthetic(n), and gives its
// site, its files and the words of its turns, commonest first, stop words left out.
func syntheticIndex(t *testing.T, ix *Index, n int) (*model.Site, map[string][]byte, []string) {
	t.Helper()
	site, turns := synthetic(n)
	var es []*Entry
	count := map[string]int{}
	for k := range turns {
		es = append(es, ix.Add(site.Transcripts[k], turns[k]))
		for _, tu := range turns[k] {
			for _, w := range strings.Fields(tu.Text) {
				if !stopWords[w] {
					count[w]++
				}
			}
		}
	}
	var w sitetest.MemWriter
	if err := ix.Write(&w, site, es); err != nil {
		t.Fatal(err)
	}
	words := slices.Collect(maps.Keys(count))
	sort.Slice(words, func(i, j int) bool {
		if count[words[i]] != count[words[j]] {
			return count[words[i]] > count[words[j]]
		}
		return words[i] < words[j]
	})
	return site, w.Files(), words
}

// runFetched runs fetchedJS on the index in files (paths from the site's
// root), which has no transcripts' index.json, or, when files is nil, on
// the built site at dir.
func runFetched(t *testing.T, node string, files map[string][]byte, dir string, queries []string) []fetched {
	t.Helper()
	run := nodeRun(t, fetchedJS)
	if files != nil {
		for p, b := range files {
			run[path.Join("site", p)] = b
		}
		dir = "site"
	}
	var out []fetched
	sitetest.RunNode(t, node, run, "driver.js", map[string]any{"site": dir, "queries": queries, "page": 10, "texts": files == nil}, &out)
	if len(out) != len(queries) {
		t.Fatalf("%d searches made, %d reported", len(queries), len(out))
	}
	return out
}

// TestQueryBytes makes searches of two common words under Node, as the
// search page makes them, and checks that they fetch the index's small
// files and the shards of their words, not the whole index. With -site
// (a built site, such as the 20,000-transcript synthetic archive: see the
// manual's performance page) it reports what each of -queries fetches
// there, and fails when one passes queryBudget, counting JSON as a host
// that compresses it sends it.
func TestQueryBytes(t *testing.T) {
	node := sitetest.Node(t, "what a search fetches")
	if *siteFlag != "" {
		for _, f := range runFetched(t, node, nil, *siteFlag, strings.Split(*queryFlag, ",")) {
			t.Log(f)
			if n := f.total(false, true); n > queryBudget {
				t.Errorf("%q fetches %d bytes (JSON gzipped), more than %d", f.Q, n, queryBudget)
			}
		}
		return
	}
	t.Parallel()
	_, index, common := syntheticIndex(t, New(), 400)
	files, size := map[string][]byte{}, 0
	for p, b := range index {
		files["/"+p] = b
		size += len(b)
	}
	q := common[0] + " " + common[1]
	f := runFetched(t, node, files, "", []string{q})[0]
	t.Log(f)
	if f.Hits == 0 {
		t.Fatalf("%q found nothing", q)
	}
	for _, k := range []string{"meta.json", "docs.bin", "s/N.bin", "d/N.json"} {
		if f.Kinds[k].Files == 0 {
			t.Errorf("%q fetched no %s", q, k)
		}
	}
	if n := f.total(true, false); n == 0 || n > size/2 {
		t.Errorf("%q fetched %d bytes of an index of %d", q, n, size)
	}
}
