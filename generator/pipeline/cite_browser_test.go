package pipeline_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/verbatim-archive/verbatim/generator/browser"
)

// A turn's citation and a quotation of words selected in it copy the right
// text: what navigator.clipboard.writeText is given, stubbed in the page to
// record it.
func TestCiteInBrowser(t *testing.T) {
	t.Parallel()
	base := themeSite(t)
	ctx := browser.Start(t, 2*time.Minute)
	page := base + "transcripts/2024-03-05-budget-briefing/"
	const where = ", Budget briefing 2024: the sea wall, the buses and the libraries, Council Chamber, Harrow Bay Town Hall, 5 March 2024. The Harrow Bay Record. "
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page))
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.copied = [];
		Object.defineProperty(navigator, "clipboard", {configurable: true,
			value: {writeText: (s) => { window.copied.push(s); return Promise.resolve(); }}})`))
	lastCopied := func(n int) string {
		t.Helper()
		waitFor(t, ctx, `window.copied.length === `+strconv.Itoa(n), "something is copied")
		return eval[string](t, ctx, `window.copied[window.copied.length - 1]`)
	}

	t.Run("citation", func(t *testing.T) {
		do(t, ctx, chromedp.Click(chromedp.CSS("#t2 .cite-open")))
		if got := eval[string](t, ctx, `document.querySelector("#t2 .cite-open").getAttribute("aria-expanded")`); got != "true" {
			t.Errorf("aria-expanded %q once open", got)
		}
		want := "Adaeze Okafor" + where + page + "#t2"
		if got := eval[string](t, ctx, `document.querySelector("#t2 > .cite-panel .cite-text").textContent`); got != want {
			t.Errorf("citation shown\n%s\nwant\n%s", got, want)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS("#t2 .cite-copy")))
		if got := lastCopied(1); got != want {
			t.Errorf("citation copied\n%s\nwant\n%s", got, want)
		}
		waitFor(t, ctx, `document.querySelector("[role=status]").textContent.includes("Citation of turn 2 copied")`, "the copy is announced")
		// Escape closes the panel and gives the focus back to its button.
		do(t, ctx, chromedp.KeyEvent(kb.Escape))
		waitFor(t, ctx, `!document.querySelector(".cite-panel") && document.activeElement === document.querySelector("#t2 .cite-open")`, "Escape closes the citation")
	})

	t.Run("keyboard", func(t *testing.T) {
		do(t, ctx, chromedp.Focus(chromedp.CSS("#t3 .cite-open")), chromedp.KeyEvent(kb.Enter))
		want := "Tomas Lindqvist" + where + page + "#t3"
		waitFor(t, ctx, `document.querySelector("#t3 > .cite-panel .cite-text")`, "Enter on Cite opens the citation")
		if got := eval[string](t, ctx, `document.querySelector("#t3 .cite-text").textContent`); got != want {
			t.Errorf("citation of turn 3\n%s\nwant\n%s", got, want)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Enter)) // the same button again closes it
		waitFor(t, ctx, `!document.querySelector(".cite-panel")`, "Cite again closes the citation")
	})

	// selectIn selects the words of the first paragraph of turn a that
	// contain from, through those of turn b that end with to.
	selectIn := func(a, from, b, to string) {
		t.Helper()
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`(() => {
			const text = (id, s) => [...document.querySelectorAll("#" + id + " p:not(#" + id + " > :first-child)")].map(p => p.firstChild).find(n => n.textContent.includes(s));
			const r = document.createRange(), ta = text("`+a+`", "`+from+`"), tb = text("`+b+`", "`+to+`");
			r.setStart(ta, ta.textContent.indexOf("`+from+`"));
			r.setEnd(tb, tb.textContent.indexOf("`+to+`") + "`+to+`".length);
			getSelection().removeAllRanges();
			getSelection().addRange(r);
		})()`))
	}

	t.Run("quotation", func(t *testing.T) {
		selectIn("t2", "Priya, and", "t2", "good morning")
		waitFor(t, ctx, `(q => q && !q.hidden && q.closest("#t2"))(document.querySelector(".quote-copy"))`, "selected words offer a quotation")
		// Clicked from the page's script, not at the button's place on the
		// screen: the button sits beside the selection, and on a loaded
		// machine a smooth scroll can still be moving it when a mouse click
		// lands.
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".quote-copy").click()`))
		want := "\u201cPriya, and good morning\u201d \u2014 Adaeze Okafor" + where + page + "#t2"
		if got := lastCopied(2); got != want {
			t.Errorf("quotation copied\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("across turns", func(t *testing.T) {
		selectIn("t1", "Good morning", "t2", "Thank you")
		waitFor(t, ctx, `document.querySelector(".quote-copy").hidden`, "words across two turns offer no quotation")
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`getSelection().removeAllRanges()`))
	})
}
