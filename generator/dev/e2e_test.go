package dev

// End-to-end tests of the serve loop over a copy of the demo archive: the
// test edits the copy as an author would while reading the pages and the
// live reload events over HTTP.

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// e2eSite copies the demo archive's content/ into a new site folder.
func e2eSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// e2eBuild are the options of a build of the site in dir: the one served
// and the clean one it is compared with.
func e2eBuild(dir, baseURL string) pipeline.Options {
	return pipeline.Options{Source: dir, BaseURL: baseURL, Version: "test"}
}

// e2eStart serves the site in dir until the test ends.
func e2eStart(t *testing.T, dir, baseURL string) *running {
	t.Helper()
	return start(t, Options{Build: e2eBuild(dir, baseURL), Serve: true})
}

// e2eDrain drops the events already received, so that the next one read
// comes from what the test does next.
func e2eDrain(ch <-chan event) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func e2eRead(t *testing.T, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// e2eReplace writes rel with old replaced by new, in place, as an editor
// that truncates and rewrites the file does.
func e2eReplace(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	text := e2eRead(t, dir, rel)
	if !strings.Contains(text, old) {
		t.Fatalf("%s does not hold %q any more: update the test", rel, old)
	}
	writeFile(t, dir, rel, strings.Replace(text, old, new, 1))
}

// e2eVimSave saves as Vim does by default: it probes the folder with a
// file named 4913, renames the file to a backup, writes the new file and
// removes the backup.
func e2eVimSave(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	probe := filepath.Join(filepath.Dir(p), "4913")
	writeFile(t, dir, filepath.ToSlash(filepath.Join(filepath.Dir(rel), "4913")), "")
	if err := os.Remove(probe); err != nil {
		t.Fatal(err)
	}
	swap := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".swp")
	if err := os.WriteFile(swap, []byte("vim swap"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p, p+"~"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p + "~", swap} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
}

func e2eRename(t *testing.T, dir, from, to string) {
	t.Helper()
	to = filepath.Join(dir, filepath.FromSlash(to))
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, filepath.FromSlash(from)), to); err != nil {
		t.Fatal(err)
	}
}

