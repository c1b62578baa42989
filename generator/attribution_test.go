package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
)

// An archive is only worth its attributions: each case writes a small
// archive, runs a command as a user would, and asserts its exit status,
// its exact message, and, where it builds, who said what in index.json.

// runIn runs the generator with args and returns its exit status and what
// it printed, the site folder's path cut from it.
func runIn(dir string, args ...string) (int, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	all := out.String() + errOut.String()
	return code, strings.ReplaceAll(all, dir+string(filepath.Separator), "")
}

// turnsOf reads who says what in a built transcript's index.json.
func turnsOf(t *testing.T, dir, slug string) []string {
	t.Helper()
	var out []string
	for _, tu := range sitetest.ReadTranscriptJSON(t, filepath.Join(dir, "public"), slug).Turns {
		s := tu.Speaker + ": " + tu.Text
		if tu.Time != "" {
			s = "[" + tu.Time + "] " + s
		}
		out = append(out, s)
	}
	return out
}

func wantTurns(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("turns:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func wantOutput(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("no %q in the output:\n%s", w, out)
		}
	}
}

const lavrov = "content/transcripts/lavrov.md"

// Case 1: a label a typo away from a speaker's gave its words to the
// speaker before it, silently. Now check fails on it, and build says it.
func TestTypoLabelIsAnError(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{lavrov: "---\ntitle: A briefing\ndate: 2021-07-07\n" +
		"speakers: [{id: sergey-lavrov, name: Sergey Lavrov}, Question]\n---\n\n" +
		"Question: What next?\n\n**Sergey Lavro:** We will see.\n\nQUESTION: And then?\n"})
	msg := `content/transcripts/lavrov.md:9: "Sergey Lavro:" is not a speaker of this transcript; did you mean "Sergey Lavrov"?`
	code, out := runIn(dir, "check", "--source", dir)
	if code != 1 {
		t.Errorf("check: exit %d, want 1", code)
	}
	wantOutput(t, out, strings.Replace(msg, ":9: ", ":9: error: ", 1),
		`content/transcripts/lavrov.md:11: warning: "QUESTION:" is taken as "Question:", spelt otherwise`)

	code, out = runIn(dir, "build", "--source", dir)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	wantOutput(t, out, "warning: "+msg)
	// "QUESTION:" is the questioner's turn; the typo's words stay with the
	// turn before it, which is what check and build warn of.
	wantTurns(t, turnsOf(t, dir, "lavrov"),
		"question: What next?\n\nSergey Lavro: We will see.",
		"question: And then?")
}

// Same person, other spelling: case, accents, punctuation and spacing.
func TestLabelSpeltOtherwise(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{lavrov: "---\ntitle: A talk\ndate: 2021-07-07\n" +
		"speakers: [{id: kirby, name: MR. KIRBY}, René Pickhardt]\n---\n\n" +
		"Mr. Kirby: One.\n\n**Rene Pickhardt:** Two.\n\n[00:00:05] mr kirby: Three.\n"})
	code, out := runIn(dir, "check", "--source", dir)
	if code != 0 {
		t.Errorf("check: exit %d, want 0\n%s", code, out)
	}
	wantOutput(t, out, `lavrov.md:7: warning: "Mr. Kirby:" is taken as "MR. KIRBY:", spelt otherwise`,
		`lavrov.md:9: warning: "Rene Pickhardt:" is taken as "René Pickhardt:"`)
	if code, out := runIn(dir, "build", "--source", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	wantTurns(t, turnsOf(t, dir, "lavrov"), "kirby: One.", "rene-pickhardt: Two.", "[00:00:05] kirby: Three.")
}

// Case 2: a transcript whose speakers list names nobody who speaks was
// published with no turns at all.
func TestNoSpeakerSpeaksIsAnError(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{lavrov: "---\ntitle: A briefing\ndate: 2021-07-07\nspeakers: []\n---\n\n" +
		"Sergey Lavrov: We will see.\n\nQuestion: And then?\n"})
	want := `content/transcripts/lavrov.md:7: "Sergey Lavrov:" looks like a speaker label, but no speaker of this transcript speaks, so all of it would be published as preamble: list its speakers in the front matter by the names their labels use (speakers: [Sergey Lavrov])`
	for _, cmd := range []string{"build", "check"} {
		code, out := runIn(dir, cmd, "--source", dir)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", cmd, code)
		}
		w := want
		if cmd == "check" {
			w = strings.Replace(want, ":7: ", ":7: error: ", 1)
		}
		wantOutput(t, out, w)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("a failed build wrote public/")
	}
}

