// A query's turns, ranked (BM25, with boosts for a speaker's name and the
// transcript's title), filtered, and the facets counted.
import { tokens } from "./tokenize.js";

const K1 = 1.2, B = 0.75;
const TITLE_BOOST = 0.5, NAME_BOOST = 1.0, TITLE_DOC = 1.5;

// parse splits a query into clauses: a word, or a "phrase in quotes".
// The last word, unless a space follows it, also matches the terms it
// begins, so results come while a word is being typed.
function parse(q, stop, stemmers) {
  const clauses = [];
  const re = /"([^"]*)"?|[^\s"]+/g;
  let m;
  while ((m = re.exec(q))) {
    const phrase = m[1] !== undefined;
    const toks = tokens(phrase ? m[1] : m[0], stop, stemmers);
    // alts are a word's terms under each language of the archive.
    if (phrase) {
      const words = toks.filter((t) => t.term).map((t) => ({ term: t.term, alts: t.terms, off: t.pos }));
      if (words.length === 1) clauses.push({ term: words[0].term, alts: words[0].alts });
      else if (words.length > 1) clauses.push({ phrase: words });
    } else {
      for (const t of toks) if (t.term) clauses.push({ term: t.term, alts: t.terms });
    }
  }
  const last = clauses[clauses.length - 1];
  const open = (q.match(/"/g) || []).length % 2 === 1;
  if (last && last.term && !open && /[\p{L}\p{N}\p{M}]$/u.test(q) && last.term.length >= 3) last.prefix = true;
  return clauses;
}

const key = (tid, n) => tid * 65536 + n;

// gather gives each clause its documents (a map from key to {tid, n, spk,
// len, tf, pos}), its weight, the index terms it matched (to highlight
// them) and the speakers whose names it matches; it tells whether it read
// only speaker's part of a frequent word's postings.
async function gather(index, clauses, speaker) {
  const meta = index.meta;
  const idf = (df) => Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
  let partial = false;
  for (const c of clauses) {
    const words = c.phrase || [c];
    for (const w of words) {
      w.docs = new Map();
      w.terms = new Set();
      let df = 0;
      const found = new Map();
      for (const alt of w.alts) for (const [t, info] of await index.expand(alt, w.prefix)) found.set(t, info);
      for (const [t, info] of found) {
        w.terms.add(t);
        df += info.df;
        const ps = await index.postings(t, info, speaker);
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
          if (c.alts.some((a) => n === a || (c.prefix && n.startsWith(a)))) { c.names.add(i + 1); break; }
        }
      });
    }
  }
  return partial;
}

// match scores every document that satisfies every clause: by its words
// (BM25), or by its speaker's name; words in the transcript's title add
// to the score of its turns.
function match(clauses, avglen) {
  const cand = new Map();
  for (const c of clauses) for (const [k, d] of c.docs) if (!cand.has(k)) cand.set(k, d);
  const out = [];
  for (const [k, d] of cand) {
    let score = 0, anchor = -1, best = -1, ok = true;
    for (const c of clauses) {
      const e = c.docs.get(k);
      const named = d.spk > 0 && c.names.has(d.spk);
      if (e) {
        score += c.idf * e.tf * (K1 + 1) / (e.tf + K1 * (1 - B + B * Math.max(e.len, 1) / avglen));
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
export function dayOf(s, end) {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec((s || "").trim());
  if (!m) return null;
  const y = +m[1], mo = m[2] ? +m[2] - 1 : (end ? 11 : 0);
  let t;
  if (m[3]) t = Date.UTC(y, mo, +m[3]);
  else if (end) t = Date.UTC(y, mo + 1, 1) - 86400000;
  else t = Date.UTC(y, mo, 1);
  return Math.floor(t / 86400000);
}

// firstFrom is the first transcript (they are in date order) whose day
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
// other facets' filters applied, as facet counts usually are. A result
// that stands for several turns (turns) counts as many.
export function filter(all, st, meta, docs) {
  const sp = st.speaker ? meta.speakerNum.get(st.speaker) || -1 : 0;
  const tp = st.topic ? (meta.topicNum.has(st.topic) ? meta.topicNum.get(st.topic) : -2) : -1;
  const from = dayOf(st.from, false), to = dayOf(st.to, true);
  // An archive in more than one language numbers each transcript's.
  const langs = meta.langs || [], lg = st.lang && meta.languages ? meta.languages.indexOf(st.lang) : -1;
  const okLang = (tid) => lg < 0 || langs[tid] === lg;
  const lo = from === null ? 0 : firstFrom(docs.days, from);
  const hi = to === null ? docs.days.length : firstFrom(docs.days, to + 1);
  const speakers = new Map(), topics = new Map(), years = new Map(), languages = new Map(), hits = [];
  const inc = (m, k, w) => m.set(k, (m.get(k) || 0) + w);
  for (const r of all) {
    const w = r.turns || 1;
    const okS = !sp || r.spk === sp;
    const okT = tp === -1 || docs.topics[r.tid].includes(tp);
    const okD = r.tid >= lo && r.tid < hi;
    const okL = okLang(r.tid);
    if (okT && okD && okL && r.spk) inc(speakers, r.spk, w);
    if (okS && okD && okL) for (const t of docs.topics[r.tid]) inc(topics, t, w);
    if (okS && okT && okL) inc(years, docs.years[r.tid], w);
    if (okS && okT && okD && langs.length) inc(languages, meta.languages[langs[r.tid]], w);
    if (okS && okT && okD && okL) hits.push(r);
  }
  hits.sort((a, b) => b.score - a.score || b.tid - a.tid || a.n - b.n);
  return { hits, speakers, topics, years, languages };
}

// rank gives {res, isHit, partial} for the form's state st from an open
// index (see filter, gather; isHit tells a term to mark), or null when the
// query has no word to search for.
export async function rank(index, st) {
  const meta = index.meta;
  const clauses = parse(st.q, meta.stopWords, meta.stemmers);
  if (!clauses.length) return null;
  const speaker = st.speaker ? meta.speakerNum.get(st.speaker) || -1 : 0;
  const partial = await gather(index, clauses, speaker > 0 ? speaker : 0);
  const res = filter(match(clauses, meta.avglen), st, meta, index.docs);
  const terms = new Set(), prefixes = [];
  for (const c of clauses) {
    for (const t of c.terms) terms.add(t);
    if (c.prefix) prefixes.push(...c.alts);
  }
  const isHit = (t) => terms.has(t) || prefixes.some((p) => t.startsWith(p));
  return { res, isHit, partial };
}
