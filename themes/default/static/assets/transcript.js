// Additions to a transcript page, which reads completely without them: a
// mini header once the title scrolls away; "Copy link" on each turn; with a
// recording, timestamps seek the player, the turn being played is marked
// and followed, ?t=90 or ?t=1:30 starts there, and the player docks at the
// bottom while it plays out of view.

import { load } from "./words.js";

const doc = document, $ = (s, el = doc) => el.querySelector(s);
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
  for (const li of doc.querySelectorAll(".transcript-facts li.who[data-speaker]")) {
    if (who.childNodes.length) who.append(", ");
    const s = span("who", ($("a", li) || li).textContent);
    s.dataset.speaker = li.dataset.speaker;
    who.append(s);
  }
  bar.append(span("minibar-title", h1.textContent), who);
  article.before(bar);
  seen(h1, (on) => bar.classList.toggle("is-shown", !on));
}

// words is a promise of words.js's words: the controls are made at once,
// so that a click never misses them, and get their words when those come.
function copyLinks(turns, words) {
  for (const turn of turns) {
    const label = $(".turn-label", turn), n = turn.id.slice(1);
    if (!label) continue;
    const b = doc.createElement("button");
    b.type = "button";
    b.className = "copy-link";
    b.hidden = true; // until it has its words
    words.then((w) => {
      b.textContent = w.t("copy_link");
      b.setAttribute("aria-label", w.t("copy_link_to_turn", { Number: n }));
      b.hidden = false;
    });
    b.onclick = async () => {
      const w = await words;
      const url = location.href.split(/[?#]/)[0] + "#" + turn.id;
      const done = navigator.clipboard && isSecureContext ? navigator.clipboard.writeText(url) : Promise.reject();
      done.then(() => {
        b.textContent = w.t("copied");
        say(w.t("link_copied", { Number: n }));
        setTimeout(() => { b.textContent = w.t("copy_link"); }, 2000);
      }, () => {
        location.hash = turn.id; // the link is then in the address bar
        say(w.t("link_in_address_bar", { Number: n }));
      });
    };
    label.appendChild(b);
  }
}

// "90" (what the timestamps' #t= carries), "1:30", "1:02:30", "1m30s".
function seconds(v) {
  const m = /^(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/.exec(v || "") || /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v || "");
  return m && v ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : NaN;
}

function timeOf(a) {
  const m = /#t=([^&]+)/.exec(a.getAttribute("href") || "");
  return m ? seconds(m[1]) : NaN;
}

function playAlong(player, turns, words) {
  const section = player.closest(".player");
  const cues = [];
  for (const turn of turns) {
    const a = $("a.turn-time", turn), t = a ? timeOf(a) : NaN;
    if (!isNaN(t)) cues.push({ t, el: turn });
  }

  const follow = doc.createElement("label");
  follow.className = "follow";
  const box = doc.createElement("input");
  box.type = "checkbox";
  box.checked = true;
  follow.append(box);
  words.then((w) => follow.append(" " + w.t("follow_the_recording")));
  $(".player-dock", section).appendChild(follow);

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
    const a = e.target.closest("a.turn-time"), t = a ? timeOf(a) : NaN;
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
minibar();
const words = load();
copyLinks(turns, words);
if (player) playAlong(player, turns, words);
