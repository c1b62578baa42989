package pipeline_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/verbatim-archive/verbatim/generator/browser"
	"github.com/verbatim-archive/verbatim/generator/serve"
)

// TestThemeRightToLeft opens pages of an Arabic archive in the browser:
// axe-core finds no serious or critical violation on them, the
// transcript's timestamps stand to the right of the words (the start of
// the line) and its sidenotes to the left, the mirror of a left-to-right
// page, and the transcript page's script shows its words in Arabic.
func TestThemeRightToLeft(t *testing.T) {
	t.Parallel()
	out := languageSite(t, "ar", map[string]string{
		"content/transcripts/notes.md": "---\ntitle: Ggg\ndate: 2021-08-01\nspeakers: [Aaa]\nmedia: https://example.org/x.mp3\n---\n\n" +
			"[00:01:05] Aaa: كلام طويل بما يكفي ليملأ السطر[^n] وأكثر من ذلك بكثير.\n\n[^n]: ملاحظة جانبية.\n",
	})
	s, err := serve.New(serve.Options{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	ctx := browser.Start(t, 2*time.Minute)
	dir := artefacts(t)
	for _, width := range []int64{1280, 375} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		for _, path := range []string{"", "transcripts/notes/", "speakers/ddd/", "search/?q=Xyz"} {
			do(t, ctx, chromedp.Navigate(srv.URL+"/"+path))
			if path == "search/?q=Xyz" {
				waitFor(t, ctx, `document.getElementById("search").dataset.done === "Xyz"`, "the search")
			}
			for _, v := range runAxe(t, ctx) {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target)+": "+n.Summary)
				}
				t.Errorf("/%s (%d px): %s %s: %s\n\t%s", path, width, v.Impact, v.ID, v.Help, strings.Join(where, "\n\t"))
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("rtl-%s-%d.png", strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(strings.Trim(path, "/")), width)
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/transcripts/notes/"))
	// The wide layout: the timestamp in the gutter at the right, the
	// sidenote in the margin at the left of the turn's words.
	type box struct{ Time, Words, Note [2]float64 }
	b := eval[box](t, ctx, `(() => {
		const x = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.right]; };
		const turn = document.querySelector(".turn");
		return { Time: x(turn.querySelector(":scope > p:first-child > a:first-child")), Words: x(turn.querySelector(":scope > p:not(:first-child)") || turn), Note: x(document.querySelector(".sidenote")) };
	})()`)
	if b.Time[0] < b.Words[1]-1 {
		t.Errorf("the timestamp (%v) is not right of the words (%v)", b.Time, b.Words)
	}
	if b.Note[1] > b.Words[0]+1 {
		t.Errorf("the sidenote (%v) is not left of the words (%v)", b.Note, b.Words)
	}
	waitFor(t, ctx, `document.querySelector(".copy-link:not([hidden])")`, "the copy-link buttons with their words")
	if got := eval[string](t, ctx, `document.querySelector(".copy-link").textContent`); got != "انسخ الرابط" {
		t.Errorf("the script's words: %q", got)
	}
}
