package importer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/importer"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// Two turns of one speaker in a row (around a heading, a thematic break)
// come back from the exported index.vtt as two turns, not one: the export
// names each cue after its turn, as a podcast JSON transcript may name its
// segments ("id"). Segments without those names are still pieces of one
// turn, as other tools write them.
func TestRoundTripKeepsTurnsOfOneSpeaker(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	md := `---
title: Same speaker twice
date: 2024-01-02
speakers: [Ann Lee, Bo]
media: https://example.org/a.mp3
---

[00:00:01] **Ann Lee:** First turn.

## Later

[00:00:05] **Ann Lee:** Second turn, same speaker.

[00:00:09] Bo: Third.

---

[00:00:12] Bo: Fourth, after a break.

Second paragraph of the fourth.

[00:00:20] Bo: Fifth, right after the fourth.
`
	p := filepath.Join(site, "content", "transcripts", "same.md")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Run(pipeline.Options{Source: site}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(site, "public", "transcripts", "same")
	var idx struct{ Turns []turn }
	readJSON(t, filepath.Join(out, "index.json"), &idx)
	if len(idx.Turns) != 5 {
		t.Fatalf("the site has %d turns, want 5: %+v", len(idx.Turns), idx.Turns)
	}
	data, err := os.ReadFile(filepath.Join(out, "index.vtt"))
	if err != nil {
		t.Fatal(err)
	}
	back, err := importer.Import(data, importer.Options{Name: "index.vtt"})
	if err != nil {
		t.Fatalf("index.vtt: %v", err)
	}
	compare(t, "index.vtt", fromImport(back), idx.Turns, true)

	// The same turns as podcast JSON segments: named after their turns,
	// they stay five turns; without the names, consecutive segments of
	// one speaker are one turn.
	names := map[string]string{"ann-lee": "Ann Lee", "bo": "Bo"}
	for _, c := range []struct {
		ids  bool
		want int
	}{{true, 5}, {false, 2}} {
		var segs []map[string]any
		for i, tu := range idx.Turns {
			s := map[string]any{"speaker": names[tu.Speaker], "startTime": 0, "body": tu.Text}
			if c.ids {
				s["id"] = "t" + strconv.Itoa(i+1)
			}
			segs = append(segs, s)
		}
		data, err := json.Marshal(map[string]any{"version": "1.0.0", "segments": segs})
		if err != nil {
			t.Fatal(err)
		}
		back, err := importer.Import(data, importer.Options{Name: "other.json"})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(back.Turns); n != c.want {
			t.Errorf("segments with ids %v: %d turns, want %d: %+v", c.ids, n, c.want, fromImport(back))
		}
	}
}
