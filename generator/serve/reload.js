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

  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "verbatim-build-error";
      overlay.setAttribute("role", "alert");
      overlay.title = "Click to hide";
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
        "padding:2rem;box-sizing:border-box;background:rgba(24,24,27,.94);" +
        "color:#fecaca;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;" +
        "white-space:pre-wrap;cursor:pointer";
      overlay.addEventListener("click", function () {
        overlay.style.display = "none";
      });
      document.body.appendChild(overlay);
    }
    overlay.style.display = "block";
    overlay.textContent =
      "Build failed\n\n" + message +
      "\n\nThis page shows the last good build. It reloads when a build succeeds.";
  }

  var source = new EventSource("/__verbatim/events");

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
