package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "in", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// turnWords counts the words of a transcript's turns.
func turnWords(tr *Transcript) int {
	n := 0
	for _, tu := range tr.Turns {
		for _, p := range tu.Paragraphs {
			n += len(strings.Fields(p))
		}
	}
	return n
}

// turnSpeakers and turnTimes list each turn's speaker and timestamp.
func turnSpeakers(tr *Transcript) string {
	var s []string
	for _, tu := range tr.Turns {
		s = append(s, tu.Speaker)
	}
	return strings.Join(s, " ")
}

func turnTimes(tr *Transcript) string {
	var s []string
	for _, tu := range tr.Turns {
		if tu.Timed {
			s = append(s, formatClock(tu.Start))
		} else {
			s = append(s, "-")
		}
	}
	return strings.Join(s, " ")
}

// TestToolLayouts imports a fixture in each transcription tool's layout
// (their golden files hold every word) and checks what auto-detection
// picked, the speakers and their roles, each turn's speaker and time, and
// that no word was lost: the fixtures' words, less the name-and-time lines,
// titles and banners, counted by hand.
func TestToolLayouts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, layout string
		speakers     string // id/role ...
		turns        string // speaker ids, in order
		times        string
		words        int
		dropped      string
	}{
		{"otter-allotment-meeting.txt", "otter",
			"mira-hale/ tobias-wren/ unknown-speaker/unidentified",
			"mira-hale tobias-wren mira-hale unknown-speaker tobias-wren mira-hale unknown-speaker mira-hale tobias-wren mira-hale",
			"00:00:07 00:00:21 00:00:29 00:00:38 00:00:44 00:01:02 00:01:15 00:01:19 00:01:31 01:02:05",
			140, "Transcribed by https://otter.ai"},
		{"rev-harbour-interview.txt", "rev",
			"mira-hale/ ansel-price/ speaker-3/unidentified",
			"mira-hale ansel-price mira-hale ansel-price speaker-3 ansel-price mira-hale speaker-3 mira-hale",
			"00:00:06 00:00:19 00:00:31 00:00:34 00:00:41 00:00:44 01:02:10 01:02:15 01:02:24",
			120, "Transcribed by Rev.com"},
		{"scribie-council.txt", "",
			"mira-hale/ felix-arden/ speaker-2/unidentified",
			"mira-hale felix-arden mira-hale felix-arden speaker-2 mira-hale speaker-2 felix-arden",
			"00:00:06 00:00:12 00:00:15 00:00:17 00:00:26 00:00:31 00:00:35 00:00:37",
			61, "Transcribed by Scribie.com"},
		{"descript-harbour-lights.md", "descript",
			"mira-hale/ orla-byrne/ speaker-00/unidentified",
			"mira-hale orla-byrne mira-hale orla-byrne speaker-00 mira-hale orla-byrne mira-hale orla-byrne speaker-00",
			"00:00:06 00:00:14 00:00:21 00:00:24 00:00:33 00:00:36 00:00:38 00:01:05 00:01:09 00:01:20",
			101, "Transcript generated with Descript"},
		{"bold-time-choir.md", "bold-time",
			"mira-hale/ jonah-achebe/ priya-lowe/",
			"mira-hale jonah-achebe mira-hale priya-lowe mira-hale jonah-achebe priya-lowe mira-hale",
			"00:00:06 00:00:15 00:00:20 00:00:27 00:00:33 00:00:39 00:00:43 01:01:10",
			83, "Share this episode"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			tr, _ := importFixture(t, tc.file)
			if tr.Layout != tc.layout {
				t.Errorf("layout %q, want %q", tr.Layout, tc.layout)
			}
			var sp []string
			for _, s := range tr.Speakers {
				sp = append(sp, s.ID+"/"+s.Role)
			}
			if got := strings.Join(sp, " "); got != tc.speakers {
				t.Errorf("speakers %q, want %q", got, tc.speakers)
			}
			if got := turnSpeakers(tr); got != tc.turns {
				t.Errorf("turns\n%s\nwant\n%s", got, tc.turns)
			}
			if got := turnTimes(tr); got != tc.times {
				t.Errorf("times\n%s\nwant\n%s", got, tc.times)
			}
			if got := turnWords(tr); got != tc.words {
				t.Errorf("%d words in the turns, want %d", got, tc.words)
			}
			if len(tr.Preamble) != 0 {
				t.Errorf("preamble %q", tr.Preamble)
			}
			if len(tr.Dropped) != 1 || tr.Dropped[0].Text != tc.dropped {
				t.Errorf("dropped %+v, want %q", tr.Dropped, tc.dropped)
			}
		})
	}
}

