package search

import (
	"slices"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// pagingJS makes each search twice under Node, with rank.js: once as the
// search page does, from the heads of frequent words, paging on as its
// More results button does (ten at a time, reading every posting once past
// the hits the heads decide), and once with every posting read from the
// start. It reports both lists of hits.
const pagingJS = `import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Index } from "./assets/search/index.js";
import { rank } from "./assets/search/rank.js";

const { queries } = JSON.parse(readFileSync(0, "utf8"));
const root = fileURLToPath(new URL("site", import.meta.url));
globalThis.fetch = async (url) => {
  try { return new Response(readFileSync(root + url.split("?")[0]), { status: 200 }); }
  catch { return new Response("", { status: 404 }); }
};
const keys = (hits) => hits.map((h) => h.tid + "#" + h.n);
const out = [];
for (const q of queries) {
  const [words, filters] = q.split("?");
  const st = { ...Object.fromEntries(new URLSearchParams(filters || "")), q: words };
  const index = new Index("/search/", "/");
  await index.open();
  let found = await rank(index, st);
  const headComplete = found.complete, sure = found.res.sure, paged = [];
  while (true) {
    const { res, complete } = found;
    if (!complete && paged.length + 10 > res.sure) {
      found = await rank(index, st, paged.length + 10, true);
      continue;
    }
    const page = res.hits.slice(paged.length, paged.length + 10);
    if (!page.length) break;
    paged.push(...keys(page));
  }
  const fresh = new Index("/search/", "/");
  await fresh.open();
  const all = await rank(fresh, st, 10, true);
  out.push({ q, headComplete, sure, paged, all: keys(all.res.hits) });
}
process.stdout.write(JSON.stringify(out));
`

// TestRankPaging holds the search page's ranking from the heads of
// frequent words to the ranking from every posting: the first page from
// the heads is the first page of the whole ranking, and paging on with
// More results reaches every matching turn, each once, in the same order.
// The searches are of the archive's commonest words, whose postings have
// a head and a tail, with and without filters, a phrase and a prefix.
func TestRankPaging(t *testing.T) {
	node := sitetest.Node(t, "ranking from the heads of frequent words")
	t.Parallel()
	ix := New()
	// Heads of 2 KB: the commonest words' postings are 6 to 8 KB here.
	ix.heads.above, ix.heads.target = 4<<10, 2<<10
	site, index, words := syntheticIndex(t, ix, 400)
	a, b, c := words[0], words[1], words[2]
	speaker := site.Speakers[3].ID
	queries := []string{
		a + " " + b,
		a + " " + b + " ",
		b + " " + c + " " + a,
		a,
		c + " " + a[:3],
		`"` + a + " " + b + `"`,
		a + " " + b + "?speaker=" + speaker,
		a + " " + c + "?topic=t2",
		a + "?speaker=" + site.Speakers[0].ID,
	}
	run := nodeRun(t, pagingJS)
	for p, b := range index {
		run["site/"+p] = b
	}
	var out []struct {
		Q            string   `json:"q"`
		HeadComplete bool     `json:"headComplete"`
		Sure         int      `json:"sure"`
		Paged        []string `json:"paged"`
		All          []string `json:"all"`
	}
	sitetest.RunNode(t, node, run, "driver.js", map[string]any{"queries": queries}, &out)
	if len(out) != len(queries) {
		t.Fatalf("%d searches made, %d reported", len(queries), len(out))
	}
	fromHeads := 0
	for _, r := range out {
		t.Logf("%q: %d hits, %d sure from the heads (complete: %v)", r.Q, len(r.All), r.Sure, r.HeadComplete)
		if len(r.All) == 0 {
			t.Errorf("%q: no hits", r.Q)
		}
		if !slices.Equal(r.Paged, r.All) {
			t.Errorf("%q: paging gives %d hits, not the %d of the whole ranking in its order", r.Q, len(r.Paged), len(r.All))
		}
		if !r.HeadComplete {
			fromHeads++
			if r.Sure < min(10, len(r.All)) {
				t.Errorf("%q: the heads decide %d hits, fewer than a page", r.Q, r.Sure)
			}
		}
	}
	if fromHeads == 0 {
		t.Error("no search was ranked from the heads alone")
	}
}
