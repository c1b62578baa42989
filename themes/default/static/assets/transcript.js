// Additions to a transcript page, which reads completely without them: a
// mini header once the title scrolls away; "Copy link" and "Cite" on each
// turn, and "Copy quotation" beside words selected in one; with a
// recording, timestamps seek the player, the turn being played is marked
// and followed, ?t=90 or ?t=1:30 starts there, and the player docks at the
// bottom while it plays out of view.

import { load } from "./words.js";

const doc = document, $ = (s, el = doc) => el.querySelector(s);
// A turn's label is its first paragraph: it carries no class, as it is
// written once for every turn of the archive.
const labelOf = ".turn > p:first-child";
const smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;

// A polite live region tells screen readers what a control did.
const status = doc.createElement("p");
status.className = "vh";
status.setAttribute("role", "status");
doc.body.appendChild(status);
function say(msg) {
  status.textContent = "";
  setTimeout(() => { status.textContent = msg; }, 50);
}

function seen(el, fn) {
  if (el && window.IntersectionObserver) new IntersectionObserver((es) => fn(es[0].isIntersecting)).observe(el);
}

function span(cls, text) {
  const s = doc.createElement("span");
  s.className = cls;
  s.textContent = text;
  return s;
}

// The mini header repeats the title and the speakers, so it is made here
// from the page's header rather than written into every page.
function minibar() {
  const h1 = $(".transcript-header h1"), article = $("article.transcript");
  if (!h1 || !article) return;
  const bar = doc.createElement("div"), who = span("minibar-speakers", "");
  bar.className = "minibar";
  bar.setAttribute("aria-hidden", "true");
  for (const li of doc.querySelectorAll(".transcript-facts li[data-speaker]")) {
    if (who.childNodes.length) who.append(", ");
    const s = span("who", ($("a", li) || li).textContent);
    s.dataset.speaker = li.dataset.speaker;
    who.append(s);
  }
  bar.append(span("minibar-title", h1.textContent), who);
  article.before(bar);
  seen(h1, (on) => bar.classList.toggle("is-shown", !on));
}

// button makes a control at once, so that a click never misses it; it is
// hidden until words (a promise of words.js's words) give it its text and
// its label, the keys text and label with args.
function button(cls, words, text, label, args) {
  const b = doc.createElement("button");
  b.type = "button";
  b.className = cls;
  b.hidden = true;
  words.then((w) => {
    b.textContent = b.dataset.text = w.t(text, args);
    b.setAttribute("aria-label", w.t(label, args));
    b.hidden = false;
  });
  return b;
}

// Copies text from a click: by the Clipboard API where the page may use
// it, else through a copy event.
function copy(text) {
  if (navigator.clipboard && isSecureContext) return navigator.clipboard.writeText(text);
  const put = (e) => { e.clipboardData.setData("text/plain", text); e.preventDefault(); };
  doc.addEventListener("copy", put);
  const ok = doc.execCommand("copy");
  doc.removeEventListener("copy", put);
  return ok ? Promise.resolve() : Promise.reject();
}

function copied(b, w, msg) {
  b.textContent = w.t("copied");
  say(msg);
  setTimeout(() => { b.textContent = b.dataset.text; }, 2000);
}

