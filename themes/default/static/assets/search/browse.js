// Every turn of a speaker with no words to search for, newest first: the
// "speaker × topic" view (?speaker=ID&topic=ID) that speaker and topic
// pages link to, which the index serves instead of a page for every pair.
// The dates and the topic filter it as they filter a search.
import { filter } from "./rank.js";

// browse gives {res, isHit, partial} as rank does, for the form's state st
// with a speaker and no query. turns.bin tells in which transcripts the
// speaker has turns, and how many; each result is one of those turns (the
// k-th of the speaker's in its transcript), whose number view.js reads
// from the transcript's index.json when it shows it.
export async function browse(index, st) {
  const by = await index.turnsBy();
  const all = [];
  by.forEach((list, spk) => {
    for (const g of list) all.push({ tid: g.tid, spk, turns: g.turns, score: 0 });
  });
  const res = filter(all, st, index.meta, index.docs);
  res.hits = res.hits.flatMap((g) => Array.from({ length: g.turns }, (_, k) => ({ tid: g.tid, spk: g.spk, k, anchor: -1 })));
  return { res, isHit: () => false, partial: false };
}
