// The search page in the DOM: the form and its URL, the status line, the
// results a page at a time, the facets, the keys.
import { browse } from "./browse.js";
import { dayOf, rank } from "./rank.js";
import { tokens } from "./tokenize.js";

const PAGE = 10; // results rendered at a time: each fetches its transcript's index.json
const BROWSE_PAGE = 50; // turns of a speaker listed at a time: a few transcripts' index.json
const FIELDS = ["q", "speaker", "topic", "from", "to", "lang"];

// langName is a language's name in that language: "Русский".
function langName(tag) {
  try {
    const n = new Intl.DisplayNames([tag], { type: "language" }).of(tag);
    return n.charAt(0).toLocaleUpperCase(tag) + n.slice(1);
  } catch {
    return tag;
  }
}

// Dates as every other page writes them, in the language's long form
// ("7 July 2021", "7 июля 2021 г."): w is words.js's.
function showDate(w, iso) {
  const d = dayOf(iso, false);
  return d === null ? iso : w.date(d * 86400000);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// snippet is about thirty words of text around the word at anchor, with
// the words of the query marked.
function snippet(text, anchor, isHit, stop, stemmers) {
  const toks = tokens(text, stop, stemmers), out = document.createDocumentFragment();
  const width = 30;
  let lo = Math.max(0, Math.min(anchor - 10, toks.length - width)), hi = Math.min(toks.length, lo + width);
  if (anchor < 0) { lo = 0; hi = Math.min(toks.length, width); }
  const start = lo === 0 ? 0 : toks[lo].start, end = hi === toks.length ? text.length : toks[hi - 1].end;
  if (lo > 0) out.append("… ");
  let c = start;
  for (let i = lo; i < hi; i++) {
    const t = toks[i];
    if (t.terms.some(isHit)) {
      out.append(text.slice(c, t.start), el("mark", "", text.slice(t.start, t.end)));
      c = t.end;
    }
  }
  out.append(text.slice(c, end));
  if (hi < toks.length) out.append(" …");
  return out;
}

async function item(index, r, isHit, w) {
  const meta = index.meta;
  const f = await index.textOf(await index.slugOf(r.tid));
  if (r.k !== undefined) r.n = (f.turnsOf.get(meta.speakers[r.spk - 1][0]) || [])[r.k] || 0; // browse.js
  const li = el("li", "search-result");
  const a = el("a", "search-result-link");
  a.href = index.baseURL + f.path + (r.n ? "#t" + r.n : "");
  a.append(el("span", "search-result-title", f.title));
  const info = el("p", "search-result-meta");
  if (r.spk) info.append(el("span", "search-result-speaker", meta.speakers[r.spk - 1][1]), " · ");
  const time = el("time", "", showDate(w, f.date));
  time.dateTime = f.date;
  info.append(time, " · " + (r.n ? w.t("turn", { Number: r.n }) : w.t("title_and_summary")));
  const p = el("p", "search-result-snippet");
  p.append(snippet(f.text.get(r.n) || "", r.anchor, isHit, meta.stopWords, meta.stemmers));
  // A transcript in another language than the page's is read and laid
  // out in its own; every result says its language, for the filter.
  if (f.lang) {
    li.dataset.lang = f.lang;
    if (f.lang !== w.lang) {
      li.lang = f.lang;
      li.dir = "auto";
    }
  }
  li.dataset.turn = r.n;
  if (r.spk) li.dataset.speaker = meta.speakers[r.spk - 1][0];
  li.append(a, info, p);
  return li;
}

// filterText says in words which filters st has, for the status line.
function filterText(st, meta, w) {
  const parts = [];
  if (st.speaker) {
    const n = meta.speakerNum.get(st.speaker);
    parts.push(w.t("by", { Speaker: n ? meta.speakers[n - 1][1] : st.speaker }));
  }
  if (st.topic) {
    const n = meta.topicNum.get(st.topic);
    parts.push(w.t("on", { Topic: n !== undefined ? meta.topics[n][1] : st.topic }));
  }
  if (st.lang) parts.push(w.t("in_language", { Language: langName(st.lang) }));
  if (st.from || st.to) {
    parts.push(st.from && st.to && st.from === st.to ? w.t("in", { Year: st.from })
      : [st.from ? w.t("from", { Date: st.from }) : "", st.to ? w.t("to", { Date: st.to }) : ""].filter(Boolean).join(" "));
  }
  return parts.length ? " " + parts.join(w.t("list_separator")) : "";
}

// facet is one facet's section; without counted, the values are those of
// the postings read so far, and their counts are left out.
function facet(title, name, entries, selected, label, w, counted) {
  const sec = el("section", "search-facet");
  sec.append(el("h2", "", title));
  const ul = el("ul");
  for (const [value, count] of entries) {
    const b = el("button", "search-facet-button");
    b.type = "button";
    b.dataset.facet = name;
    b.dataset.value = value;
    b.setAttribute("aria-pressed", String(value === selected));
    b.append(label(value));
    if (counted) b.append(" ", el("span", "count", w.number(count)));
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

// facets are the facets' sections. With partial, only the chosen
// speaker's postings of some frequent word were fetched, so the other
// speakers are not counted: the speaker facet shows the chosen one, to
// unpress. Without complete, only the heads of frequent words were, and
// no count is shown.
function facets(res, st, partial, complete, meta, w) {
  const out = [];
  const chosen = meta.speakerNum.get(st.speaker);
  const counts = partial ? new Map([...res.speakers].filter(([k]) => k === chosen)) : res.speakers;
  const spk = top(counts, 12, chosen).map(([k, v]) => [meta.speakers[k - 1][0], v]);
  const tps = top(res.topics, 12, meta.topicNum.get(st.topic)).map(([k, v]) => [meta.topics[k][0], v]);
  const years = [...res.years].sort((a, b) => b[0] - a[0]).map(([y, v]) => [String(y), v]);
  const yearSel = st.from && st.from === st.to ? st.from : "";
  if (spk.length) out.push(facet(w.t("speaker"), "speaker", spk, st.speaker, (id) => meta.speakers[meta.speakerNum.get(id) - 1][1], w, complete));
  if (tps.length) out.push(facet(w.t("topic"), "topic", tps, st.topic, (id) => meta.topics[meta.topicNum.get(id)][1], w, complete));
  if (years.length) out.push(facet(w.t("year"), "year", years, yearSel, (y) => y, w, complete));
  const langs = [...res.languages].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (langs.length) {
    const sec = facet(w.t("language"), "lang", langs, st.lang, langName, w, complete);
    for (const b of sec.querySelectorAll("button")) b.lang = b.dataset.value;
    out.push(sec);
  }
  return out;
}

// mount runs the search page under root (the #search element) on index,
// in the words w (words.js).
export function mount(root, index, w) {
  const $ = (id) => document.getElementById(id);
  const form = $("search-form"), input = $("search-q");
  // The language filter's field is made here, not by the template: only
  // an archive in more than one language shows the filter.
  if (!$("search-lang")) {
    const l = el("input");
    Object.assign(l, { type: "hidden", name: "lang", id: "search-lang" });
    form.append(l);
  }
  const fields = { q: input, speaker: $("search-speaker"), topic: $("search-topic"), from: $("search-from"), to: $("search-to"), lang: $("search-lang") };
  const statusEl = $("search-status"), list = $("search-results"), more = $("search-more"), facetsEl = $("search-facets");
  let seq = 0, current = null, timer = 0;

  function readForm() {
    return { q: input.value, speaker: fields.speaker.value, topic: fields.topic.value, from: fields.from.value.trim(), to: fields.to.value.trim(), lang: fields.lang.value };
  }

  function fillForm(p) {
    for (const k of FIELDS) fields[k].value = p.get(k) || "";
  }

  function writeURL(st) {
    const p = new URLSearchParams();
    for (const k of FIELDS) if (st[k]) p.set(k, st[k]);
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
    fields.speaker.value = fields.topic.value = fields.from.value = fields.to.value = fields.lang.value = "";
    search();
  }

  async function search() {
    const my = ++seq;
    const st = readForm();
    writeURL(st);
    const t0 = performance.now();
    try {
      if (!index.meta) status(w.t("loading"));
      await index.open();
      // A speaker and no words: every turn of the speaker (browse.js).
      const browsing = !st.q.trim() && !!st.speaker;
      const found = browsing ? await browse(index, st) : await rank(index, st);
      if (my !== seq) return;
      if (!found) {
        current = null;
        list.textContent = "";
        more.hidden = true;
        facetsEl.textContent = "";
        status(st.q.trim() ? w.t("too_common") : "");
        root.dataset.done = st.q;
        return;
      }
      current = { st, browsing, shown: 0, page: browsing ? BROWSE_PAGE : PAGE };
      if (!(await show(my, found, true))) return;
      root.dataset.took = (performance.now() - t0).toFixed(1);
      root.dataset.done = st.q; // the query the page shows the results of
    } catch (e) {
      if (my === seq) status(w.t("unreadable", { Error: e.message }));
    }
  }

  // show takes the results found (rank's or browse's) for the current
  // search, shows the next page of them (the first, with fresh) and then
  // the status line and the facets; false means a newer search began.
  async function show(my, found, fresh) {
    const { st, browsing } = current;
    Object.assign(current, found);
    if (!(await render(my, fresh))) return false;
    const { res, partial, complete } = found;
    facetsEl.textContent = "";
    facetsEl.append(...facets(res, st, partial, complete !== false, index.meta, w));
    const n = res.hits.length;
    if (browsing) {
      status(w.t("turns", n) + filterText(st, index.meta, w) + w.t("newest_first"));
    } else if (complete === false) {
      status(w.t("best_results") + filterText(st, index.meta, w) + w.t("full_stop"));
    } else if (n === 0) {
      const filtered = st.speaker || st.topic || st.from || st.to || st.lang;
      status(w.t(filtered ? "no_match_filtered" : "no_match", { Query: st.q.trim() }),
        filtered ? { label: w.t("search_without_filters"), run: clearFilters } : null);
    } else {
      status(w.t("results", n) + filterText(st, index.meta, w) + w.t("full_stop"));
    }
    return true;
  }

  // render shows the next page of results; fresh starts the list again.
  // Only the first res.sure hits are certain until the search is complete.
  async function render(my, fresh) {
    const { res, isHit, complete } = current;
    const end = complete === false ? res.sure : res.hits.length;
    const slice = res.hits.slice(current.shown, Math.min(end, current.shown + current.page));
    const items = await Promise.all(slice.map((r) => item(index, r, isHit, w)));
    if (my !== seq) return false;
    if (fresh) list.textContent = "";
    list.append(...items);
    current.shown += slice.length;
    more.hidden = complete !== false && current.shown >= res.hits.length;
    return true;
  }

  facetsEl.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-facet]");
    if (!b) return;
    const on = b.getAttribute("aria-pressed") !== "true", v = on ? b.dataset.value : "";
    if (b.dataset.facet === "speaker") fields.speaker.value = v;
    else if (b.dataset.facet === "topic") fields.topic.value = v;
    else if (b.dataset.facet === "lang") fields.lang.value = v;
    else fields.from.value = fields.to.value = v;
    search();
  });

  more.addEventListener("click", async () => {
    if (!current) return;
    const first = current.shown, my = seq;
    try {
      // Past the hits that the heads of the words decide, every posting.
      let shown;
      if (current.complete === false && current.shown + current.page > current.res.sure) {
        const found = await rank(index, current.st, current.shown + current.page, true);
        shown = my === seq && await show(my, found, false);
      } else {
        shown = await render(my, false);
      }
      const a = shown && list.children[first] && list.children[first].querySelector("a");
      if (a) a.focus();
    } catch (e) {
      if (my === seq) status(w.t("unreadable", { Error: e.message }));
    }
  });

  const soon = () => { clearTimeout(timer); timer = setTimeout(search, 50); };
  input.addEventListener("input", soon);
  fields.from.addEventListener("change", search);
  fields.to.addEventListener("change", search);
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

  fillForm(new URLSearchParams(location.search));
  if (input.value || fields.speaker.value || fields.topic.value) search();
  input.focus();
}
