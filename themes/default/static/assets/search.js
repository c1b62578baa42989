// search.js is the search page of a Verbatim archive: it reads the index
// that the generator writes under search/ (see generator/search), fetching
// only the shards of the words typed and the text of the results shown.
// A result is one speaker turn; its text, for the snippet, comes from the
// transcript's index.json. Plain JavaScript, no build step.
//
// The tokeniser, the stemmer and the stop words below must stay exactly as
// in generator/search/token.go: the index holds the terms Go made, and a
// query finds them only if it makes the same ones.
(function () {
  "use strict";

  const root = document.getElementById("search");
  if (!root) return;
  const indexURL = root.dataset.index; // the folder of the index, under the base path
  const baseURL = root.dataset.base; // the site's base path, "/" or "/repo/"
  const $ = (id) => document.getElementById(id);
  const form = $("search-form"), input = $("search-q"), fromInput = $("search-from"), toInput = $("search-to");
  const speakerInput = $("search-speaker"), topicInput = $("search-topic");
  const statusEl = $("search-status"), list = $("search-results"), more = $("search-more"), facetsEl = $("search-facets");

  const VERSION = 1;
  const PAGE = 10; // results rendered at a time: each fetches its transcript's index.json
  const MAX_PREFIX_SHARDS = 3; // a last word that begins terms in more shards matches only itself
  const K1 = 1.2, B = 0.75;
  const TITLE_BOOST = 0.5, NAME_BOOST = 1.0, TITLE_DOC = 1.5;

  // ---- Tokens (mirror of token.go) ----

  const WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;
  const ASCII = /^[\x00-\x7f]*$/;
  const MAX_TERM = 40;
  const utf8 = new TextEncoder();
  const STOP = "a an and are as at be been but by for from had has have he her his i in into is it its " +
    "of on or our she so than that the their them then there these they this to was we were which who with you your";
  let stopWords = new Set(STOP.split(" "));

  function fold(w) {
    w = w.replace(/['\u2019]/g, "");
    if (ASCII.test(w)) return w.toLowerCase();
    return w.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase().replace(/\u03c2/g, "\u03c3");
  }

  function term(folded) {
    if (!folded || stopWords.has(folded) || utf8.encode(folded).length > MAX_TERM) return "";
    return stem(folded);
  }

  function undouble(w) {
    const n = w.length;
    if (n >= 2 && w[n - 1] === w[n - 2] && "bdfgmnprt".includes(w[n - 1])) return w.slice(0, -1);
    return w;
  }

  const hasVowel = (w) => /[aeiouy]/.test(w);

  function stem(w) {
    if (w.length <= 3 || !/^[a-z0-9]+$/.test(w)) return w;
    let n = w.length;
    if (w.endsWith("ies") && n > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
    n = w.length;
    if (w.endsWith("ing") && n - 3 >= 3 && hasVowel(w.slice(0, -3))) w = undouble(w.slice(0, -3));
    else if (w.endsWith("ed") && n - 2 >= 3 && hasVowel(w.slice(0, -2))) w = undouble(w.slice(0, -2));
    if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
    return w;
  }

  // tokens lists the words of a text: {term, pos, start, end}; term is ""
  // for a stop word, which still takes a position.
  function tokens(text) {
    const out = [];
    let pos = 0;
    for (const m of text.matchAll(WORD)) {
      out.push({ term: term(fold(m[0])), pos: pos++, start: m.index, end: m.index + m[0].length });
    }
    return out;
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

  // ---- Loading ----

  const cache = new Map();
  function once(key, load) {
    if (!cache.has(key)) {
      const p = load();
      p.catch(() => cache.delete(key)); // a failed fetch may be tried again
      cache.set(key, p);
    }
    return cache.get(key);
  }

  let meta = null;
  const url = (rel) => indexURL + rel + (meta ? "?v=" + meta.hash : "");

  async function fetchOK(rel, opts) {
    const r = await fetch(url(rel), opts);
    if (!r.ok) throw new Error(rel + ": " + r.status);
    return r;
  }

  async function bytes(rel) {
    const r = await fetchOK(rel);
    let b = new Uint8Array(await r.arrayBuffer());
    // The generator compresses .bin files itself; a server that also sets
    // Content-Encoding has them inflated by the browser already.
    if (b.length > 1 && b[0] === 0x1f && b[1] === 0x8b) {
      const s = new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"));
      b = new Uint8Array(await new Response(s).arrayBuffer());
    }
    return b;
  }

  const json = (rel) => fetchOK(rel).then((r) => r.json());

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

  async function loadMeta() {
    const r = await fetch(indexURL + "meta.json", { cache: "no-cache" });
    if (!r.ok) throw new Error("meta.json: " + r.status);
    const m = await r.json();
    if (m.version !== VERSION) throw new Error("index format " + m.version + ", expected " + VERSION);
    if (m.stop !== STOP) stopWords = new Set(m.stop.split(" ")); // an index from another version
    m.speakerNum = new Map(m.speakers.map((s, i) => [s[0], i + 1]));
    m.topicNum = new Map(m.topics.map((t, i) => [t[0], i]));
    // The terms of each speaker's name, so that a name in a query finds
    // the speaker's turns.
    m.nameTerms = m.speakers.map((s) => new Set(tokens(s[1]).map((t) => t.term).filter(Boolean)));
    return m;
  }

  async function loadDocs() {
    const b = await bytes("docs.bin");
    const r = new Reader(b);
    const days = [], topics = [];
    let day = 0;
    while (r.more()) {
      day += r.varint();
      days.push(day);
      const n = r.uvarint(), ts = [];
      for (let i = 0; i < n; i++) ts.push(r.uvarint());
      topics.push(ts);
    }
    return { days, topics };
  }

  const dec = new TextDecoder();
  function loadShard(i) {
    return once("s" + i, async () => {
      const b = await bytes("s/" + i + ".bin");
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
          // A frequent term: its postings are in part files, by speaker.
          const parts = [], n = r.uvarint();
          for (let k = 0; k < n; k++) parts.push({ file: r.uvarint(), last: r.uvarint() });
          terms.set(dec.decode(t), { df, parts });
        }
      }
      return terms;
    });
  }

  function shardOf(t) {
    const s = meta.shards;
    let lo = 0, hi = s.length - 1;
    if (hi < 0 || cmp(t, s[0]) < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cmp(s[mid], t) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // bucketOf is the group of speakers whose postings a frequent term keeps
  // in one part file, as in search.go.
  const bucketOf = (s) => (s < 48 ? s : 48 + (s % 16));

  // decode reads groups of postings, by transcript, up to end.
  function decode(b, off, end, out) {
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
        out.push({ tid, n, spk, len, tf, pos });
      }
    }
    return out;
  }

  // postings gives a term's postings: [{tid, n, spk, len, tf, pos}]. Of a
  // frequent term, with speaker (a number) only the part holding that
  // speaker's, and partial says so.
  async function postings(t, info, speaker) {
    if (!info.parts) return once("t:" + t, async () => decode(info.b, info.off, info.off + info.len, []));
    const want = speaker ? bucketOf(speaker) : -1;
    const lists = [];
    let lo = -1;
    for (const p of info.parts) {
      if (want < 0 || (want > lo && want <= p.last)) {
        lists.push(once("p" + p.file, async () => {
          const b = await bytes("p/" + p.file + ".bin"), r = new Reader(b), out = [];
          while (r.more()) {
            const n = r.uvarint();
            decode(b, r.i, r.i + n, out);
            r.i += n;
          }
          return out;
        }));
      }
      lo = p.last;
    }
    const all = [].concat(...(await Promise.all(lists)));
    all.partial = want >= 0;
    return all;
  }

  // expand gives the index terms a query term matches, with their
  // postings info: itself, and with prefix, every term it begins.
  async function expand(t, prefix) {
    const first = shardOf(t);
    const found = new Map();
    if (first < 0 && !prefix) return found;
    let last = Math.max(first, 0);
    if (prefix) {
      while (last + 1 < meta.shards.length && (meta.shards[last + 1].startsWith(t) || cmp(meta.shards[last + 1], t) < 0)) last++;
      if (last - Math.max(first, 0) + 1 > MAX_PREFIX_SHARDS) { prefix = false; last = first; }
    }
    if (first < 0 && !prefix) return found;
    for (let i = Math.max(first, 0); i <= last; i++) {
      const terms = await loadShard(i);
      if (prefix) {
        for (const [k, v] of terms) if (k.startsWith(t)) found.set(k, v);
      } else if (terms.has(t)) {
        found.set(t, terms.get(t));
      }
    }
    return found;
  }

  // ---- Queries ----

  // parse splits a query into clauses: a word, or a "phrase in quotes".
  // The last word, unless a space follows it, also matches the terms it
  // begins, so results come while a word is being typed.
  function parse(q) {
    const clauses = [];
    const re = /"([^"]*)"?|[^\s"]+/g;
    let m;
    while ((m = re.exec(q))) {
      const phrase = m[1] !== undefined;
      const toks = tokens(phrase ? m[1] : m[0]);
      if (phrase) {
        const words = toks.filter((t) => t.term).map((t) => ({ term: t.term, off: t.pos }));
        if (words.length === 1) clauses.push({ term: words[0].term });
        else if (words.length > 1) clauses.push({ phrase: words });
      } else {
        for (const t of toks) if (t.term) clauses.push({ term: t.term });
      }
    }
    const last = clauses[clauses.length - 1];
    const open = (q.match(/"/g) || []).length % 2 === 1;
    if (last && last.term && !open && /[\p{L}\p{N}\p{M}]$/u.test(q) && last.term.length >= 3) last.prefix = true;
    return clauses;
  }

  const key = (tid, n) => tid * 65536 + n;
  const idf = (df) => Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));

  // load gives each clause its documents (a map from key to {tid, n, spk,
  // len, tf, pos}), its weight, the index terms it matched (to highlight
  // them) and the speakers whose names it matches.
  async function load(clauses, speaker) {
    let partial = false;
    for (const c of clauses) {
      const words = c.phrase || [c];
      for (const w of words) {
        w.docs = new Map();
        w.terms = new Set();
        let df = 0;
        for (const [t, info] of await expand(w.term, w.prefix)) {
          w.terms.add(t);
          df += info.df;
          const ps = await postings(t, info, speaker);
          partial = partial || !!ps.partial;
          for (const p of ps) {
            const k = key(p.tid, p.n), d = w.docs.get(k);
            if (d) {
              d.tf += p.tf;
              d.pos = d.pos.concat(p.pos).sort((a, b) => a - b);
            } else {
              w.docs.set(k, { tid: p.tid, n: p.n, spk: p.spk, len: p.len, tf: p.tf, pos: p.pos });
            }
          }
        }
        w.idf = idf(Math.min(df, meta.docs));
      }
      c.names = new Set();
      if (c.phrase) {
        // A phrase is where its words stand at their offsets from one another.
        const [head, ...rest] = c.phrase;
        c.docs = new Map();
        for (const [k, d] of head.docs) {
          const starts = d.pos.filter((p0) => rest.every((w) => {
            const e = w.docs.get(k);
            return e && e.pos.includes(p0 - head.off + w.off);
          }));
          if (starts.length) c.docs.set(k, { tid: d.tid, n: d.n, spk: d.spk, len: d.len, tf: starts.length, pos: starts });
        }
        c.idf = c.phrase.reduce((s, w) => s + w.idf, 0);
        c.terms = new Set(c.phrase.flatMap((w) => [...w.terms]));
      } else {
        meta.nameTerms.forEach((names, i) => {
          for (const n of names) {
            if (n === c.term || (c.prefix && n.startsWith(c.term))) { c.names.add(i + 1); break; }
          }
        });
      }
    }
    return partial;
  }

  // match scores every document that satisfies every clause: by its words
  // (BM25), or by its speaker's name; words in the transcript's title add
  // to the score of its turns.
  function match(clauses) {
    const cand = new Map();
    for (const c of clauses) for (const [k, d] of c.docs) if (!cand.has(k)) cand.set(k, d);
    const out = [];
    for (const [k, d] of cand) {
      let score = 0, anchor = -1, best = -1, ok = true;
      for (const c of clauses) {
        const e = c.docs.get(k);
        const named = d.spk > 0 && c.names.has(d.spk);
        if (e) {
          score += c.idf * e.tf * (K1 + 1) / (e.tf + K1 * (1 - B + B * Math.max(e.len, 1) / meta.avglen));
          if (c.idf > best) { best = c.idf; anchor = e.pos[0]; }
        } else if (!named) {
          ok = false;
          break;
        }
        if (named) score += c.idf * NAME_BOOST;
        if (d.n !== 0 && c.docs.has(key(d.tid, 0))) score += c.idf * TITLE_BOOST;
      }
      if (!ok) continue;
      if (d.n === 0) score *= TITLE_DOC;
      out.push({ tid: d.tid, n: d.n, spk: d.spk, score, anchor });
    }
    return out;
  }

  // dayOf reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a day number (days
  // since 1970), the first day it names, or with end the last.
  function dayOf(s, end) {
    const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec((s || "").trim());
    if (!m) return null;
    const y = +m[1], mo = m[2] ? +m[2] - 1 : (end ? 11 : 0);
    let t;
    if (m[3]) t = Date.UTC(y, mo, +m[3]);
    else if (end) t = Date.UTC(y, mo + 1, 1) - 86400000;
    else t = Date.UTC(y, mo, 1);
    return Math.floor(t / 86400000);
  }

  // firstAfter is the first transcript (they are in date order) whose day
  // is at least day.
  function firstFrom(days, day) {
    let lo = 0, hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid] < day) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // filter applies the filters and counts the facets, each facet with the
  // other facets' filters applied, as facet counts usually are.
  function filter(all, st, docs) {
    const sp = st.speaker ? meta.speakerNum.get(st.speaker) || -1 : 0;
    const tp = st.topic ? (meta.topicNum.has(st.topic) ? meta.topicNum.get(st.topic) : -2) : -1;
    const from = dayOf(st.from, false), to = dayOf(st.to, true);
    const lo = from === null ? 0 : firstFrom(docs.days, from);
    const hi = to === null ? docs.days.length : firstFrom(docs.days, to + 1);
    const speakers = new Map(), topics = new Map(), years = new Map(), hits = [];
    const inc = (m, k) => m.set(k, (m.get(k) || 0) + 1);
    for (const r of all) {
      const okS = !sp || r.spk === sp;
      const okT = tp === -1 || docs.topics[r.tid].includes(tp);
      const okD = r.tid >= lo && r.tid < hi;
      if (okT && okD && r.spk) inc(speakers, r.spk);
      if (okS && okD) for (const t of docs.topics[r.tid]) inc(topics, t);
      if (okS && okT) inc(years, docs.years[r.tid]);
      if (okS && okT && okD) hits.push(r);
    }
    hits.sort((a, b) => b.score - a.score || b.tid - a.tid || a.n - b.n);
    return { hits, speakers, topics, years };
  }

  // ---- Results ----

  function slugOf(tid) {
    const k = Math.floor(tid / meta.slugchunk);
    return once("d" + k, () => json("d/" + k + ".json")).then((slugs) => slugs[tid - k * meta.slugchunk]);
  }

  // textOf gives a transcript's index.json, which holds the text of its
  // turns, with the title document (turn 0) as the index made it. It is
  // fetched without the index's version: it is not part of the index.
  function textOf(slug) {
    return once("t" + slug, async () => {
      const r = await fetch(baseURL + "transcripts/" + encodeURIComponent(slug) + "/index.json");
      if (!r.ok) throw new Error(slug + "/index.json: " + r.status);
      const j = await r.json();
      const text = new Map(j.turns.map((t) => [t.n, t.text]));
      text.set(0, j.title + "\n" + (j.summary || ""));
      return { title: j.title, date: j.date.slice(0, 10), path: "transcripts/" + slug + "/", text };
    });
  }

  const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || "en", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  function showDate(iso) {
    const d = dayOf(iso, false);
    return d === null ? iso : dateFormat.format(new Date(d * 86400000));
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // snippet is about thirty words of text around the word at anchor, with
  // the words of the query marked.
  function snippet(text, anchor, isHit) {
    const toks = tokens(text), out = document.createDocumentFragment();
    const width = 30;
    let lo = Math.max(0, Math.min(anchor - 10, toks.length - width)), hi = Math.min(toks.length, lo + width);
    if (anchor < 0) { lo = 0; hi = Math.min(toks.length, width); }
    const start = lo === 0 ? 0 : toks[lo].start, end = hi === toks.length ? text.length : toks[hi - 1].end;
    if (lo > 0) out.append("… ");
    let c = start;
    for (let i = lo; i < hi; i++) {
      const t = toks[i];
      if (t.term && isHit(t.term)) {
        out.append(text.slice(c, t.start), el("mark", "", text.slice(t.start, t.end)));
        c = t.end;
      }
    }
    out.append(text.slice(c, end));
    if (hi < toks.length) out.append(" …");
    return out;
  }

  async function item(r, isHit) {
    const slug = await slugOf(r.tid);
    const f = await textOf(slug);
    const li = el("li", "search-result");
    const a = el("a", "search-result-link");
    a.href = baseURL + f.path + (r.n ? "#t" + r.n : "");
    a.append(el("span", "search-result-title", f.title));
    const info = el("p", "search-result-meta");
    if (r.spk) info.append(el("span", "search-result-speaker", meta.speakers[r.spk - 1][1]), " · ");
    const time = el("time", "", showDate(f.date));
    time.dateTime = f.date;
    info.append(time, r.n ? " · turn " + r.n : " · title and summary");
    const p = el("p", "search-result-snippet");
    p.append(snippet(f.text.get(r.n) || "", r.anchor, isHit));
    li.dataset.turn = r.n;
    if (r.spk) li.dataset.speaker = meta.speakers[r.spk - 1][0];
    li.append(a, info, p);
    return li;
  }

  // ---- The page ----

  let seq = 0, current = null, docsData = null;

  function readForm() {
    return { q: input.value, speaker: speakerInput.value, topic: topicInput.value, from: fromInput.value.trim(), to: toInput.value.trim() };
  }

  function fillForm(p) {
    input.value = p.get("q") || "";
    speakerInput.value = p.get("speaker") || "";
    topicInput.value = p.get("topic") || "";
    fromInput.value = p.get("from") || "";
    toInput.value = p.get("to") || "";
  }

  function writeURL(st) {
    const p = new URLSearchParams();
    for (const k of ["q", "speaker", "topic", "from", "to"]) if (st[k]) p.set(k, st[k]);
    const qs = p.toString();
    const next = location.pathname + (qs ? "?" + qs : "");
    if (next !== location.pathname + location.search) history.replaceState(null, "", next);
  }

  function status(text, action) {
    statusEl.textContent = text;
    if (action) {
      const b = el("button", "search-clear", action.label);
      b.type = "button";
      b.addEventListener("click", action.run);
      statusEl.append(" ", b);
    }
  }

  function clearFilters() {
    speakerInput.value = topicInput.value = fromInput.value = toInput.value = "";
    search();
  }

  async function search() {
    const my = ++seq;
    const st = readForm();
    writeURL(st);
    const t0 = performance.now();
    try {
      if (!meta) status("Loading the index…");
      meta = await once("meta", loadMeta);
      docsData = await once("docs", loadDocs);
      if (!docsData.years) docsData.years = docsData.days.map((d) => new Date(d * 86400000).getUTCFullYear());
      const clauses = parse(st.q);
      if (!clauses.length) {
        if (my !== seq) return;
        current = null;
        list.textContent = "";
        more.hidden = true;
        facetsEl.textContent = "";
        status(st.q.trim() ? "Those words are too common to search for alone: add another word." : "");
        root.dataset.done = st.q;
        return;
      }
      const speaker = st.speaker ? meta.speakerNum.get(st.speaker) || -1 : 0;
      const partial = await load(clauses, speaker > 0 ? speaker : 0);
      if (my !== seq) return;
      const res = filter(match(clauses), st, docsData);
      const terms = new Set(), prefixes = [];
      for (const c of clauses) {
        for (const t of c.terms) terms.add(t);
        if (c.prefix) prefixes.push(c.term);
      }
      const isHit = (t) => terms.has(t) || prefixes.some((p) => t.startsWith(p));
      current = { res, isHit, shown: 0 };
      const page = await render(my, true);
      if (my !== seq || !page) return;
      renderFacets(res, st, partial);
      const n = res.hits.length;
      if (n === 0) {
        const filtered = st.speaker || st.topic || st.from || st.to;
        status("No turns match “" + st.q.trim() + "”" + (filtered ? " with these filters." : "."),
          filtered ? { label: "Search without filters", run: clearFilters } : null);
      } else {
        status(n + (n === 1 ? " result" : " results") + filterText(st) + ".");
      }
      root.dataset.took = (performance.now() - t0).toFixed(1);
      root.dataset.done = st.q; // the query the page shows the results of
    } catch (e) {
      if (my === seq) status("The search index could not be read (" + e.message + ").");
    }
  }

  function filterText(st) {
    const parts = [];
    if (st.speaker) {
      const n = meta.speakerNum.get(st.speaker);
      parts.push("by " + (n ? meta.speakers[n - 1][1] : st.speaker));
    }
    if (st.topic) {
      const n = meta.topicNum.get(st.topic);
      parts.push("on " + (n !== undefined ? meta.topics[n][1] : st.topic));
    }
    if (st.from || st.to) parts.push(st.from && st.to && st.from === st.to ? "in " + st.from : (st.from ? "from " + st.from : "") + (st.from && st.to ? " " : "") + (st.to ? "to " + st.to : ""));
    return parts.length ? " " + parts.join(", ") : "";
  }

  // render shows the next page of results; fresh starts the list again.
  async function render(my, fresh) {
    const { res, isHit } = current;
    const slice = res.hits.slice(current.shown, current.shown + PAGE);
    const items = await Promise.all(slice.map((r) => item(r, isHit)));
    if (my !== seq) return false;
    if (fresh) list.textContent = "";
    list.append(...items);
    current.shown += slice.length;
    more.hidden = current.shown >= res.hits.length;
    return true;
  }

  function facet(title, name, entries, selected, label) {
    const sec = el("section", "search-facet");
    sec.append(el("h2", "", title));
    const ul = el("ul");
    for (const [value, count] of entries) {
      const b = el("button", "search-facet-button");
      b.type = "button";
      b.dataset.facet = name;
      b.dataset.value = value;
      b.setAttribute("aria-pressed", String(value === selected));
      b.append(label(value), " ", el("span", "count", String(count)));
      const li = el("li");
      li.append(b);
      ul.append(li);
    }
    sec.append(ul);
    return sec;
  }

  // top keeps the largest counts, and the selected value whatever its count.
  function top(m, n, keep) {
    const all = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const out = all.slice(0, n);
    const sel = all.find((e) => e[0] === keep);
    if (sel && !out.includes(sel)) out.push(sel);
    return out;
  }

  // renderFacets shows the facets. With partial, only the chosen speaker's
  // postings of some frequent word were fetched, so the other speakers are
  // not counted: the speaker facet shows the chosen one, to unpress.
  function renderFacets(res, st, partial) {
    facetsEl.textContent = "";
    const chosen = meta.speakerNum.get(st.speaker);
    const counts = partial ? new Map([...res.speakers].filter(([k]) => k === chosen)) : res.speakers;
    const spk = top(counts, 12, chosen).map(([k, v]) => [meta.speakers[k - 1][0], v]);
    const tps = top(res.topics, 12, meta.topicNum.get(st.topic)).map(([k, v]) => [meta.topics[k][0], v]);
    const years = [...res.years].sort((a, b) => b[0] - a[0]).map(([y, v]) => [String(y), v]);
    const yearSel = st.from && st.from === st.to ? st.from : "";
    if (spk.length) facetsEl.append(facet("Speaker", "speaker", spk, st.speaker, (id) => meta.speakers[meta.speakerNum.get(id) - 1][1]));
    if (tps.length) facetsEl.append(facet("Topic", "topic", tps, st.topic, (id) => meta.topics[meta.topicNum.get(id)][1]));
    if (years.length) facetsEl.append(facet("Year", "year", years, yearSel, (y) => y));
  }

  facetsEl.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-facet]");
    if (!b) return;
    const on = b.getAttribute("aria-pressed") !== "true", v = on ? b.dataset.value : "";
    if (b.dataset.facet === "speaker") speakerInput.value = v;
    else if (b.dataset.facet === "topic") topicInput.value = v;
    else fromInput.value = toInput.value = v;
    search();
  });

  more.addEventListener("click", async () => {
    if (!current) return;
    const first = current.shown;
    if (await render(seq, false)) {
      const a = list.children[first] && list.children[first].querySelector("a");
      if (a) a.focus();
    }
  });

  let timer = 0;
  const soon = () => { clearTimeout(timer); timer = setTimeout(search, 50); };
  input.addEventListener("input", soon);
  fromInput.addEventListener("change", search);
  toInput.addEventListener("change", search);
  form.addEventListener("submit", (ev) => { ev.preventDefault(); clearTimeout(timer); search(); });

  // Keyboard: arrows move between the input and the results, Escape goes
  // back to the input, "/" anywhere else comes to it.
  const links = () => [...list.querySelectorAll("a.search-result-link")];
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" && links().length) { ev.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", (ev) => {
    const ls = links(), i = ls.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === "ArrowDown" && i + 1 < ls.length) { ev.preventDefault(); ls[i + 1].focus(); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? ls[i - 1] : input).focus(); }
    else if (ev.key === "Escape") { ev.preventDefault(); input.focus(); }
  });
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (ev.key === "/" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || (t && t.isContentEditable))) {
      ev.preventDefault();
      input.focus();
      input.select();
    }
  });
  window.addEventListener("popstate", () => { fillForm(new URLSearchParams(location.search)); search(); });

  // For the tests, which hold this tokeniser to the Go one.
  window.verbatimSearch = { terms: (s) => tokens(s).map((t) => t.term) };

  fillForm(new URLSearchParams(location.search));
  if (input.value || speakerInput.value || topicInput.value) search();
  input.focus();
})();