// e2eSame fails the test unless folders got and want hold the same files
// with the same bytes.
func e2eSame(t *testing.T, step, got, want string) {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			m[filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	g, w := files(got), files(want)
	var diffs []string
	for name, wb := range w {
		gb, ok := g[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(gb, wb):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		if len(diffs) > 10 {
			diffs = append(diffs[:10], "…")
		}
		t.Errorf("%s: the served site is not what a clean build makes:\n%s", step, strings.Join(diffs, "\n"))
	}
}

// e2ePage is what one served path must show after a step.
type e2ePage struct {
	path    string // under the site's URL
	status  int
	want    []string
	notWant []string
}

const (
	e2eBus      = "content/transcripts/2023/2023-11-08-bus-network-briefing.md" // TOML front matter, linked from two transcripts
	e2eBusPage  = "transcripts/2023-11-08-bus-network-briefing/"
	e2eStorm    = "content/transcripts/2023/2023-02-14-storm-response-briefing.md"
	e2eStormURL = "transcripts/2023-02-14-storm-response-briefing/"
	e2eNew      = "content/transcripts/2026/2026-01-05-harbour-lights.md" // in a folder made after the start
	e2eBaseURL  = "https://example.org/archive/"
)

const e2eNewText = `---
title: Briefing on the harbour lights
date: 2026-01-05
speakers: [mayor-okafor, Lena Sorby]
---

**Mayor Okafor:** The harbour lights go back on tonight.

Lena Sorby: All of them?
`

// TestServeEndToEnd serves the demo archive and edits
// it: in place, by an atomic rename over, as Vim saves; adding a transcript
// in a new folder, renaming and deleting it; breaking the build with bad
// front matter, a broken cross-link, a renamed transcript others link to,
// and a broken site.yaml, each fixed again; a change of site.yaml and a
// theme made after the start. After each reload event the pages served
// must already show the change, and the site must be what a clean build
// of the same source makes.
func TestServeEndToEnd(t *testing.T) {
	dir := e2eSite(t)
	s := e2eStart(t, dir, e2eBaseURL)
	if !strings.HasPrefix(s.url, "http://127.0.0.1:") || !strings.HasSuffix(s.url, "/archive/") {
		t.Fatalf("serving at %s: want 127.0.0.1 under the path of --base-url", s.url)
	}
	if code, body := get(t, s.url+e2eBusPage); code != 200 || !strings.Contains(body, `src="/__verbatim/reload.js"`) {
		t.Fatalf("GET %s: %d, or no live reload script:\n%s", e2eBusPage, code, body)
	}
	if strings.Contains(e2eRead(t, dir, "public/"+e2eBusPage+"index.html"), "__verbatim") {
		t.Fatal("the live reload script was written into public/")
	}
	// The reference: a clean build of the same source with the same flags.
	reference := func(step string) {
		t.Helper()
		want := filepath.Join(t.TempDir(), "public")
		opt := e2eBuild(dir, e2eBaseURL)
		opt.Destination = want
		if _, err := pipeline.Run(opt); err != nil {
			t.Fatalf("%s: clean build: %v", step, err)
		}
		e2eSame(t, step, filepath.Join(dir, "public"), want)
	}
	reference("start")

	events := subscribe(t, s.origin+"/__verbatim/events")
	if e := next(t, events); e.name != "hello" {
		t.Fatalf("first event %s, want hello", e.name)
	}

	steps := []struct {
		name  string
		edit  func()
		pages []e2ePage
		// changed is a page that must be among the paths of the reload
		// event, when the event names paths.
		changed string
	}{
		{
			name: "edit in place",
			edit: func() {
				e2eReplace(t, dir, e2eBus, "on a cold morning.", "on a freezing morning.")
			},
			pages: []e2ePage{
				{path: e2eBusPage, status: 200, want: []string{"on a freezing morning."}, notWant: []string{"on a cold morning."}},
				{path: e2eBusPage + "index.json", status: 200, want: []string{"on a freezing morning."}},
			},
			changed: e2eBusPage,
		},
		{
			name: "atomic save of a new title",
			edit: func() {
				text := strings.Replace(e2eRead(t, dir, e2eBus), `title = "Briefing on the new bus network"`, `title = "Briefing on the renamed bus network"`, 1)
				saveAtomically(t, dir, e2eBus, text)
			},
			// The title shows wherever the transcript is named: the list,
			// the cross-link of another transcript, the speakers' pages,
			// the previous and next links of its neighbours.
			pages: []e2ePage{
				{path: e2eBusPage, status: 200, want: []string{"Briefing on the renamed bus network"}},
				{path: "transcripts/", status: 200, want: []string{"Briefing on the renamed bus network"}, notWant: []string{"Briefing on the new bus network"}},
				{path: "transcripts/ferry-that-ran-on-time/", status: 200, want: []string{"Briefing on the renamed bus network"}, notWant: []string{"Briefing on the new bus network"}},
				{path: "speakers/marcus-febre/", status: 200, want: []string{"Briefing on the renamed bus network"}, notWant: []string{"Briefing on the new bus network"}},
				{path: "transcripts/2023-09-21-low-water-before-the-wall/", status: 200, want: []string{"Briefing on the renamed bus network"}, notWant: []string{"Briefing on the new bus network"}},
				{path: "transcripts/2024-03-05-budget-briefing/", status: 200, want: []string{"Briefing on the renamed bus network"}, notWant: []string{"Briefing on the new bus network"}},
			},
			changed: e2eBusPage,
		},
		{
			name: "Vim save",
			edit: func() {
				e2eVimSave(t, dir, e2eBus, strings.Replace(e2eRead(t, dir, e2eBus), "on a freezing morning.", "on a bitter morning.", 1))
			},
			pages: []e2ePage{
				{path: e2eBusPage, status: 200, want: []string{"on a bitter morning.", "Briefing on the renamed bus network"}},
			},
			changed: e2eBusPage,
		},
		{
			name: "add in a new folder",
			edit: func() { writeFile(t, dir, e2eNew, e2eNewText) },
			pages: []e2ePage{
				{path: "transcripts/2026-01-05-harbour-lights/", status: 200, want: []string{"The harbour lights go back on tonight."}},
				{path: "transcripts/", status: 200, want: []string{"Briefing on the harbour lights"}},
				{path: "speakers/mayor-okafor/", status: 200, want: []string{"Briefing on the harbour lights"}},
				{path: "speakers/lena-sorby/", status: 200, want: []string{"Briefing on the harbour lights"}},
			},
			changed: "transcripts/2026-01-05-harbour-lights/",
		},
		{
			name: "rename",
			edit: func() {
				e2eRename(t, dir, e2eNew, "content/transcripts/2026/2026-01-05-harbour-lights-back.md")
			},
			pages: []e2ePage{
				// The turn record followed the transcript: its old address
				// sends readers to the new one.
				{path: "transcripts/2026-01-05-harbour-lights/", status: 200, want: []string{`This transcript has moved: <a href="`, `/transcripts/2026-01-05-harbour-lights-back/">`}},
				{path: "transcripts/2026-01-05-harbour-lights-back/", status: 200, want: []string{"The harbour lights go back on tonight."}},
				{path: "transcripts/", status: 200, want: []string{"2026-01-05-harbour-lights-back/"}, notWant: []string{"2026-01-05-harbour-lights/"}},
			},
			changed: "transcripts/2026-01-05-harbour-lights-back/",
		},
		{
			name: "delete",
			edit: func() {
				if err := os.Remove(filepath.Join(dir, "content/transcripts/2026/2026-01-05-harbour-lights-back.md")); err != nil {
					t.Fatal(err)
				}
			},
			pages: []e2ePage{
				{path: "transcripts/2026-01-05-harbour-lights-back/", status: 404, want: []string{"Page not found"}},
				{path: "transcripts/", status: 200, notWant: []string{"Briefing on the harbour lights"}},
				{path: "speakers/mayor-okafor/", status: 200, notWant: []string{"Briefing on the harbour lights"}},
				{path: "speakers/lena-sorby/", status: 404},
			},
		},
		{
			name: "site.yaml",
			edit: func() {
				e2eReplace(t, dir, "content/site.yaml", `title: "The Harrow Bay Record"`, `title: "The Harrow Bay Ledger"`)
			},
			pages: []e2ePage{
				{path: "", status: 200, want: []string{"The Harrow Bay Ledger"}, notWant: []string{"The Harrow Bay Record"}},
				{path: e2eStormURL, status: 200, want: []string{"The Harrow Bay Ledger"}, notWant: []string{"The Harrow Bay Record"}},
				{path: "no/such/page/", status: 404, want: []string{"The Harrow Bay Ledger", "Page not found"}},
			},
			changed: e2eStormURL,
		},
		{
			name: "a theme made after the start",
			edit: func() {
				writeFile(t, dir, "themes/default/templates/404.html", `{{define "main"}}<h1>Lost at sea</h1>{{end}}`)
			},
			pages: []e2ePage{
				{path: "no/such/page/", status: 404, want: []string{"<h1>Lost at sea</h1>"}, notWant: []string{"<h1>Page not found</h1>"}},
			},
		},
	}
	for _, st := range steps {
		e2eDrain(events)
		st.edit()
		e := next(t, events)
		if e.name != "reload" {
			t.Fatalf("%s: event %s %v, want reload", st.name, e.name, e.data)
		}
		// The reload comes after the rebuild is complete: the pages must
		// show the change at once.
		for _, p := range st.pages {
			code, body := get(t, s.url+p.path)
			if code != p.status {
				t.Errorf("%s: GET %s: %d, want %d", st.name, p.path, code, p.status)
			}
			for _, w := range p.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: GET %s does not show %q", st.name, p.path, w)
				}
			}
			for _, w := range p.notWant {
				if strings.Contains(body, w) {
					t.Errorf("%s: GET %s still shows %q", st.name, p.path, w)
				}
			}
		}
		if paths, ok := e.data["paths"].([]any); ok && len(paths) > 0 && st.changed != "" {
			if !slices.Contains(paths, any("/archive/"+st.changed)) {
				t.Errorf("%s: the reload event names %v, not /archive/%s", st.name, paths, st.changed)
			}
		}
		s.idle(t)
		reference(st.name)
		if t.Failed() {
			t.FailNow()
		}
	}

	// Broken saves: each sends an error event naming file and line, keeps
	// the last good site served and the process running, and the next good
	// save reloads the pages, which clears the error.
	stormText := e2eRead(t, dir, e2eStorm)
	stormLines := strings.Count(stormText, "\n")
	broken := []struct {
		name  string
		spoil func()
		fix   func()
		want  []string // in the error message
	}{
		{
			name: "front matter",
			spoil: func() {
				saveAtomically(t, dir, e2eStorm, strings.Replace(stormText, "\ndate: 2023-02-14\n", "\ndate: [2023-02-14\n", 1))
			},
			fix:  func() { saveAtomically(t, dir, e2eStorm, stormText) },
			want: []string{"content/transcripts/2023/2023-02-14-storm-response-briefing.md:"},
		},
		{
			name:  "cross-links",
			spoil: func() { writeFile(t, dir, e2eStorm, stormText+"\nSee [[no-such-slug]] and [[speaker:nobody]].\n") },
			fix:   func() { writeFile(t, dir, e2eStorm, stormText) },
			want: []string{
				"content/transcripts/2023/2023-02-14-storm-response-briefing.md:" + strconv.Itoa(stormLines+2) + ": link to unknown transcript [[no-such-slug]]",
				"content/transcripts/2023/2023-02-14-storm-response-briefing.md:" + strconv.Itoa(stormLines+2) + ": link to unknown speaker [[speaker:nobody]]",
			},
		},
		{
			name:  "a linked transcript renamed",
			spoil: func() { e2eRename(t, dir, e2eBus, "content/transcripts/2023/bus.md") },
			fix:   func() { e2eRename(t, dir, "content/transcripts/2023/bus.md", e2eBus) },
			want: []string{
				// The turn record followed the transcript: the message
				// names the slug to write.
				"content/transcripts/2024/2024-10-03-low-water-chain-ferry.md:123: link to [[2023-11-08-bus-network-briefing]], an old address of ",
				"content/transcripts/2024/2024-03-05-budget-briefing.md:51: link to [[2023-11-08-bus-network-briefing]], an old address of ",
				"content/transcripts/2023/bus.md: write [[bus]]",
			},
		},
		{
			name:  "site.yaml",
			spoil: func() { e2eReplace(t, dir, "content/site.yaml", "paginate: 10", "paginate: ten") },
			fix:   func() { e2eReplace(t, dir, "content/site.yaml", "paginate: ten", "paginate: 10") },
			want:  []string{"content/site.yaml:6:"},
		},
	}
	for _, b := range broken {
		e2eDrain(events)
		before := e2eRead(t, dir, "public/"+e2eBusPage+"index.html")
		b.spoil()
		e := next(t, events)
		msg, _ := e.data["message"].(string)
		if e.name != "error" {
			t.Fatalf("%s broken: event %s %v, want error", b.name, e.name, e.data)
		}
		for _, w := range b.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s broken: the error event does not say %q:\n%s", b.name, w, msg)
			}
		}
		s.alive(t)
		if code, body := get(t, s.url+e2eBusPage); code != 200 || !strings.Contains(body, "on a bitter morning.") {
			t.Errorf("%s broken: the last good page is not served: %d", b.name, code)
		}
		if after := e2eRead(t, dir, "public/"+e2eBusPage+"index.html"); after != before {
			t.Errorf("%s broken: a failed build changed public/", b.name)
		}
		// A page opened now learns of the error at once.
		late := subscribe(t, s.origin+"/__verbatim/events")
		if e := next(t, late); e.name != "hello" {
			t.Fatalf("%s broken: a new page's first event is %s", b.name, e.name)
		}
		if e := next(t, late); e.name != "error" || e.data["message"] != msg {
			t.Errorf("%s broken: a new page got %s %v, want the error", b.name, e.name, e.data)
		}

		b.fix()
		if e := next(t, events); e.name != "reload" {
			t.Fatalf("%s fixed: event %s %v, want reload", b.name, e.name, e.data)
		}
		if e := next(t, late); e.name != "reload" {
			t.Fatalf("%s fixed: the late page got %s %v, want reload", b.name, e.name, e.data)
		}
		// The error is cleared: a page opened now gets no error after its
		// hello, but the reload of the next save.
		cleared := subscribe(t, s.origin+"/__verbatim/events")
		if e := next(t, cleared); e.name != "hello" {
			t.Fatalf("%s fixed: a new page's first event is %s", b.name, e.name)
		}
		writeFile(t, dir, "content/pages/scratch.md", "---\ntitle: Scratch\n---\n\n"+b.name+"\n")
		if e := next(t, cleared); e.name != "reload" {
			t.Fatalf("%s fixed: a new page got %s %v, want the reload of the next save", b.name, e.name, e.data)
		}
		s.idle(t)
		reference(b.name + " fixed")
		if t.Failed() {
			t.FailNow()
		}
	}

	if err := s.stop(); err != nil {
		t.Fatalf("stop: %v\n%s%s", err, s.stdout, s.stderr)
	}
	out, errs := s.stdout.String(), s.stderr.String()
	var rebuilt []string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "rebuilt ") {
			rebuilt = append(rebuilt, line)
		}
	}
	// One rebuild a save: the steps, the fixes and the scratch saves.
	if want := len(steps) + 2*len(broken); len(rebuilt) < want {
		t.Errorf("%d rebuilt lines, want %d:\n%s", len(rebuilt), want, out)
	}
	for _, line := range rebuilt {
		if strings.Contains(line, "4913") || strings.Contains(line, ".swp") || strings.Contains(line, "~") {
			t.Errorf("an editor's scratch file counted as a change: %s", line)
		}
	}
	if !strings.Contains(out, "2023-11-08-bus-network-briefing.md") {
		t.Errorf("the rebuilt lines do not name the files changed:\n%s", out)
	}
	if n := strings.Count(errs, "build failed"); n != len(broken) {
		t.Errorf("%d failed builds reported, want %d:\n%s", n, len(broken), errs)
	}
	if !strings.Contains(errs, "content/transcripts/2024/2024-10-03-low-water-chain-ferry.md:123: ") {
		t.Errorf("the terminal does not show file:line:\n%s", errs)
	}
}
