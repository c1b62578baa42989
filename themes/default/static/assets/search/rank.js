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
// them) and the speakers whose names it matches. Of a frequent word it
// reads, with all, every posting; with a speaker, that speaker's (partial);
// else only the head, and the clause's open list holds, for each such
// term, the documents read and the bound on the others (see match). It
// tells whether it read only a speaker's part of some word's postings.
async function gather(index, clauses, speaker, all) {
  const meta = index.meta;
  const idf = (df) => Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
  let partial = false;
  for (const c of clauses) {
    const words = c.phrase || [c];
    for (const w of words) {
      w.docs = new Map();
      w.terms = new Set();
      w.open = [];
      let df = 0;
      const found = new Map();
      for (const alt of w.alts) for (const [t, info] of await index.expand(alt, w.prefix)) found.set(t, info);
      const lists = await Promise.all([...found].map(([t, info]) => index.postings(t, info, speaker, all)));
      [...found].forEach(([t, info], i) => {
        const ps = lists[i];
        w.terms.add(t);
        df += info.df;
        partial = partial || !!ps.partial;
        if (ps.open) w.open.push({ keys: new Set(ps.map((p) => key(p.tid, p.n))), tailMax: ps.tailMax, titles: ps.titles });
        // A word that finds several terms (the words it begins, its
        // stems in each language) weighs in a document as the term that
        // weighs most there (imp): then a term of which only the head
        // was read leaves a document's score unsure only when its tail
        // could weigh more.
        for (const p of ps) {
          const k = key(p.tid, p.n), d = w.docs.get(k), imp = impact(p.tf, p.n, p.len, meta.avglen);
          if (d) {
            d.imp = Math.max(d.imp, imp);
            d.head = d.head || p.head;
            d.pos = d.pos.concat(p.pos).sort((a, b) => a - b);
          } else {
            w.docs.set(k, { tid: p.tid, n: p.n, spk: p.spk, len: p.len, imp, head: p.head, pos: p.pos });
          }
        }
      });
      w.idf = idf(Math.min(df, meta.docs));
    }
    c.names = new Set();
    if (c.phrase) {
      // A phrase is where its words stand at their offsets from one another.
      const [head, ...rest] = c.phrase;
      c.docs = new Map();
      // A document found in the heads of its words may have more of the
      // phrase where a word's tail holds it, and weigh up to the most a
      // word can.
      c.open = c.phrase.flatMap((w) => w.open.map((t) => ({ ...t, tailMax: (K1 + 1) * TITLE_DOC })));
      for (const [k, d] of head.docs) {
        const starts = d.pos.filter((p0) => rest.every((w) => {
          const e = w.docs.get(k);
          return e && e.pos.includes(p0 - head.off + w.off);
        }));
        if (starts.length) {
          const head = d.head && rest.every((w) => w.docs.get(k).head);
          c.docs.set(k, { tid: d.tid, n: d.n, spk: d.spk, len: d.len, imp: impact(starts.length, d.n, d.len, meta.avglen), head, pos: starts });
        }
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

// impact is what a word found tf times in document n of len words adds to
// its score, before the word's weight (idf): its BM25, more in a title
// document. search/impact.go computes it too.
function impact(tf, n, len, avglen) {
  const s = tf * (K1 + 1) / (tf + K1 * (1 - B + B * Math.max(len, 1) / avglen));
  return n === 0 ? s * TITLE_DOC : s;
}

// match scores every document that satisfies every clause: by its words
// (BM25), or by its speaker's name; words in the transcript's title add
// to the score of its turns.
//
// The documents that match in the heads of frequent words (top: each
// clause found in a head, in the postings of a word that has no head, or
// in the speaker's name) come first, by score, and then the others, by
// score: the heads hold the turns in which a word weighs most, so the
// first are the turns in which every word of the query weighs much, and
// the heads of the words are enough to rank them. A term of which gather
// read only the head may still be in a document's tail: if it could weigh
// more there than the terms read (tailMax), the document's score is a
// range, from score to ub, and exact is false; maybe says a document is
// not known to match, only that it may. Every title document of a
// term is in its head (impact.go), so the title boost is known whenever
// the turn is.
function match(clauses) {
  const cand = new Map();
  for (const c of clauses) for (const [k, d] of c.docs) if (!cand.has(k)) cand.set(k, d);
  const out = [];
  for (const [k, d] of cand) {
    const title = key(d.tid, 0);
    let score = 0, ub = 0, anchor = -1, best = -1, ok = true, top = true, exact = true, maybe = false;
    for (const c of clauses) {
      const e = c.docs.get(k);
      const named = d.spk > 0 && c.names.has(d.spk);
      let tail = 0; // what the tails not read could weigh
      for (const t of c.open) if (!t.keys.has(k)) tail = Math.max(tail, t.tailMax);
      let lo = 0;
      if (e) {
        lo = e.imp;
        if (c.idf > best) { best = c.idf; anchor = e.pos[0]; }
      } else if (!named && tail === 0) {
        ok = false;
        break;
      }
      top = top && (named || (!!e && e.head));
      let hi = Math.max(lo, tail);
      if (named) { lo += NAME_BOOST; hi += NAME_BOOST; }
      if (d.n !== 0) {
        if (c.docs.has(title)) { lo += TITLE_BOOST; hi += TITLE_BOOST; }
        else if (c.open.some((t) => !t.titles && !t.keys.has(title))) hi += TITLE_BOOST;
      }
      if (!(e || named)) maybe = true;
      if (hi > lo) exact = false;
      score += c.idf * lo;
      ub += c.idf * hi;
    }
    if (!ok) continue;
    out.push({ tid: d.tid, n: d.n, spk: d.spk, score, ub, top, exact: exact && !maybe, maybe, anchor });
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
// that stands for several turns (turns) counts as many. Hits come in
// match's order; bound is the highest score that a document that matched
// in the heads but whose score is not exact could have (see match), of
// those that the filters let through. A document not known to match is
// neither counted nor a hit.
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
  let bound = -Infinity;
  for (const r of all) {
    const w = r.turns || 1;
    const okS = !sp || r.spk === sp;
    const okT = tp === -1 || docs.topics[r.tid].includes(tp);
    const okD = r.tid >= lo && r.tid < hi;
    const okL = okLang(r.tid);
    if (r.exact === false && r.top && okS && okT && okD && okL) bound = Math.max(bound, r.ub);
    if (r.maybe) continue;
    if (okT && okD && okL && r.spk) inc(speakers, r.spk, w);
    if (okS && okD && okL) for (const t of docs.topics[r.tid]) inc(topics, t, w);
    if (okS && okT && okL) inc(years, docs.years[r.tid], w);
    if (okS && okT && okD && langs.length) inc(languages, meta.languages[langs[r.tid]], w);
    if (okS && okT && okD && okL) hits.push(r);
  }
  hits.sort((a, b) => (b.top ? 1 : 0) - (a.top ? 1 : 0) || b.score - a.score || b.tid - a.tid || a.n - b.n);
  return { hits, speakers, topics, years, languages, bound };
}

// rank gives {res, isHit, partial, complete} for the form's state st from
// an open index (see filter, gather; isHit tells a term to mark), or null
// when the query has no word to search for. It reads the heads of
// frequent words first; res.sure is how many of the first hits are
// certain: the same, in the same order, as with every posting read (see
// match). When that is fewer than want, it reads every posting of the
// query's words, or with a speaker filter that speaker's (complete); with
// all, it does so at once. Without complete, the hits past res.sure, and
// the counts, are only those of the postings read.
export async function rank(index, st, want = 10, all = false) {
  const meta = index.meta;
  const speaker = st.speaker ? meta.speakerNum.get(st.speaker) || -1 : 0;
  const whole = speaker > 0 ? "speaker" : "all";
  for (const read of all ? [whole] : ["heads", whole]) {
    const clauses = parse(st.q, meta.stopWords, meta.stemmers);
    if (!clauses.length) return null;
    const partial = await gather(index, clauses, read === "speaker" ? speaker : 0, read === "all");
    const res = filter(match(clauses), st, meta, index.docs);
    const complete = !clauses.some((c) => c.open.length);
    let sure = 0;
    while (sure < res.hits.length && res.hits[sure].top && res.hits[sure].exact && res.hits[sure].score > res.bound) sure++;
    if (!complete && sure < want && read === "heads") continue;
    res.sure = complete ? res.hits.length : sure;
    const terms = new Set(), prefixes = [];
    for (const c of clauses) {
      for (const t of c.terms) terms.add(t);
      if (c.prefix) prefixes.push(...c.alts);
    }
    const isHit = (t) => terms.has(t) || prefixes.some((p) => t.startsWith(p));
    return { res, isHit, partial: partial || (speaker > 0 && !complete), complete };
  }
}
