// generator/search/token.go written again, term for term: the index holds
// the terms Go made, and a query finds them only if it makes the same
// ones. TestTokenizeJS runs this module (it imports nothing) under Node.

const WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;
const ASCII = /^[\x00-\x7f]*$/;
const MAX_TERM = 40;
const utf8 = new TextEncoder();

// STOP is this version's stop list; meta.json gives the index's.
export const STOP = "a an and are as at be been but by for from had has have he her his i in into is it its " +
  "of on or our she so than that the their them then there these they this to was we were which who with you your";

export const stopSet = (list) => new Set(list.split(" "));

const stopWords = stopSet(STOP);

function fold(w) {
  w = w.replace(/['\u2019]/g, "");
  if (ASCII.test(w)) return w.toLowerCase();
  return w.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase().replace(/\u03c2/g, "\u03c3");
}

// LIGHT is the light English stemmer, the only one of an archive whose
// meta.json names no other; a stemmer of stem/ is {key: "ru", stem}.
export const LIGHT = [{ key: "", stem: null }];

// ELIDED are the French words whose elision the stemmer does not take off.
const ELIDED = new Set(["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]);

// snowball is snowball in stem.go: the word in NFC and lower case, for
// French without an elided article, stemmed, unless outside the BMP.
function snowball(st, w) {
  w = w.normalize("NFC").toLowerCase();
  if (st.key === "fr") {
    const i = w.search(/['\u2019]/);
    if (i >= 0 && ELIDED.has(w.slice(0, i))) w = w.slice(i + 1);
  }
  w = w.replace(/['\u2019]/g, "");
  return /[\u{10000}-\u{10ffff}\ufffd]/u.test(w) ? w : st.stem(w);
}

// termsOf lists the terms of a word (as written) under each stemmer, once
// each; [] for a stop word. With a Snowball stemmer the word unstemmed
// comes last: the stemmer takes "Лавров" for an inflected form (лавр)
// while it keeps "лавров" as the stem of Лаврова and Лаврову, which the
// word as typed then finds.
function termsOf(word, stop, stemmers) {
  const folded = fold(word);
  if (!folded || stop.has(folded) || utf8.encode(folded).length > MAX_TERM) return [];
  const out = [];
  for (const st of stemmers) {
    const t = st.stem ? fold(snowball(st, word)) : stem(folded);
    if (!out.includes(t)) out.push(t);
  }
  if (stemmers.some((st) => st.stem) && !out.includes(folded)) out.push(folded);
  return out;
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

// tokens lists the words of a text: {term, terms, pos, start, end}; terms
// are its terms under each of stemmers (the languages of the archive),
// term the first; term is "" for a stop word (of stop, a set), which
// still takes a position.
export function tokens(text, stop = stopWords, stemmers = LIGHT) {
  const out = [];
  let pos = 0;
  for (const m of text.matchAll(WORD)) {
    const ts = termsOf(m[0], stop, stemmers);
    out.push({ term: ts[0] || "", terms: ts, pos: pos++, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// terms lists the index terms of a text, as search.Terms does in Go with
// the one stemmer of stemmers.
export const terms = (text, stop, stemmers) => tokens(text, stop, stemmers).map((t) => t.term);
