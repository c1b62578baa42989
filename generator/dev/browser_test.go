package dev

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/verbatim-archive/verbatim/generator/browser"
)

// browserState is what the test reads of the open page.
type browserState struct {
	Marked  bool   `json:"marked"`  // the mark set by the test is there: the page was not reloaded since
	Text    string `json:"text"`    // the page's main text
	Overlay string `json:"overlay"` // the text of the build error overlay, "" when none is shown
	Warning string `json:"warning"` // the text of the banner of misattributions, "" when none is shown
	Path    string `json:"path"`
}

const browserStateJS = `(() => {
	const o = document.getElementById("verbatim-build-error");
	const w = document.getElementById("verbatim-build-warning");
	const main = document.querySelector("main") || document.body;
	return {
		marked: window.__verbatimTestMark === true,
		text: main ? main.innerText : "",
		overlay: o && getComputedStyle(o).display !== "none" ? o.textContent : "",
		warning: w && getComputedStyle(w).display !== "none" ? w.textContent : "",
		path: location.pathname,
	};
})()`

// browserWait reads the page's state until ok accepts it. A page that is
// reloading cannot be read for a moment, which is not an error.
func browserWait(t *testing.T, ctx context.Context, what string, ok func(browserState) bool) browserState {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var (
		last    browserState
		lastErr error
	)
	for time.Now().Before(deadline) {
		st, err := chromedp.Run(ctx, chromedp.Evaluate[browserState](browserStateJS))
		if err == nil {
			if ok(st) {
				return st
			}
			last = st
		}
		lastErr = err
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("the page never showed %s; last state %+v (%v)", what, last, lastErr)
	return last
}

func browserMark(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__verbatimTestMark = true`)); err != nil {
		t.Fatal(err)
	}
}

// TestServeInBrowser opens a transcript served by the serve loop in a
// real browser, then saves its source: the page reloads and shows the new
// words; a broken save shows the build's error over the page, without a
// reload; the fix clears the overlay and reloads the page.
func TestServeInBrowser(t *testing.T) {
	dir := e2eSite(t)
	s := e2eStart(t, dir, "")
	ctx := browser.Start(t, 2*timeout)
	page := s.url + e2eBusPage
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	browserWait(t, ctx, "the transcript", func(st browserState) bool {
		return strings.Contains(st.Text, "on a cold morning.")
	})
	browserMark(t, ctx)

	// A save: the page reloads by itself and shows it.
	saveAtomically(t, dir, e2eBus, strings.Replace(e2eRead(t, dir, e2eBus), "on a cold morning.", "on a freezing morning.", 1))
	st := browserWait(t, ctx, "the saved words after a reload", func(st browserState) bool {
		return !st.Marked && strings.Contains(st.Text, "on a freezing morning.")
	})
	if st.Overlay != "" {
		t.Fatalf("an overlay after a good save: %s", st.Overlay)
	}
	browserMark(t, ctx)

	// A broken save: the error, with file and line, over the page, which
	// is not reloaded and still shows the last good build.
	good := e2eRead(t, dir, e2eBus)
	lines := strings.Count(good, "\n")
	writeFile(t, dir, e2eBus, good+"\nAs said in [[no-such-briefing]].\n")
	want := "content/transcripts/2023/2023-11-08-bus-network-briefing.md:" + strconv.Itoa(lines+2) + ": link to unknown transcript [[no-such-briefing]]"
	st = browserWait(t, ctx, "the error overlay", func(st browserState) bool { return st.Overlay != "" })
	if !strings.Contains(st.Overlay, want) {
		t.Errorf("the overlay does not say %q:\n%s", want, st.Overlay)
	}
	if !st.Marked || !strings.Contains(st.Text, "on a freezing morning.") {
		t.Errorf("a failed build reloaded the page or changed it: %+v", st)
	}
	// It is over the page: the element at the middle of the window is the
	// overlay.
	covered, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`document.elementFromPoint(innerWidth/2, innerHeight/2).closest("#verbatim-build-error") !== null`))
	if err != nil || !covered {
		t.Errorf("the overlay does not cover the page (%v)", err)
	}

	// The fix: the overlay goes and the page reloads with the new words.
	writeFile(t, dir, e2eBus, strings.Replace(good, "on a freezing morning.", "on a mild morning.", 1))
	browserWait(t, ctx, "the fixed page without the overlay", func(st browserState) bool {
		return !st.Marked && st.Overlay == "" && strings.Contains(st.Text, "on a mild morning.")
	})

	// A label a typo from a speaker's builds, but its words would go to the
	// speaker before it: a banner at the foot of the page says so, after
	// the reload, and goes when the label is fixed.
	fixed := e2eRead(t, dir, e2eBus)
	writeFile(t, dir, e2eBus, strings.Replace(fixed, "\nMayor Okafor: That's right", "\nMayor Okafr: That's right", 1))
	st = browserWait(t, ctx, "the banner of misattributions", func(st browserState) bool { return st.Warning != "" })
	if want := `"Mayor Okafr:" is not a speaker of this transcript; did you mean "Mayor Okafor"?`; !strings.Contains(st.Warning, want) {
		t.Errorf("the banner does not say %q:\n%s", want, st.Warning)
	}
	writeFile(t, dir, e2eBus, fixed)
	browserWait(t, ctx, "the page without the banner", func(st browserState) bool { return st.Warning == "" })
	s.alive(t)
}
