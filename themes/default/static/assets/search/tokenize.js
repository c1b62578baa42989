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

function term(folded, stop) {
  if (!folded || stop.has(folded) || utf8.encode(folded).length > MAX_TERM) return "";
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
// for a stop word (of stop, a set), which still takes a position.
export function tokens(text, stop = stopWords) {
  const out = [];
  let pos = 0;
  for (const m of text.matchAll(WORD)) {
    out.push({ term: term(fold(m[0]), stop), pos: pos++, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// terms lists the index terms of a text, as search.Terms does in Go.
export const terms = (text, stop) => tokens(text, stop).map((t) => t.term);
