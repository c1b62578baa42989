/* Verbatim default theme: additions to a transcript page, which reads
   completely without them. A mini header once the title scrolls away;
   "Copy link" on each turn; with a recording, timestamps seek the player,
   the turn being played is marked and followed, ?t=90 or ?t=1:30 starts
   there, and the player docks at the bottom while it plays out of view. */
(function () {
  "use strict";
  var doc = document, $ = function (s, el) { return (el || doc).querySelector(s); };
  var smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;

  // A polite live region tells screen readers what a control did.
  var status = doc.createElement("p");
  status.className = "vh";
  status.setAttribute("role", "status");
  doc.body.appendChild(status);
  function say(msg) {
    status.textContent = "";
    setTimeout(function () { status.textContent = msg; }, 50);
  }
  function seen(el, fn) {
    if (el && window.IntersectionObserver) new IntersectionObserver(function (es) { fn(es[0].isIntersecting); }).observe(el);
  }

  var bar = $(".minibar");
  if (bar) {
    bar.hidden = false;
    seen($(".transcript-header h1"), function (on) { bar.classList.toggle("is-shown", !on); });
  }

  var turns = doc.querySelectorAll(".turn[id]");
  turns.forEach(function (turn) {
    var label = $(".turn-label", turn), n = turn.id.slice(1);
    if (!label) return;
    var b = doc.createElement("button");
    b.type = "button";
    b.className = "copy-link";
    b.textContent = "Copy link";
    b.setAttribute("aria-label", "Copy link to turn " + n);
    b.onclick = function () {
      var url = location.href.split(/[?#]/)[0] + "#" + turn.id;
      var done = navigator.clipboard && isSecureContext ? navigator.clipboard.writeText(url) : Promise.reject();
      done.then(function () {
        b.textContent = "Copied";
        say("Link to turn " + n + " copied");
        setTimeout(function () { b.textContent = "Copy link"; }, 2000);
      }, function () {
        location.hash = turn.id; // the link is then in the address bar
        say("Link to turn " + n + " is in the address bar");
      });
    };
    label.appendChild(b);
  });

  var player = $(".player audio, .player video");
  if (!player) return;
  var section = player.closest(".player");

  // "90" (what the timestamps' #t= carries), "1:30", "1:02:30", "1m30s".
  function seconds(v) {
    var m = /^(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/.exec(v || "") || /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v || "");
    return m && v ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : NaN;
  }
  function timeOf(a) {
    var m = /#t=([^&]+)/.exec(a.getAttribute("href") || "");
    return m ? seconds(m[1]) : NaN;
  }

  var cues = [];
  turns.forEach(function (turn) {
    var a = $("a.turn-time", turn), t = a ? timeOf(a) : NaN;
    if (!isNaN(t)) cues.push({ t: t, el: turn });
  });

  var follow = doc.createElement("label");
  follow.className = "follow";
  follow.innerHTML = '<input type="checkbox" checked> Follow the recording';
  $(".player-dock", section).appendChild(follow);

  var current = null;
  function mark(jump) {
    var t = player.currentTime, el = null;
    for (var i = 0; i < cues.length && cues[i].t <= t + 0.25; i++) el = cues[i].el;
    if (el === current && !jump) return;
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    if (!(current = el)) return;
    el.classList.add("is-current");
    el.setAttribute("aria-current", "time");
    var top = el.getBoundingClientRect().top;
    if (follow.firstChild.checked && (jump || !player.paused) && (top < 0 || top > innerHeight * 0.75)) {
      el.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    }
  }

  function seek(t, play) {
    function go() {
      player.currentTime = t;
      mark(true);
      if (play) player.play().catch(function () {});
    }
    if (player.readyState >= 1) return go();
    // preload="none": nothing is asked of the media's host until now.
    player.addEventListener("loadedmetadata", go, { once: true });
    player.preload = "metadata";
    player.load();
  }

  doc.addEventListener("click", function (e) {
    var a = e.target.closest("a.turn-time"), t = a ? timeOf(a) : NaN;
    if (isNaN(t) || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault();
    seek(t, true);
    say("Playing from " + a.textContent);
  });
  player.addEventListener("timeupdate", function () { mark(false); });

  var away = false;
  function dock() {
    var on = away && !player.paused;
    if (on && !section.classList.contains("is-docked")) section.style.minHeight = section.offsetHeight + "px";
    section.classList.toggle("is-docked", on);
  }
  seen(section, function (on) { away = !on; dock(); });
  player.addEventListener("play", dock);
  player.addEventListener("pause", dock);

  var start = seconds(new URLSearchParams(location.search).get("t"));
  if (!isNaN(start)) seek(start, false);
})();