// Case 12: a timestamp written otherwise hid the label after it, and the
// paragraph joined the turn before it; a time that cannot be read is said.
func TestTimestampsAsToolsWriteThem(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{lavrov: "---\ntitle: A podcast\ndate: 2021-07-07\n" +
		"speakers: [Anna Berg, Tom Lind]\n---\n\n" +
		"[00:00:01] **Tom Lind:** Welcome.\n\n" +
		"[00:00:05.5] **Anna Berg:** Thanks.\n\n" +
		"(00:00:07) **Tom Lind:** So.\n\n" +
		"00:00:09 **Anna Berg:** Well.\n\n" +
		"[00:00:3] Tom Lind: Back.\n\n" +
		"[100:00:00] Anna Berg: Late.\n"})
	if code, out := runIn(dir, "build", "--source", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	wantTurns(t, turnsOf(t, dir, "lavrov"),
		"[00:00:01] tom-lind: Welcome.",
		"[00:00:05] anna-berg: Thanks.",
		"[00:00:07] tom-lind: So.",
		"[00:00:09] anna-berg: Well.",
		"[00:00:03] tom-lind: Back.",
		"[100:00:00] anna-berg: Late.")

	bad := sitetest.Site(t, map[string]string{lavrov: "---\ntitle: A podcast\ndate: 2021-07-07\n" +
		"speakers: [Anna Berg, Tom Lind]\n---\n\n" +
		"[00:00:01] **Tom Lind:** Welcome.\n\n[00:61:00] **Anna Berg:** Thanks.\n"})
	code, out := runIn(bad, "check", "--source", bad)
	if code != 1 {
		t.Errorf("check: exit %d, want 1", code)
	}
	wantOutput(t, out, `lavrov.md:9: error: cannot read the timestamp in "[00:61:00] **Anna Berg:**", so "Anna Berg:" starts no turn`)
}

// Cases 4 and 6: names. A label given an archive's id at import is an
// alias, not the person's name; one id listed twice under two spellings is
// one speaker.
func TestSpeakerNames(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: A\ndate: 2021-07-07\nspeakers: [{id: mira-hale, name: Mira Hale}]\n---\n\nMira Hale: Hand-written.\n",
		"content/transcripts/b.md": "---\ntitle: B\ndate: 2021-07-08\nspeakers: [{id: mira-hale, name: MIRA HALE}]\n---\n\nMIRA HALE: From captions.\n",
		"content/transcripts/c.md": "---\ntitle: C\ndate: 2021-07-09\nspeakers:\n  - {id: munoz, name: MR. MUNOZ}\n  - {id: munoz, name: MR MUNOZ}\n---\n\nMR. MUNOZ: One.\n\nMR MUNOZ: Two.\n",
		"content/transcripts/d.md": "---\ntitle: D\ndate: 2021-07-10\nspeakers:\n  - {id: ann, role: host}\n  - {id: ann, role: guest}\n---\n\nann: One.\n",
	})
	code, out := runIn(dir, "check", "--source", dir)
	if code != 1 {
		t.Errorf("check: exit %d, want 1 (two roles)", code)
	}
	wantOutput(t, out,
		`content/transcripts/d.md:6: error: speakers: "ann" is listed twice, as "host" and as "guest": give them two ids, or one role`,
		`content/transcripts/c.md:6: warning: speakers: "munoz" is listed twice: taken as one speaker, with its other names as aliases`,
		`content/transcripts/b.md:4: warning: speaker "mira-hale" is listed as "Mira Hale", "MIRA HALE": shown as "Mira Hale"`)
	if strings.Contains(out, `"munoz" is listed but no turn is theirs`) {
		t.Errorf("check says munoz never speaks:\n%s", out)
	}
	delete := filepath.Join(dir, "content/transcripts/d.md")
	if err := os.Remove(delete); err != nil {
		t.Fatal(err)
	}
	if code, out := runIn(dir, "build", "--source", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	wantTurns(t, turnsOf(t, dir, "c"), "munoz: One.", "munoz: Two.")
	page, err := os.ReadFile(filepath.Join(dir, "public", "speakers", "mira-hale", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<h1>Mira Hale</h1>") && !strings.Contains(string(page), ">Mira Hale<") {
		t.Errorf("the speaker page does not name Mira Hale as written by hand")
	}
	if strings.Contains(string(page), "<title>MIRA HALE") {
		t.Errorf("the caption label renamed the speaker")
	}
}

// Case 3: a transcript saved as Windows-1252 was published with
// replacement characters. Now it fails with the place, the likely
// encoding and the fix; so does a settings file.
func TestNotUTF8IsAnError(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		"content/transcripts/a.md": "---\ntitle: Talk\ndate: 2021-07-07\nspeakers: [Ann]\n---\n\nAnn: She said \x93yes\x94.\n",
	})
	code, out := runIn(dir, "build", "--source", dir)
	if code != 1 {
		t.Errorf("build: exit %d, want 1", code)
	}
	wantOutput(t, out,
		`content/transcripts/a.md:7:15: the file is not UTF-8 (byte 0x93 here); it looks like Windows-1252: save it as UTF-8 in your editor, or convert it with "generator import --format text content/transcripts/a.md"`,
		"build failed: 1 problem;")
	os.WriteFile(filepath.Join(dir, "content/site.yaml"), []byte("title: Caf\xe9\n"), 0o644)
	os.Remove(filepath.Join(dir, "content/transcripts/a.md"))
	code, out = runIn(dir, "check", "--source", dir)
	if code != 1 {
		t.Errorf("check: exit %d, want 1", code)
	}
	wantOutput(t, out, `content/site.yaml:1:11: error: the file is not UTF-8 (byte 0xE9 here); it looks like Latin-1 (ISO-8859-1): save it as UTF-8`)
}

