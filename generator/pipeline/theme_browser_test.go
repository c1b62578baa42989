package pipeline_test

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/verbatim-archive/verbatim/generator/browser"
	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/serve"
)

// axeSource is axe-core, vendored (see testdata/axe/README.md) so that the
// accessibility test needs no network.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// themePages are the page types of the demo archive, by name, with a path
// that shows each at its fullest.
var themePages = []struct{ name, path string }{
	{"home", ""},
	{"transcripts", "transcripts/"},
	{"transcript", "transcripts/2024-03-05-budget-briefing/"},
	{"transcript-media", "transcripts/ferry-that-ran-on-time/"},
	{"transcript-code", "transcripts/2024-06-12-open-data-briefing/"},
	{"speakers", "speakers/"},
	{"speaker", "speakers/mayor-okafor/"},
	{"topics", "topics/"},
	{"topic", "topics/flood-defences/"},
	{"page", "about/"},
	{"data", "data/"},
	{"404", "404.html"},
	{"search", "search/?q=ferry"},
	{"speaker-topic", "search/?speaker=mayor-okafor&topic=flood-defences"},
	{"translation", "transcripts/2025-03-11-twin-towns-call-ar/"},
	{"side-by-side", "transcripts/2025-03-11-twin-towns-call-ar/side-by-side/"},
}

// mediaSlug is the demo transcript that gets a local recording in the
// browser tests, and mediaFile that recording.
const (
	mediaSlug = "ferry-that-ran-on-time"
	mediaFile = "media/tone.wav"
)

// themeSite builds a copy of the demo archive whose media transcript plays
// a WAV file written here, and serves it. It returns the server's URL.
func themeSite(t *testing.T) string {
	t.Helper()
	src := sitetest.CopyDemo(t)
	tr := filepath.Join(src, "content", "transcripts", "2024", "2024-10-03-low-water-chain-ferry.md")
	b, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	b2 := bytes.Replace(b, []byte("media: https://example.org/media/low-water-02.mp3"), []byte("media: /"+mediaFile), 1)
	if bytes.Equal(b, b2) {
		t.Fatal("the demo transcript no longer has the media line this test replaces")
	}
	if err := os.WriteFile(tr, b2, 0o644); err != nil {
		t.Fatal(err)
	}
	wav := filepath.Join(src, "content", "static", filepath.FromSlash(mediaFile))
	if err := os.MkdirAll(filepath.Dir(wav), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wav, toneWAV(120), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, pipeline.Options{Source: src, Destination: out})
	s, err := serve.New(serve.Options{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL + "/"
}

// toneWAV is a quiet 440 Hz tone of the given seconds: 8 kHz, 8-bit mono.
func toneWAV(seconds int) []byte {
	const rate = 8000
	n := rate * seconds
	var b bytes.Buffer
	le := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1)) // PCM
	le(uint16(1)) // mono
	le(uint32(rate))
	le(uint32(rate)) // bytes a second
	le(uint16(1))    // block align
	le(uint16(8))    // bits a sample
	b.WriteString("data")
	le(uint32(n))
	for i := range n {
		b.WriteByte(byte(128 + 8*math.Sin(2*math.Pi*440*float64(i)/rate)))
	}
	return b.Bytes()
}

// artefacts is the folder for screenshots: $VERBATIM_ARTEFACTS, or a
// temporary folder.
func artefacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VERBATIM_ARTEFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor waits until js is true, as the page checks it on every frame,
// failing with what after ten seconds.
func waitFor(t *testing.T, ctx context.Context, js, what string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+js+")", chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("%s: %s stayed false (%v)", what, js, err)
	}
}

