package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// sameOutput fails the test where the incremental build's output got
// differs from the full build's, want.
func sameOutput(t *testing.T, step string, got, want map[string]string) {
	t.Helper()
	if d := sitetest.Diff(got, want); d != "" {
		t.Errorf("after %s, the incremental build differs from a full build:\n%s", step, d)
	}
}

// An incremental build after any edit is byte for byte the full build of
// the same source: the property watch mode rests on. Each step edits the
// demo archive the way an author would and names the paths a watcher
// would report. Serve's builds, which leave the search index and the data
// to Builder.Finish, are held to it once finished.
func TestIncrementalEqualsFull(t *testing.T) {
	t.Parallel()
	for _, later := range []bool{false, true} {
		t.Run(map[bool]string{false: "watch", true: "serve"}[later], func(t *testing.T) {
			t.Parallel()
			incrementalEqualsFull(t, later)
		})
	}
}

func incrementalEqualsFull(t *testing.T, later bool) {
	dir := sitetest.CopyDemo(t)
	abs := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	read := func(rel string) string {
		b, err := os.ReadFile(abs(rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(rel, s string) string {
		if err := os.MkdirAll(filepath.Dir(abs(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs(rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return abs(rel)
	}
	replace := func(rel, old, new string) string {
		s := read(rel)
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q", rel, old)
		}
		return write(rel, strings.Replace(s, old, new, 1))
	}
	const (
		storm  = "content/transcripts/2023/2023-02-14-storm-response-briefing.md"
		budget = "content/transcripts/2024/2024-03-05-budget-briefing.md"
		ferry  = "content/transcripts/2024/2024-10-03-low-water-chain-ferry.md"
		newT   = "content/transcripts/2026/2026-01-05-new-year-briefing.md"
		// and for the later steps
		seaWall  = "content/transcripts/2025/2025-01-22-sea-wall-progress-briefing.md"
		gate     = "content/transcripts/2025/2025-06-30-flood-gate-trial-briefing.md"
		openData = "content/transcripts/2024/2024-06-12-open-data-briefing.md"
		mayor    = "content/speakers/mayor-okafor.md"
	)
	fresh := "---\ntitle: New year briefing\ndate: 2026-01-05\nspeakers: [mayor-okafor, priya-raman]\ntopics: [open-data, Bridges]\n---\n\n**Mayor Okafor:** A new year, and [[2024-03-05-budget-briefing|the budget]] again.\n\n**Priya Raman:** And the [[topic:open-data]] portal.\n"

	var saved string
	steps := []struct {
		name string
		edit func() []string
		bad  bool // the build must fail and leave the output as it was
	}{
		{"nothing", func() []string { return []string{} }, false},
		{"a word in a turn", func() []string {
			return []string{replace(storm, "About twenty reporters", "About thirty reporters")}
		}, false},
		// Who said it: a turn given to another speaker, in place, moves
		// it between their pages, counts and colours.
		{"a turn's speaker changed", func() []string {
			return []string{replace(storm, "**Q:** Is the promenade", "**Dana Whitlock:** Is the promenade")}
		}, false},
		{"another turn to the same speaker", func() []string {
			return []string{replace(storm, "**Question:** Mr Lindqvist", "**Dana Whitlock:** Mr Lindqvist")}
		}, false},
		{"the title of a transcript others link to", func() []string {
			return []string{replace(storm, "title: \"Briefing on Storm Imelda", "title: \"Renamed briefing on Storm Imelda")}
		}, false},
		{"a cross-link to one of its turns added elsewhere", func() []string {
			return []string{write(seaWall, read(seaWall)+"\nSee also [[2023-02-14-storm-response-briefing#t5]].\n")}
		}, false},
		{"a turn inserted before the linked one", func() []string {
			return []string{replace(storm, "**Priya Raman:** Good morning", "**Tomas Lindqvist:** First.\n\n**Priya Raman:** Good morning")}
		}, false},
		{"all of that undone", func() []string {
			replace(storm, "**Tomas Lindqvist:** First.\n\n", "")
			replace(storm, "title: \"Renamed briefing on Storm Imelda", "title: \"Briefing on Storm Imelda")
			replace(storm, "**Dana Whitlock:** Is the promenade", "**Q:** Is the promenade")
			replace(seaWall, "\nSee also [[2023-02-14-storm-response-briefing#t5]].\n", "")
			return []string{seaWall, replace(storm, "**Dana Whitlock:** Mr Lindqvist", "**Question:** Mr Lindqvist")}
		}, false},
		// A speaker page shows the start of each turn: a word changed
		// there, with the count of words the same, changes only that.
		{"a word at the start of a turn", func() []string {
			return []string{replace(storm, "**Mayor Okafor:** Thank you, Priya.", "**Mayor Okafor:** Thanks you, Priya.")}
		}, false},
		{"words added to a turn", func() []string {
			return []string{replace(storm, "About thirty reporters", "About thirty or forty local and national reporters")}
		}, false},
		// A turn more changes the speaker's count in the list of
		// speakers, and nothing in the sitemap.
		{"a turn added", func() []string {
			return []string{write(storm, read(storm)+"\n**Mayor Okafor:** One more thing, briefly.\n")}
		}, false},
		{"a title", func() []string {
			return []string{replace(budget, "title: \"", "title: \"Renamed ")}
		}, false},
		{"a new transcript in a new folder", func() []string {
			write(newT, fresh)
			return []string{abs("content/transcripts/2026")}
		}, false},
		{"a date that reorders the archive", func() []string {
			return []string{replace(newT, "date: 2026-01-05", "date: 2022-01-05")}
		}, false},
		// The sitemap gives each transcript's date.
		{"a date moved a day, the order the same", func() []string {
			return []string{replace(budget, "date: 2024-03-05", "date: 2024-03-06")}
		}, false},
		{"a broken link", func() []string {
			return []string{replace(newT, "[[topic:open-data]]", "[[topic:no-such-topic]]")}
		}, true},
		{"the link fixed", func() []string {
			return []string{replace(newT, "[[topic:no-such-topic]]", "[[topic:open-data]]")}
		}, false},
		{"a speaker's name", func() []string {
			return []string{replace("content/speakers/priya-raman.md", "name: Priya Raman", "name: Priya Raman-Hale")}
		}, false},
		// A label no speaker answers to is text, until an alias claims it:
		// then the transcript, unchanged, must be parsed again.
		{"a label no speaker answers to", func() []string {
			return []string{write(storm, read(storm)+"\n**Mayor A. Okafor:** And one last word.\n")}
		}, false},
		{"an alias that claims the label", func() []string {
			return []string{replace("content/speakers/mayor-okafor.md", "  - THE MAYOR\n", "  - THE MAYOR\n  - Mayor A. Okafor\n")}
		}, false},
		{"a topic's title", func() []string {
			return []string{replace("content/topics/open-data.md", "title: Open data", "title: Open Data Portal")}
		}, false},
		{"a rename", func() []string {
			to := "content/transcripts/2024/2024-10-03-chain-ferry.md"
			if err := os.Rename(abs(ferry), abs(to)); err != nil {
				t.Fatal(err)
			}
			return []string{abs(ferry), abs(to)}
		}, false},
		{"a delete of a linked transcript", func() []string {
			saved = read(budget)
			if err := os.Remove(abs(budget)); err != nil {
				t.Fatal(err)
			}
			return []string{abs(budget)}
		}, true}, // others link to it
		{"the transcript restored", func() []string {
			return []string{write(budget, saved)}
		}, false},
		{"a delete", func() []string {
			if err := os.Remove(abs(newT)); err != nil {
				t.Fatal(err)
			}
			return []string{abs(newT)}
		}, false},
		{"an editor's swap file", func() []string {
			return []string{write("content/transcripts/2023/.storm.md.swp", "junk")}
		}, false},
		{"a free page", func() []string {
			return []string{replace("content/pages/about.md", "---\n\n", "---\n\nEdited. ")}
		}, false},
		{"a theme template", func() []string {
			return []string{write("themes/default/templates/partials/pager.html", `{{define "pager"}}<nav class="pager">{{with .Pager}}{{.Number}}/{{.Total}}{{end}}</nav>{{end}}`)}
		}, false},
		{"a broken template", func() []string {
			return []string{write("themes/default/templates/partials/pager.html", `{{define "pager"}}{{.Nope}`)}
		}, true},
		{"a content edit while the template is broken", func() []string {
			return []string{replace(storm, "About thirty or forty", "About forty")}
		}, true},
		{"the template fixed", func() []string {
			return []string{write("themes/default/templates/partials/pager.html", `{{define "pager"}}<nav class="pager">{{with .Pager}}{{.Number}} of {{.Total}}{{end}}</nav>{{end}}`)}
		}, false},
		{"the settings", func() []string {
			return []string{replace("content/site.yaml", "paginate:", "paginate: 2\n#")}
		}, false},
		{"a static file", func() []string {
			return []string{write("content/static/notes.txt", "hello\n")}
		}, false},
		// A wiki link without text shows its target's title, in a free page,
		// a profile or a topic description as in a transcript.
		{"a wiki link in a free page", func() []string {
			return []string{replace("content/pages/about.md", "Edited. ", "Edited. See [[2023-11-08-bus-network-briefing]]. ")}
		}, false},
		{"the title of the transcript a free page names", func() []string {
			return []string{replace("content/transcripts/2023/2023-11-08-bus-network-briefing.md", `title = "Briefing`, `title = "A briefing`)}
		}, false},
		// The theme edited in a build that fails on the content must still
		// be read once the content is fixed.
		{"a theme template edited while the content is broken", func() []string {
			return []string{
				write("themes/default/templates/partials/pager.html", `{{define "pager"}}<nav class="pager">{{with .Pager}}page {{.Number}} of {{.Total}}{{end}}</nav>{{end}}`),
				replace(storm, "About forty", "About forty [[no-such-transcript]]"),
			}
		}, true},
		{"the content fixed after a theme edit", func() []string {
			return []string{replace(storm, "About forty [[no-such-transcript]]", "About forty")}
		}, false},
		{"a static file replaced by a folder", func() []string {
			if err := os.Remove(abs("content/static/notes.txt")); err != nil {
				t.Fatal(err)
			}
			write("content/static/notes.txt/inner.txt", "hello\n")
			return []string{abs("content/static/notes.txt")}
		}, false},
		// A site's theme may show a speaker's own front matter keys on
		// every transcript they speak in.
		{"a theme that shows speakers' own keys", func() []string {
			return []string{write("themes/default/templates/partials/searchbox.html",
				`{{with .Transcript}}{{range .Speakers}}<span class="party">{{.Speaker.Params.party}}</span>{{end}}{{end}}`)}
		}, false},
		{"a speaker's own key", func() []string {
			return []string{replace("content/speakers/priya-raman.md", "role: Head", "party: Greens\nrole: Head")}
		}, false},
		{"a speaker's own key changed", func() []string {
			return []string{replace("content/speakers/priya-raman.md", "party: Greens", "party: Blues")}
		}, false},
		// The built-in list of speakers is keyed by what it shows; a
		// site's own may show anything of them, and runs every time.
		{"a site's own list of speakers", func() []string {
			return []string{write("themes/default/templates/speakers.html", `{{define "main"}}<ul>
{{- range .Speakers}}
<li>{{.Name}}: latest {{range $i, $t := .Transcripts}}{{if eq $i 0}}{{$t.Title}}{{end}}{{end}}</li>
{{- end}}
</ul>{{end}}`)}
		}, false},
		{"a title that only the site's list of speakers shows", func() []string {
			return []string{replace(seaWall, `title: "Eastshore flood defences`, `title: "Eastshore sea defences`)}
		}, false},
		// Edits to what speakers, topics and dates the archive has (a
		// reviewer's list).
		{"a draft published", func() []string { return []string{replace(gate, "draft: true\n", "")} }, false},
		{"a speaker gone from a transcript", func() []string { return []string{replace(budget, "  - Dana Whitlock\n", "")} }, false},
		{"the speaker back", func() []string {
			return []string{replace(budget, "  - tomas-lindqvist\n", "  - tomas-lindqvist\n  - Dana Whitlock\n")}
		}, false},
		{"speakers reordered", func() []string {
			return []string{replace(budget, "  - mayor-okafor\n  - priya-raman\n", "  - priya-raman\n  - mayor-okafor\n")}
		}, false},
		{"a new speaker from a transcript", func() []string {
			return []string{write(budget, strings.Replace(read(budget), "  - Dana Whitlock\n", "  - Dana Whitlock\n  - Zed Newcomer\n", 1)+"\n**Zed Newcomer:** Hello.\n")}
		}, false},
		{"aliases reordered", func() []string {
			return []string{replace(mayor, "  - Mayor Okafor\n  - THE MAYOR\n", "  - THE MAYOR\n  - Mayor Okafor\n")}
		}, false},
		// Without the alias, the turns it labelled are gone, and a
		// cross-link to one of them is broken; with it back, the turns
		// take their numbers back.
		{"an alias removed", func() []string { return []string{replace(mayor, "  - THE MAYOR\n", "")} }, true},
		{"the alias back", func() []string { return []string{replace(mayor, "aliases:\n", "aliases:\n  - THE MAYOR\n")} }, false},
		{"an alias removed, which merges its turn into the one before", func() []string { return []string{replace(mayor, "  - Mayor A. Okafor\n", "")} }, false},
		{"a role", func() []string { return []string{replace(mayor, "role: Mayor of Harrow Bay", "role: Mayor")} }, false},
		{"a topic added to the newest", func() []string { return []string{replace(gate, "topics:\n", "topics:\n  - budget\n")} }, false},
		{"a time of day", func() []string { return []string{replace(openData, "T10:30:00+01:00", "T23:30:00-05:00")} }, false},
		// The same moment in another time zone: the order is the same,
		// and the sitemap gives another day.
		{"a time zone", func() []string {
			return []string{replace(openData, "2024-06-12T23:30:00-05:00", "2024-06-13T04:30:00Z")}
		}, false},
		// Edits that move turn addresses (package turnids): the numbers
		// come from the turn record, which each build writes.
		{"a turn inserted at the start of a transcript", func() []string {
			return []string{replace(storm, "**Priya Raman:** Good morning", "**Question:** Is this on the record?\n\n**Priya Raman:** Good morning")}
		}, false},
		{"a turn split", func() []string {
			return []string{replace(storm, "**Mayor Okafor:** Which is why the pumps", "**Mayor Okafor:** Which is why.\n\n**Mayor Okafor:** The pumps")}
		}, false},
		{"a turn deleted", func() []string {
			return []string{replace(storm, "**Q:** Is the promenade going to stay closed all summer?\n\n", "")}
		}, false},
		{"two turns merged", func() []string {
			return []string{replace(storm, "**Tomas Lindqvist:** I hope not.", "I hope not.")}
		}, false},
		{"a cross-link to a deleted turn", func() []string {
			return []string{replace(budget, "\n---\n", "\n---\n\nSee [[2023-02-14-storm-response-briefing#t10]].\n")}
		}, true},
		{"the cross-link to the merged turn", func() []string {
			return []string{replace(budget, "#t10]]", "#t11]]")}
		}, false},
		{"a transcript moved to another folder", func() []string {
			to := "content/transcripts/archive/2023-02-14-storm-response-briefing.md"
			if err := os.MkdirAll(filepath.Dir(abs(to)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(abs(storm), abs(to)); err != nil {
				t.Fatal(err)
			}
			return []string{abs(storm), abs("content/transcripts/archive")}
		}, false},
		{"a draft again", func() []string {
			return []string{replace(gate, "date: 2025-06-30\n", "date: 2025-06-30\ndraft: true\n")}
		}, false},
		// A turn record gone behind the build (a checkout that lost it):
		// the transcript's turns, which the edits above numbered with
		// gaps, are numbered afresh, not as the last build kept them.
		{"a turn record deleted", func() []string {
			rec := abs("content/.turnids/2023-02-14-storm-response-briefing.txt")
			if err := os.Remove(rec); err != nil {
				t.Fatal(err)
			}
			return []string{rec}
		}, false},
	}
	if !strings.Contains(read("content/pages/about.md"), "---\n\n") {
		t.Fatal("about.md does not start its body after a blank line")
	}
	if !strings.Contains(read("content/site.yaml"), "paginate:") {
		write("content/site.yaml", read("content/site.yaml")+"paginate: 10\n")
	}

	out := filepath.Join(t.TempDir(), "public")
	b, err := pipeline.NewBuilder(pipeline.Options{Source: dir, Destination: out})
	if err != nil {
		t.Fatal(err)
	}
	if later {
		b.FinishLater()
	}
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		var before map[string]string
		if st.bad {
			before = sitetest.Tree(t, out)
		}
		changed := st.edit()
		// The full build of the same source runs beside the incremental
		// one: neither changes the source, and together they keep both
		// cores busy through each other's single-threaded phases.
		full := filepath.Join(t.TempDir(), "public")
		fullErr := make(chan error, 1)
		var fullRes *pipeline.Result
		if st.bad {
			fullErr <- nil
		} else {
			go func() {
				// The incremental build writes the turn records; both read
				// them, before or after, to the same numbers.
				var err error
				fullRes, err = pipeline.Run(pipeline.Options{Source: dir, Destination: full, LeaveRecords: true})
				fullErr <- err
			}()
		}
		res, err := b.Build(changed)
		if ferr := <-fullErr; ferr != nil {
			t.Fatalf("%s: full build: %v", st.name, ferr)
		}
		if st.bad {
			if err == nil {
				t.Fatalf("%s: the build succeeded", st.name)
			}
			sameOutput(t, st.name+" (a failed build)", sitetest.Tree(t, out), before)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if res.Pending != later {
			t.Errorf("%s: the build left the search index and data for later: %v; want %v", st.name, res.Pending, later)
		}
		if !later && (res.Pages != fullRes.Pages || res.Bytes != fullRes.Bytes || res.Files != fullRes.Files) {
			t.Errorf("%s: %d pages, %d bytes, %d files; a full build has %d, %d, %d", st.name, res.Pages, res.Bytes, res.Files, fullRes.Pages, fullRes.Bytes, fullRes.Files)
		}
		finished, err := b.Finish()
		if err != nil {
			t.Fatalf("%s: finishing: %v", st.name, err)
		}
		if finished != nil && finished.Bytes != fullRes.Bytes {
			t.Errorf("%s: %d bytes once finished; a full build has %d", st.name, finished.Bytes, fullRes.Bytes)
		}
		sameOutput(t, st.name, sitetest.Tree(t, out), sitetest.Tree(t, full))
		if st.name == "nothing" && (len(res.Written) > 0 || res.Ran == res.Jobs) {
			t.Errorf("a build with nothing changed wrote %v and ran %d of %d jobs", res.Written, res.Ran, res.Jobs)
		}
		if st.name == "a word in a turn" && res.Ran > res.Jobs/2 {
			t.Errorf("one edited turn ran %d of %d render jobs", res.Ran, res.Jobs)
		}
	}
}

// A second build of an unchanged site by a new process rewrites nothing:
// files keep their modification times.
func TestUnchangedFilesNotRewritten(t *testing.T) {
	t.Parallel()
	dir := sitetest.CopyDemo(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out}); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(out, "index.html")
	old := time.Unix(1e9, 0)
	if err := os.Chtimes(index, old, old); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(pipeline.Options{Source: dir, Destination: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 0 {
		t.Errorf("a second build of the same source wrote %d files: %v", len(res.Written), res.Written[:min(5, len(res.Written))])
	}
	if st, err := os.Stat(index); err != nil || !st.ModTime().Equal(old) {
		t.Error("index.html was rewritten")
	}
}

// Two builds of the same source into two new folders are byte-identical,
// however the work was scheduled across cores.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	src := filepath.Join(sitetest.RepoRoot(t), "content", "..")
	var trees []map[string]string
	for range 2 {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := pipeline.Run(pipeline.Options{Source: src, Destination: out, BaseURL: "https://owner.github.io/repo/", LeaveRecords: true}); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, sitetest.Tree(t, out))
	}
	if len(trees[0]) < 50 {
		t.Fatalf("only %d files built", len(trees[0]))
	}
	sameOutput(t, "a second build", trees[1], trees[0])
}

// Watch mode gives absolute paths, while --source defaults to ".": a theme
// edit must be seen whichever way the source folder was named.
func TestIncrementalRelativeSource(t *testing.T) {
	dir := sitetest.CopyDemo(t)
	out := filepath.Join(t.TempDir(), "public")
	t.Chdir(dir)
	b, err := pipeline.NewBuilder(pipeline.Options{Source: ".", Destination: out})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(nil); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "themes", "default", "templates", "page.html")
	if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte(`{{define "main"}}<p class="edited-theme"></p>{{.Body}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build([]string{page}); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(t.TempDir(), "public")
	if _, err := pipeline.Run(pipeline.Options{Source: dir, Destination: full}); err != nil {
		t.Fatal(err)
	}
	sameOutput(t, "a theme edit with a relative --source", sitetest.Tree(t, out), sitetest.Tree(t, full))
}
