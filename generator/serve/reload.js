// Live reload for "generator serve": the server adds this script to the
// HTML pages it serves; it is never written into the built site.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me && me.getAttribute("data-version");
  var overlay = null;

  function here() {
    return location.pathname.replace(/index\.html$/, "");
  }

  // panel makes a box over the page that a click hides: the build error
  // covers the page, the warnings sit at its foot.
  function panel(id, role, css) {
    var el = document.createElement("div");
    el.id = id;
    el.setAttribute("role", role);
    el.title = "Click to hide";
    el.style.cssText = css + ";overflow:auto;margin:0;box-sizing:border-box;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;cursor:pointer";
    el.addEventListener("click", function () {
      el.style.display = "none";
    });
    document.body.appendChild(el);
    return el;
  }

  function showError(message) {
    overlay = overlay || panel("verbatim-build-error", "alert",
      "position:fixed;inset:0;z-index:2147483647;padding:2rem;background:rgba(24,24,27,.94);color:#fecaca");
    overlay.style.display = "block";
    overlay.textContent =
      "Build failed\n\n" + message +
      "\n\nThis page shows the last good build. It reloads when a build succeeds.";
  }

  // Warnings about words given to the wrong speaker: at the foot of the
  // page, which stays readable, until a build has none.
  var banner = null;
  function showWarning(message) {
    if (!message) {
      if (banner) banner.remove();
      banner = null;
      return;
    }
    banner = banner || panel("verbatim-build-warning", "status",
      "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:40vh;padding:1rem 2rem;" +
      "background:#fef3c7;color:#78350f;border-top:3px solid #d97706");
    banner.style.display = "block";
    banner.textContent = "Words given to the wrong speaker: check fails on these\n\n" + message;
  }

  var source = new EventSource("/__verbatim/events");

  source.addEventListener("warning", function (e) {
    showWarning(JSON.parse(e.data).message);
  });

  // The first event of every connection: a page served by an earlier
  // build, or by a server since restarted, is out of date.
  source.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (version && d.version !== version) {
      location.reload();
    }
  });

  source.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (overlay || !d.paths || d.paths.indexOf(here()) >= 0) {
      location.reload();
      return;
    }
    version = d.version;
  });

  // "error" is also the name of the event a broken connection fires,
  // which carries no data; the browser then reconnects by itself.
  source.addEventListener("error", function (e) {
    if (typeof e.data !== "string") {
      return;
    }
    showError(JSON.parse(e.data).message);
  });
})();