// A turn's citation: speaker, title, place, date, site and the turn's
// address, read from the page (its JSON-LD and canonical link, the
// header's date, the turn's label), so that no turn carries markup for it.
function citer() {
  let ld = {};
  try { ld = JSON.parse($('script[type="application/ld+json"]').textContent); } catch { /* a theme without it */ }
  const time = $(".transcript-header time"), site = ld.isPartOf ? " " + ld.isPartOf.name + "." : "";
  const what = [ld.name || $("h1").textContent, ld.locationCreated && ld.locationCreated.name, time ? time.textContent : ld.dateCreated].filter(Boolean).join(", ");
  const page = ($('link[rel="canonical"]') || location).href.split(/[?#]/)[0];
  return (turn) => {
    const who = $(labelOf + " b", turn);
    return (who ? who.textContent + ", " : "") + what + "." + site + " " + page + "#" + turn.id;
  };
}

// Each turn's menu: "Copy link", and "Cite", which shows the citation
// under the label (one panel for the page) with a button to copy it.
function menus(turns, cite, words) {
  const panel = doc.createElement("div"), text = doc.createElement("p"), put = button("cite-copy", words, "copy_citation", "copy_citation");
  panel.className = "cite-panel";
  panel.setAttribute("role", "group");
  text.className = "cite-text";
  panel.append(text, put);
  let open = null; // the Cite button whose panel shows
  const close = () => {
    const b = open;
    b?.setAttribute("aria-expanded", "false");
    panel.remove();
    open = null;
    return b;
  };
  doc.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && open && (panel.contains(e.target) || e.target === open)) close().focus();
  });
  for (const turn of turns) {
    const label = $(labelOf, turn), n = turn.id.slice(1);
    if (!label) continue;
    const num = { Number: n };
    const link = button("copy-link", words, "copy_link", "copy_link_to_turn", num), b = button("cite-open", words, "cite", "cite_turn", num);
    link.onclick = async () => {
      const w = await words;
      const url = location.href.split(/[?#]/)[0] + "#" + turn.id;
      (navigator.clipboard && isSecureContext ? navigator.clipboard.writeText(url) : Promise.reject()).then(() => copied(link, w, w.t("link_copied", num)), () => {
        location.hash = turn.id; // the link is then in the address bar
        say(w.t("link_in_address_bar", num));
      });
    };
    b.setAttribute("aria-expanded", "false");
    b.onclick = async () => {
      const w = await words;
      if (close() === b) return;
      text.textContent = cite(turn);
      panel.setAttribute("aria-label", w.t("citation_of_turn", num));
      put.onclick = () => copy(text.textContent).then(() => copied(put, w, w.t("citation_copied", num)), () => getSelection().selectAllChildren(text));
      label.after(panel);
      b.setAttribute("aria-expanded", "true");
      open = b;
    };
    label.append(link, b);
  }
}

// Words selected in one turn's text get a button beside them that copies
// them as a quotation, with the turn's citation.
function quotes(cite, words) {
  const q = button("quote-copy", words, "copy_quotation", "copy_quotation_label");
  q.onmousedown = (e) => e.preventDefault(); // keeps the selection
  let chosen;
  const turnOf = (node) => {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el && !el.closest(labelOf + ", .cite-panel") && el.closest(".turn[id]");
  };
  doc.addEventListener("selectionchange", () => {
    const sel = getSelection(), words = sel.toString().replace(/\s+/g, " ").trim(), turn = words && turnOf(sel.anchorNode);
    if (!turn || turn !== turnOf(sel.focusNode) || !q.dataset.text) {
      if (doc.activeElement !== q) q.hidden = true;
      return;
    }
    chosen = [words, turn];
    const r = sel.getRangeAt(0).getBoundingClientRect(), t = turn.getBoundingClientRect();
    q.style.top = r.bottom - t.top + 4 + "px";
    q.style.left = Math.max(0, Math.min(r.left - t.left, t.width - 160)) + "px";
    q.hidden = false;
    $(labelOf, turn).append(q);
  });
  q.onclick = async () => {
    const w = await words;
    copy("\u201c" + chosen[0] + "\u201d \u2014 " + cite(chosen[1])).then(() => copied(q, w, w.t("quotation_copied")), () => say(w.t("quotation_not_copied")));
  };
}

// "90", "1:30", "01:02:30" (a turn's time), "1m30s".
function seconds(v) {
  const m = /^(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/.exec(v || "") || /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v || "");
  return m && v ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : NaN;
}

// A turn's time is the first link of its label, which leads to the turn
// itself; a label with no time starts with the name and has no such link.
const timeLink = labelOf + " > a:first-child";

function timeOf(a) {
  return seconds(a.textContent);
}

function playAlong(player, turns, words) {
  const section = player.closest(".player");
  const cues = [];
  for (const turn of turns) {
    const a = $(timeLink, turn), t = a ? timeOf(a) : NaN;
    if (!isNaN(t)) cues.push({ t, el: turn });
  }

  const follow = doc.createElement("label");
  follow.className = "follow";
  const box = doc.createElement("input");
  box.type = "checkbox";
  box.checked = true;
  follow.append(box);
  // Shown once its words have come: a checkbox without its label is
  // nameless to a screen reader, and flickers in before its text.
  const followAt = $(".player-dock", section);
  words.then((w) => {
    follow.append(" " + w.t("follow_the_recording"));
    followAt.appendChild(follow);
  });

  let current = null;
  function mark(jump) {
    const t = player.currentTime;
    let el = null;
    for (let i = 0; i < cues.length && cues[i].t <= t + 0.25; i++) el = cues[i].el;
    if (el === current && !jump) return;
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    if (!(current = el)) return;
    el.classList.add("is-current");
    el.setAttribute("aria-current", "time");
    const top = el.getBoundingClientRect().top;
    if (follow.firstChild.checked && (jump || !player.paused) && (top < 0 || top > innerHeight * 0.75)) {
      el.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    }
  }

  function seek(t, play) {
    const go = () => {
      player.currentTime = t;
      mark(true);
      if (play) player.play().catch(() => {});
    };
    if (player.readyState >= 1) return go();
    // preload="none": nothing is asked of the media's host until now.
    player.addEventListener("loadedmetadata", go, { once: true });
    player.preload = "metadata";
    player.load();
  }

  doc.addEventListener("click", (e) => {
    const a = e.target.closest(timeLink), t = a ? timeOf(a) : NaN;
    if (isNaN(t) || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault();
    seek(t, true);
    words.then((w) => say(w.t("playing_from", { Time: a.textContent })));
  });
  player.addEventListener("timeupdate", () => mark(false));

  let away = false;
  function dock() {
    const on = away && !player.paused;
    if (on && !section.classList.contains("is-docked")) section.style.minHeight = section.offsetHeight + "px";
    section.classList.toggle("is-docked", on);
  }
  seen(section, (on) => { away = !on; dock(); });
  player.addEventListener("play", dock);
  player.addEventListener("pause", dock);

  const start = seconds(new URLSearchParams(location.search).get("t"));
  if (!isNaN(start)) seek(start, false);
}

const turns = doc.querySelectorAll(".turn[id]"), player = $(".player audio, .player video");
const words = load();
minibar();
if (turns.length) {
  const cite = citer();
  menus(turns, cite, words);
  quotes(cite, words);
}
if (player) playAlong(player, turns, words);