// A label-like word repeated across an archive is one warning with a
// count; a site names the labels that are no one, which are then text
// without a warning.
func TestRepeatedLabelLikeText(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	for _, n := range []string{"a", "b", "c", "d"} {
		files["content/transcripts/"+n+".md"] = "---\ntitle: " + n + "\ndate: 2021-07-07\nspeakers: [Ann Lee]\n---\n\nAnn Lee: One.\n\n**Break:** ten minutes.\n\nAnn Lee: Two.\n"
	}
	dir := sitetest.Site(t, files)
	code, out := runIn(dir, "check", "--source", dir)
	if code != 0 {
		t.Errorf("check: exit %d, want 0\n%s", code, out)
	}
	wantOutput(t, out, `content/transcripts/a.md:9: warning: "**Break:**" looks like a speaker label, but "Break" is not the name or an alias of one speaker of this transcript, so it starts no turn: list the speaker in the front matter, or add the label to a speaker's aliases (4 times in 4 files; also content/transcripts/b.md:9, content/transcripts/c.md:9, content/transcripts/d.md:9). If it names no one, list it under not_speakers in site.yaml`)
	if n := strings.Count(out, "Break"); n != 2 {
		t.Errorf("%d lines name Break, want one warning:\n%s", n, out)
	}

	files["content/site.yaml"] = "title: T\nnot_speakers: [Break, Music]\n"
	dir = sitetest.Site(t, files)
	code, out = runIn(dir, "check", "--source", dir)
	if code != 0 || strings.Contains(out, "Break") {
		t.Errorf("check: exit %d, and the label named in not_speakers is still warned of:\n%s", code, out)
	}
	if code, out := runIn(dir, "build", "--source", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	wantTurns(t, turnsOf(t, dir, "a"), "ann-lee: One.\n\nBreak: ten minutes.", "ann-lee: Two.")
}

// Case 7: one file name in two folders. The error says how to fix it, and
// slugs: path builds such an archive as it is, cross-links included.
func TestSlugsFromPaths(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"content/transcripts/conference-a/jane-doe.md": "---\ntitle: A\ndate: 2021-07-07\nspeakers: [Jane Doe]\n---\n\nJane Doe: See [[conference-b/jane-doe#t1]].\n",
		"content/transcripts/conference-b/jane-doe.md": "---\ntitle: B\ndate: 2022-07-07\nspeakers: [Jane Doe]\n---\n\nJane Doe: Again.\n",
	}
	dir := sitetest.Site(t, files)
	code, out := runIn(dir, "build", "--source", dir)
	if code != 1 {
		t.Errorf("build: exit %d, want 1", code)
	}
	wantOutput(t, out, `content/transcripts/conference-b/jane-doe.md:1: slug "jane-doe" is already used by content/transcripts/conference-a/jane-doe.md: give one of them a slug in its front matter, or set "slugs: path" in site.yaml to take each slug from the file's path under transcripts/ (conference-b/jane-doe)`)

	files["content/site.yaml"] = "title: Talks\nslugs: path\n"
	dir = sitetest.Site(t, files)
	if code, out := runIn(dir, "build", "--source", dir); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	wantTurns(t, turnsOf(t, dir, "conference-b/jane-doe"), "jane-doe: Again.")
	page, err := os.ReadFile(filepath.Join(dir, "public", "transcripts", "conference-a", "jane-doe", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `href="/transcripts/conference-b/jane-doe/#t1"`) {
		t.Errorf("the cross-link does not lead to the other talk")
	}
	if code, out := runIn(dir, "check", "--source", dir); code != 0 {
		t.Errorf("check: exit %d\n%s", code, out)
	}
}

// Case 10: the feeds' ids were relative paths with base_url "/", which
// RFC 4287 does not allow. They are absolute and stay the same whatever
// the base, so a site that moves does not show every entry as new.
func TestFeedIDsAbsoluteAndStable(t *testing.T) {
	t.Parallel()
	files := map[string]string{lavrov: "---\ntitle: A\ndate: 2021-07-07\nspeakers: [Ann Lee]\n---\n\nAnn Lee: One.\n"}
	ids := func(args ...string) []string {
		dir := sitetest.Site(t, files)
		if code, out := runIn(dir, append([]string{"build", "--source", dir}, args...)...); code != 0 {
			t.Fatalf("build: exit %d\n%s", code, out)
		}
		feed, err := os.ReadFile(filepath.Join(dir, "public", "index.xml"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, part := range strings.Split(string(feed), "<id>")[1:] {
			id := part[:strings.Index(part, "</id>")]
			if !strings.HasPrefix(id, "urn:uuid:") || len(id) != len("urn:uuid:")+36 {
				t.Errorf("feed id %q is not an absolute IRI", id)
			}
			got = append(got, id)
		}
		return got
	}
	a, b := ids(), ids("--base-url", "https://example.org/archive/")
	if len(a) != 2 || strings.Join(a, " ") != strings.Join(b, " ") || a[0] == a[1] {
		t.Errorf("feed ids with base / %q and with a full base %q: want two distinct ids, the same in both", a, b)
	}
}

// Case 10, the rest: built for a path ("/", the default), a site's sitemap
// and feeds cannot hold absolute addresses. build and check say so and
// exit 0; given the published address, as the Pages workflow gives it,
// they say nothing, and the sitemap lists absolute URLs.
func TestRelativeBaseURLWarns(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{lavrov: "---\ntitle: A\ndate: 2021-07-07\nspeakers: [Ann Lee]\n---\n\nAnn Lee: One.\n"})
	const msg = `base_url is "/", not a full address: sitemap.xml lists relative addresses, which search engines reject, and the feeds' links are relative; set base_url in the site's settings to the address the site is published at (https://…/), or build with --base-url (the Pages workflow does)`
	for _, cmd := range []string{"build", "check"} {
		code, out := runIn(dir, cmd, "--source", dir)
		if code != 0 {
			t.Errorf("%s: exit %d, want 0\n%s", cmd, code, out)
		}
		wantOutput(t, out, "warning: "+msg)
		code, out = runIn(dir, cmd, "--source", dir, "--base-url", "https://example.org/archive/")
		if code != 0 || strings.Contains(out, "warning") {
			t.Errorf("%s --base-url https://example.org/archive/: exit %d\n%s", cmd, code, out)
		}
	}
	sitemap, err := os.ReadFile(filepath.Join(dir, "public", "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sitemap), "<loc>https://example.org/archive/transcripts/lavrov/</loc>") {
		t.Errorf("sitemap built for https://example.org/archive/:\n%s", sitemap)
	}
}

// Case 5, in part: a theme's error names the template's path in the site,
// not its bare name.
func TestThemeErrorsNameTheFile(t *testing.T) {
	t.Parallel()
	dir := sitetest.Site(t, map[string]string{
		lavrov: "---\ntitle: A\ndate: 2021-07-07\nspeakers: [Ann Lee]\n---\n\nAnn Lee: One.\n",
		"themes/default/templates/transcript.html": "{{define \"main\"}}\n<h1>{{.Title}</h1>\n{{end}}\n",
	})
	code, out := runIn(dir, "build", "--source", dir)
	if code != 1 {
		t.Errorf("build: exit %d, want 1", code)
	}
	wantOutput(t, out, "themes/default/templates/transcript.html:2: ")
}