// colourScheme emulates prefers-color-scheme; print emulates print media.
func emulateMedia(t *testing.T, ctx context.Context, media, scheme string) {
	t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: media}
	if scheme != "" {
		p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p); err != nil {
		t.Fatal(err)
	}
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe injects axe-core into the page and returns its serious and
// critical violations.
func runAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	if !eval[bool](t, ctx, "typeof window.axe === 'object'") {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("inject axe-core: %v", err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("axe result %.200s: %v", raw, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(s), &vs); err != nil {
		t.Fatalf("axe result %.200s: %v", s, err)
	}
	return vs
}

// TestThemeAccessibility runs axe-core on every page type of the demo
// archive, light and dark, wide and narrow, and fails on any serious or
// critical violation. It also saves a screenshot of each.
func TestThemeAccessibility(t *testing.T) {
	t.Parallel()
	base := themeSite(t)
	ctx := browser.Start(t, 5*time.Minute) // fifteen page types, four ways each
	dir := artefacts(t)
	for _, width := range []int64{1280, 375} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		for _, scheme := range []string{"light", "dark"} {
			emulateMedia(t, ctx, "", scheme)
			for _, p := range themePages {
				do(t, ctx, chromedp.Navigate(base+p.path))
				for _, v := range runAxe(t, ctx) {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, fmt.Sprint(n.Target)+": "+n.Summary)
					}
					t.Errorf("%s (%d px, %s): %s %s: %s\n\t%s", p.path, width, scheme, v.Impact, v.ID, v.Help, strings.Join(where, "\n\t"))
				}
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("%s-%d-%s.png", p.name, width, scheme)
				if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

// TestThemeMediaSync plays the generated recording: a timestamp seeks the
// player and marks its turn, playback moves the mark, ?t= starts at a time
// and the keyboard does what the mouse does.
func TestThemeMediaSync(t *testing.T) {
	t.Parallel()
	base := themeSite(t)
	ctx := browser.Start(t, 2*time.Minute)
	page := base + "transcripts/" + mediaSlug + "/"
	do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page))

	if h := eval[float64](t, ctx, `document.querySelector(".player audio").getBoundingClientRect().height`); h < 20 {
		t.Errorf("the player is %v px high: not visible", h)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".turn .copy-link").length - document.querySelectorAll(".turn").length`); n != 0 {
		t.Errorf("copy-link buttons and turns differ by %d", n)
	}

	// A click on a timestamp seeks and plays, without leaving the page.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#t4 > p:first-child > a:first-child`)))
	waitFor(t, ctx, `document.querySelector("#t4").classList.contains("is-current")`, "clicked timestamp marks its turn")
	waitFor(t, ctx, `Math.abs(document.querySelector(".player audio").currentTime - 21) < 2`, "clicked timestamp seeks to 00:00:21")
	if loc := eval[string](t, ctx, `location.href`); loc != page {
		t.Errorf("the click left the page for %s", loc)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".turn.is-current").length`); n != 1 {
		t.Errorf("%d turns are marked current; want 1", n)
	}
	if v := eval[string](t, ctx, `document.querySelector("#t4").getAttribute("aria-current")`); v != "time" {
		t.Errorf(`the current turn has aria-current=%q; want "time"`, v)
	}
	waitFor(t, ctx, `!document.querySelector(".player audio").paused && document.querySelector(".player audio").currentTime > 21.2`, "the recording plays on")

	// Playing on moves the mark: 00:00:34 is turn 5.
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".player audio").currentTime = 35`))
	waitFor(t, ctx, `document.querySelector("#t5").classList.contains("is-current") && !document.querySelector("#t4").classList.contains("is-current")`, "playback moves the mark to turn 5")
	// Followed: the current turn is in view.
	waitFor(t, ctx, `(r => r.top >= 0 && r.top < innerHeight)(document.querySelector("#t5").getBoundingClientRect())`, "the current turn is followed into view")
	// Out of view while playing, the player docks at the bottom.
	waitFor(t, ctx, `document.querySelector(".player").classList.contains("is-docked")`, "the player docks while it plays out of view")
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".player audio").pause(); document.querySelector("#t5").scrollIntoView({block: "start"}); scrollBy(0, -120)`))
	waitFor(t, ctx, `document.querySelector(".minibar").classList.contains("is-shown")`, "the mini header shows")
	// Its slide ends where it stands: the computed transform is the
	// animated one until then.
	waitFor(t, ctx, `getComputedStyle(document.querySelector(".minibar")).transform === "none"`, "the mini header has slid in")
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		_ = os.WriteFile(filepath.Join(artefacts(t), "transcript-following-1280.png"), png, 0o644)
	}

	// The keyboard: Enter on a focused timestamp.
	do(t, ctx, chromedp.Focus(chromedp.CSS(`#t2 > p:first-child > a:first-child`)), chromedp.KeyEvent("\r"))
	waitFor(t, ctx, `document.querySelector("#t2").classList.contains("is-current")`, "Enter on a timestamp marks its turn")
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector(".player audio").pause()`))

	// ?t= starts at a time, in seconds or as m:ss.
	for _, q := range []string{"12", "0:12"} {
		do(t, ctx, chromedp.Navigate(page+"?t="+q))
		waitFor(t, ctx, `Math.abs(document.querySelector(".player audio").currentTime - 12) < 0.5`, "?t="+q+" starts at 12 s")
		waitFor(t, ctx, `document.querySelector("#t3").classList.contains("is-current")`, "?t="+q+" marks turn 3")
	}
}

// TestThemeReading checks what a reader sees without media: sidenotes that
// open in place on a narrow screen and stand in the margin on a wide one,
// the mini header, copy link, dark mode and print.
func TestThemeReading(t *testing.T) {
	t.Parallel()
	base := themeSite(t)
	ctx := browser.Start(t, 2*time.Minute)
	dir := artefacts(t)
	page := base + "transcripts/2024-03-05-budget-briefing/"
	display := func(sel string) string {
		return eval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).display`)
	}

	t.Run("sidenotes on a narrow screen", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(375, 812), chromedp.Navigate(page))
		if d := display(".sidenote"); d != "none" {
			t.Fatalf("a sidenote shows (display %s) before its number is pressed", d)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(".sidenote-number")))
		if d := display(".sidenote"); d == "none" {
			t.Fatal("pressing the number does not open the sidenote")
		}
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#t3")))
		if err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(filepath.Join(dir, "sidenote-open-375.png"), png, 0o644)
		do(t, ctx, chromedp.Click(chromedp.CSS(".sidenote-number")))
		if d := display(".sidenote"); d != "none" {
			t.Fatal("pressing the number again does not close the sidenote")
		}
	})

	t.Run("sidenotes in the margin on a wide screen", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page))
		if d := display(".sidenote"); d == "none" {
			t.Fatal("the sidenote is hidden on a wide screen")
		}
		inMargin := eval[bool](t, ctx, `document.querySelector(".sidenote").getBoundingClientRect().left >= document.querySelector("#t3 > p:not(:first-child)").getBoundingClientRect().right`)
		if !inMargin {
			t.Error("the sidenote is not in the right margin")
		}
	})

	t.Run("mini header", func(t *testing.T) {
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page))
		if eval[bool](t, ctx, `document.querySelector(".minibar").classList.contains("is-shown")`) {
			t.Error("the mini header shows while the title is in view")
		}
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("#t6").scrollIntoView()`))
		waitFor(t, ctx, `document.querySelector(".minibar").classList.contains("is-shown")`, "the mini header shows once the title scrolled away")
		waitFor(t, ctx, `document.querySelector(".minibar").getBoundingClientRect().top === 0`, "the mini header is at the top")
	})

	t.Run("copy link", func(t *testing.T) {
		do(t, ctx, chromedp.Navigate(page))
		do(t, ctx, chromedp.Click(chromedp.CSS("#t2 .copy-link")))
		waitFor(t, ctx, `document.querySelector("#t2 .copy-link").textContent === "Copied" || location.hash === "#t2"`, "copy link copies the turn's link")
		waitFor(t, ctx, `document.querySelector("[role=status]").textContent.includes("turn 2")`, "copy link is announced")
	})

	t.Run("dark mode", func(t *testing.T) {
		emulateMedia(t, ctx, "", "dark")
		defer emulateMedia(t, ctx, "", "")
		do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"transcripts/2024-06-12-open-data-briefing/"))
		lum := `(c => { const m = c.match(/\d+(\.\d+)?/g).map(Number); return (0.2126*m[0] + 0.7152*m[1] + 0.0722*m[2]) / 255 })`
		if l := eval[float64](t, ctx, lum+`(getComputedStyle(document.body).backgroundColor)`); l > 0.2 {
			t.Errorf("the page is light in dark mode: background luminance %.2f", l)
		}
		if l := eval[float64](t, ctx, lum+`(getComputedStyle(document.querySelector("pre.chroma")).backgroundColor)`); l > 0.2 {
			t.Errorf("code stays light in dark mode: background luminance %.2f", l)
		}
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("pre.chroma")))
		if err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(filepath.Join(dir, "code-dark.png"), png, 0o644)
	})

	t.Run("print", func(t *testing.T) {
		emulateMedia(t, ctx, "print", "")
		defer emulateMedia(t, ctx, "", "")
		do(t, ctx, chromedp.Navigate(base+"transcripts/"+mediaSlug+"/"))
		for _, sel := range []string{".site-header", ".site-footer", ".player", ".toc", ".prev-next", ".copy-link", ".minibar", ".sidenote-number + input"} {
			if eval[bool](t, ctx, `!!document.querySelector("`+sel+`")`) && display(sel) != "none" {
				t.Errorf("%s is printed", sel)
			}
		}
		for _, sel := range []string{".turn > p:first-child b", ".turn > p:first-child > a:first-child", ".sidenote", ".sidenote-number"} {
			if d := display(sel); d == "none" {
				t.Errorf("%s is not printed", sel)
			}
		}
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF())
		if err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(filepath.Join(dir, "transcript-print.pdf"), pdf, 0o644)
	})
}