// TestChooseLayout: a tool's layout is picked where it opens the turns,
// and not where a line or two happen to look like it.
func TestChooseLayout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src, want string
		turns           int
	}{
		{"otter, m:ss and h:mm:ss", "Ann Lee  0:01\nHello.\n\nBo Ek  1:02:03\nHi.\n", "otter", 2},
		{"otter, no blank lines", "Ann Lee  0:01\nHello.\nBo Ek  0:05\nHi.\nAnn Lee  0:09\nBye.\n", "otter", 3},
		{"otter, generic labels", "Speaker 1  0:01\nHello.\n\nUnknown Speaker  0:04\nHi.\n", "otter", 2},
		{"rev, words below", "Ann Lee (00:01):\nHello.\n\nBo Ek (00:05):\nHi.\n", "rev", 2},
		{"rev, words after", "Ann Lee (00:01): Hello.\n\nBo Ek (01:00:05): Hi.\n", "rev", 2},
		{"descript", "**Ann Lee** [00:00:01] Hello.\n\n**Bo Ek** [00:00:05] Hi.\n", "descript", 2},
		{"descript, words below", "**Ann Lee** [00:00:01]\nHello.\n\n**Bo Ek** [00:00:05]\nHi.\n", "descript", 2},
		{"bold name and time", "**Ann Lee** 0:01\nHello.\n\n**Bo Ek** 0:05\nHi.\n", "bold-time", 2},
		{"labels with times", "[00:00:01] Ann Lee: Hello.\n\n[00:00:05] Bo Ek: Hi.\n\n[00:00:09] Ann Lee: Bye.\n", "", 3},
		{"labels", "Title\n\nAnn Lee: Hello.\n\nBo Ek: Hi.\n\nAnn Lee: Bye.\n", "", 3},
		{"one otter-like line is not a layout", "Notes\n\nAnn Lee  0:01\nHello.\n", "", 0},
		{"labels outnumber a layout", "Ann Lee: Hi.\n\nBo Ek: Yes.\n\nAnn Lee: So.\n\nBo Ek  0:01\n\nBo Ek  0:02\n", "", 3},
		{"times in prose", "The ferry left at  10:30\n\nIt came back at  11:45\n", "", 0},
	} {
		tr, err := Import([]byte(tc.src), Options{Name: "x.txt", ModTime: fixedTime})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if tr.Layout != tc.want || len(tr.Turns) != tc.turns {
			t.Errorf("%s: layout %q with %d turns, want %q with %d", tc.name, tr.Layout, len(tr.Turns), tc.want, tc.turns)
		}
	}
}

// TestLayoutNamed: --format names a layout, which then opens turns even
// where auto-detection would want more evidence, and is reported.
func TestLayoutNamed(t *testing.T) {
	t.Parallel()
	f, err := ParseFormat("Otter")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Import([]byte("Ann Lee  0:01\nHello, and goodbye.\n"), Options{Name: "x.txt", Format: f, ModTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	if tr.FormatName() != "text, otter layout" || len(tr.Turns) != 1 || tr.Turns[0].Paragraphs[0] != "Hello, and goodbye." {
		t.Errorf("%s: %+v", tr.FormatName(), tr.Turns)
	}
	if _, err := ParseFormat("trint"); err == nil || !strings.Contains(err.Error(), "otter, rev, descript, bold-time") {
		t.Errorf("unknown format: %v", err)
	}
}

// TestNamingUnidentified: --speaker names a speaker the tool could not,
// who then has no "unidentified" role, and keeps the label as an alias.
func TestNamingUnidentified(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, label, id string
	}{
		{"otter-allotment-meeting.txt", "Unknown Speaker", "dora-finch"},
		{"rev-harbour-interview.txt", "speaker 3", "dora-price"},
		{"descript-harbour-lights.md", "SPEAKER_00", "cal-byrne"},
	} {
		data := readFixture(t, tc.file)
		tr, err := Import(data, Options{Name: tc.file, ModTime: fixedTime, Speakers: map[string]string{tc.label: tc.id}})
		if err != nil {
			t.Fatal(err)
		}
		var got *Speaker
		for i := range tr.Speakers {
			if tr.Speakers[i].ID == tc.id {
				got = &tr.Speakers[i]
			}
		}
		if got == nil || got.Role != "" || got.Name != "" || len(got.Aliases) != 1 || !strings.EqualFold(got.Aliases[0], tc.label) {
			t.Errorf("%s: speaker %+v among %+v", tc.file, got, tr.Speakers)
			continue
		}
		md := string(tr.Markdown())
		if want := "{id: " + tc.id + ", aliases: [" + got.Aliases[0] + "]}"; !strings.Contains(md, want) {
			t.Errorf("%s: no %q in\n%s", tc.file, want, md)
		}
		if strings.Contains(md, "unidentified") {
			t.Errorf("%s: a named speaker is still unidentified:\n%s", tc.file, md)
		}
	}
}

// TestLayoutOverLabels: a file read in a tool's layout that also has
// paragraphs opening with labels gives those paragraphs' words to the
// layout's turns around them: the import says so, naming a label's line.
func TestLayoutOverLabels(t *testing.T) {
	t.Parallel()
	src := "Ferry meeting\n\nMira Hale: When does the ferry leave?\n\nTom Lind: The times are these.\n" +
		"Monday  9:15\nthe early boat, then\nTuesday  10:30\nthe late boat, and\nWednesday  11:45\nthe night boat, and\nThursday  12:00\nthe noon boat.\n\n" +
		"Mira Hale: Thank you.\n"
	tr, err := Import([]byte(src), Options{Name: "x.txt", ModTime: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	want := `line 3: 3 paragraphs open with a label ("Mira Hale:")`
	for _, w := range tr.Warnings {
		if strings.Contains(w, want) {
			return
		}
	}
	t.Errorf("read in the %q layout, with warnings %q: none has %q", tr.Layout, tr.Warnings, want)
}
