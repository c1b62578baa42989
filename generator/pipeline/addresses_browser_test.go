package pipeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/verbatim-archive/verbatim/generator/browser"
)

// TestTurnAddressesInBrowser follows, in Chromium, the addresses the demo
// archive's corrected transcript published before its correction: a turn
// since removed shows its mark, without a script; the transcript's
// old address sends the reader on to the same turn.
func TestTurnAddressesInBrowser(t *testing.T) {
	t.Parallel()
	ctx := browser.Start(t, 60*time.Second)
	_, ts := serveDemo(t)
	base := ts.URL + "/repo/transcripts/"

	type shown struct {
		ID         string  `json:"id"`
		Visibility string  `json:"visibility"`
		Text       string  `json:"text"`
		Height     float64 `json:"height"`
	}
	// Not followed, the mark is hidden but laid out: a browser scrolls
	// only to an element with a box.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"2025-04-17-low-water-gull-point-light/")); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(e => getComputedStyle(e).visibility + " " + e.getClientRects().length)(document.getElementById("t9"))`))
	if err != nil || hidden != "hidden 1" {
		t.Errorf("the removed turn's mark, not followed: %q %v", hidden, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"2025-04-17-low-water-gull-point-light/#t9")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(":target") !== null && document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	mark, err := chromedp.Run(ctx, chromedp.Evaluate[shown](`(() => { const e = document.querySelector(":target"); return {id: e.id, visibility: getComputedStyle(e).visibility, text: e.textContent, height: e.getClientRects().length ? e.getBoundingClientRect().height : -1}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	// Laid out, so that the browser scrolls to it, and shown.
	if mark.ID != "t9" || mark.Visibility != "visible" || !strings.Contains(mark.Text, "removed") || mark.Height <= 0 {
		t.Errorf("the removed turn's address shows %+v", mark)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"2025-04-17-gull-point-light/#t15")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`location.pathname.endsWith("/2025-04-17-low-water-gull-point-light/") && document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	landed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.hash + " " + (document.querySelector(":target") || {}).id`))
	if err != nil {
		t.Fatal(err)
	}
	if landed != "/repo/transcripts/2025-04-17-low-water-gull-point-light/#t15 t15" {
		t.Errorf("the old address led to %q", landed)
	}
}
