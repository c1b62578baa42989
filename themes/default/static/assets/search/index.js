// The index under search/ (see generator/search/search.go): meta.json and
// docs.bin, then only the shards of the words typed; each file fetched
// once, and again only if it failed.
import { LIGHT, STOP, stopSet, tokens } from "./tokenize.js";

const VERSION = 2;
const IMPACT_UNIT = 4096; // the steps of a tail's highest impact, as search/impact.go writes it
const MAX_PREFIX_SHARDS = 3; // a last word that begins terms in more shards matches only itself

class Reader {
  constructor(b, i, end) { this.b = b; this.i = i || 0; this.end = end === undefined ? b.length : end; }
  more() { return this.i < this.end; }
  uvarint() {
    let v = 0, mul = 1, c;
    do {
      c = this.b[this.i++];
      v += (c & 0x7f) * mul;
      mul *= 128;
    } while (c & 0x80);
    return v;
  }
  varint() { const u = this.uvarint(); return u % 2 ? -(u + 1) / 2 : u / 2; }
  byte() { return this.b[this.i++]; }
}

// cmp orders strings as Go does (by code point), which is how shards are cut.
function cmp(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

// bucketOf is the group of speakers whose postings a frequent term keeps
// in one part file, as in search.go.
const bucketOf = (s) => (s < 48 ? s : 48 + (s % 16));

// decode reads groups of postings, by transcript, up to end; head says
// they are a term's head, or all its postings (see rank.js).
function decode(b, off, end, out, head = false) {
  const r = new Reader(b, off, end);
  let tid = -1;
  while (r.more()) {
    tid += r.uvarint();
    const m = r.uvarint();
    let n = 0;
    for (let k = 0; k < m; k++) {
      n += r.uvarint();
      const spk = r.uvarint(), len = r.byte() * 4, tf = r.uvarint(), pos = [];
      let p = 0;
      for (let x = 0; x < tf; x++) { p += r.uvarint(); pos.push(p); }
      out.push({ tid, n, spk, len, tf, pos, head });
    }
  }
  return out;
}

const dec = new TextDecoder();

// stemmers loads the stemmer of each language the index was made in
// (meta.json's stemmers; "" or none is the light English one of
// tokenize.js), so that a page fetches only the languages its archive has.
async function stemmers(keys) {
  if (!keys) return LIGHT;
  return Promise.all(keys.map(async (key) => {
    if (!key) return LIGHT[0];
    if (!/^[a-z]{2,3}$/.test(key)) throw new Error("no stemmer " + key);
    return { key, stem: (await import("./stem/" + key + ".js")).stem };
  }));
}

export class Index {
  // indexURL is the index's folder, baseURL the site's base path ("/repo/").
  constructor(indexURL, baseURL) {
    this.indexURL = indexURL;
    this.baseURL = baseURL;
    this.cache = new Map();
    this.meta = null; // meta.json, once open
    this.docs = null; // docs.bin, once open
  }

  once(key, load) {
    const c = this.cache;
    if (!c.has(key)) {
      const p = load();
      p.catch(() => c.delete(key)); // a failed fetch may be tried again
      c.set(key, p);
    }
    return c.get(key);
  }

  url(rel) { return this.indexURL + rel + (this.meta ? "?v=" + this.meta.hash : ""); }

  async fetchOK(rel) {
    const r = await fetch(this.url(rel));
    if (!r.ok) throw new Error(rel + ": " + r.status);
    return r;
  }

  async bytes(rel) {
    const r = await this.fetchOK(rel);
    let b = new Uint8Array(await r.arrayBuffer());
    // The generator compresses .bin files itself; a server that also sets
    // Content-Encoding has them inflated by the browser already.
    if (b.length > 1 && b[0] === 0x1f && b[1] === 0x8b) {
      const s = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
      b = new Uint8Array(await new Response(s).arrayBuffer());
    }
    return b;
  }

  // open reads meta.json afresh (its hash versions the other files), then
  // docs.bin: each transcript's day and topics.
  async open() {
    this.meta = await this.once("meta", () => this.loadMeta());
    this.docs = await this.once("docs", () => this.loadDocs());
  }

  async loadMeta() {
    const r = await fetch(this.indexURL + "meta.json", { cache: "no-cache" });
    if (!r.ok) throw new Error("meta.json: " + r.status);
    const m = await r.json();
    if (m.version !== VERSION) throw new Error("index format " + m.version + ", expected " + VERSION);
    if (m.stop !== STOP) m.stopWords = stopSet(m.stop); // an index from another version
    m.speakerNum = new Map(m.speakers.map((s, i) => [s[0], i + 1]));
    m.topicNum = new Map(m.topics.map((t, i) => [t[0], i]));
    // The terms of each speaker's name, so that a name in a query finds
    // the speaker's turns.
    m.stemmers = await stemmers(m.stemmers);
    m.nameTerms = m.speakers.map((s) => new Set(tokens(s[1], m.stopWords, m.stemmers).flatMap((t) => t.terms)));
    return m;
  }

  async loadDocs() {
    const r = new Reader(await this.bytes("docs.bin"));
    const days = [], topics = [];
    let day = 0;
    while (r.more()) {
      day += r.varint();
      days.push(day);
      const n = r.uvarint(), ts = [];
      for (let i = 0; i < n; i++) ts.push(r.uvarint());
      topics.push(ts);
    }
    const years = days.map((d) => new Date(d * 86400000).getUTCFullYear());
    return { days, topics, years };
  }

  // turnsBy reads turns.bin: for each speaker, by number from 1, the
  // transcripts they have turns in, [{tid, turns}], oldest first.
  turnsBy() {
    return this.once("turns", async () => {
      const r = new Reader(await this.bytes("turns.bin")), by = [[]];
      while (r.more()) {
        const k = r.uvarint(), list = [];
        let tid = 0;
        for (let i = 0; i < k; i++) {
          tid += r.uvarint();
          list.push({ tid, turns: r.uvarint() });
        }
        by.push(list);
      }
      return by;
    });
  }

  shard(i) {
    return this.once("s" + i, async () => {
      const b = await this.bytes("s/" + i + ".bin");
      const r = new Reader(b), terms = new Map();
      let prev = new Uint8Array(0);
      while (r.more()) {
        const common = r.uvarint(), n = r.uvarint();
        const t = new Uint8Array(common + n);
        t.set(prev.subarray(0, common));
        t.set(b.subarray(r.i, r.i + n), common);
        r.i += n;
        prev = t;
        const df = r.uvarint(), len = r.uvarint();
        if (len > 0) {
          terms.set(dec.decode(t), { df, off: r.i, len, b });
          r.i += len;
        } else {
          // A frequent term: its postings are in part files, its head
          // (the documents of highest impact) and its tail, by speaker.
          // bound is the highest impact in the tail, and tells whether
          // every title document is in the head.
          const bound = r.uvarint(), head = r.uvarint(), parts = [], n = r.uvarint();
          for (let k = 0; k < n; k++) parts.push({ file: r.uvarint(), last: r.uvarint() });
          terms.set(dec.decode(t), { df, head, parts, tailMax: Math.floor(bound / 2) / IMPACT_UNIT, titles: bound % 2 === 1 });
        }
      }
      return terms;
    });
  }

  shardOf(t) {
    const s = this.meta.shards;
    let lo = 0, hi = s.length - 1;
    if (hi < 0 || cmp(t, s[0]) < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cmp(s[mid], t) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // postings gives a term's postings: [{tid, n, spk, len, tf, pos, head}]. Of a
  // frequent term, with all every part; with speaker (a number) its head
  // and the parts of the tail that hold that speaker's postings (and the
  // title documents'), and partial says so; else its head alone, and open
  // says that the tail is left, whose documents weigh at most tailMax.
  async postings(t, info, speaker, all) {
    if (!info.parts) return this.once("t:" + t, async () => decode(info.b, info.off, info.off + info.len, [], true));
    const head = this.once("p" + info.head, async () => decode(await this.bytes("p/" + info.head + ".bin"), 0, undefined, [], true));
    const want = all ? null : speaker ? [bucketOf(speaker)].concat(info.titles ? [] : [0]) : [];
    const lists = [head];
    let lo = -1;
    for (const p of info.parts) {
      if (!want || want.some((b) => b > lo && b <= p.last)) lists.push(this.tail(p.file));
      lo = p.last;
    }
    const out = [].concat(...(await Promise.all(lists)));
    out.partial = !all && speaker > 0 && info.parts.length > 0;
    out.open = !all && !speaker && info.parts.length > 0;
    out.tailMax = info.tailMax;
    out.titles = info.titles;
    return out;
  }

  // tail reads a part file of a term's tail: its postings by groups of
  // speakers, each group's transcripts numbered afresh.
  tail(file) {
    return this.once("p" + file, async () => {
      const b = await this.bytes("p/" + file + ".bin"), r = new Reader(b), out = [];
      while (r.more()) {
        const n = r.uvarint();
        decode(b, r.i, r.i + n, out);
        r.i += n;
      }
      return out;
    });
  }

  // expand gives the index terms a query term matches, with their
  // postings info: itself, and with prefix, every term it begins.
  async expand(t, prefix) {
    const shards = this.meta.shards, first = this.shardOf(t);
    const found = new Map();
    if (first < 0 && !prefix) return found;
    let last = Math.max(first, 0);
    if (prefix) {
      while (last + 1 < shards.length && (shards[last + 1].startsWith(t) || cmp(shards[last + 1], t) < 0)) last++;
      if (last - Math.max(first, 0) + 1 > MAX_PREFIX_SHARDS) { prefix = false; last = first; }
    }
    if (first < 0 && !prefix) return found;
    for (let i = Math.max(first, 0); i <= last; i++) {
      const terms = await this.shard(i);
      if (prefix) {
        for (const [k, v] of terms) if (k.startsWith(t)) found.set(k, v);
      } else if (terms.has(t)) {
        found.set(t, terms.get(t));
      }
    }
    return found;
  }

  slugOf(tid) {
    const k = Math.floor(tid / this.meta.slugchunk);
    return this.once("d" + k, () => this.fetchOK("d/" + k + ".json").then((r) => r.json()))
      .then((slugs) => slugs[tid - k * this.meta.slugchunk]);
  }

  // textOf gives a transcript's index.json, which holds the text of its
  // turns, with the title document (turn 0) as the index made it, and the
  // numbers of each speaker's turns. It is fetched without the index's
  // version: it is not part of the index.
  textOf(slug) {
    return this.once("t" + slug, async () => {
      const r = await fetch(this.baseURL + "transcripts/" + encodeURIComponent(slug) + "/index.json");
      if (!r.ok) throw new Error(slug + "/index.json: " + r.status);
      const j = await r.json();
      const text = new Map(j.turns.map((t) => [t.n, t.text]));
      text.set(0, j.title + "\n" + (j.summary || ""));
      const turnsOf = new Map();
      for (const t of j.turns) {
        if (!turnsOf.has(t.speaker)) turnsOf.set(t.speaker, []);
        turnsOf.get(t.speaker).push(t.n);
      }
      return { title: j.title, date: j.date.slice(0, 10), path: "transcripts/" + slug + "/", lang: j.language || "", text, turnsOf };
    });
  }
}
