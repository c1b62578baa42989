package importer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/importer"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
)

// Two turns of one speaker in a row (around a heading, a thematic break)
// come back from the exported index.vtt and transcript.json as two turns,
// not one: the exports name each cue and segment after its turn. Segments
// without those names are still pieces of one turn, as other tools write
// them.
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
	for _, name := range []string{"transcript.json", "index.vtt"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		back, err := importer.Import(data, importer.Options{Name: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		compare(t, name, fromImport(back), idx.Turns, name == "index.vtt")
	}

	// Without the names, consecutive segments of one speaker are one turn.
	var doc map[string]any
	readJSON(t, filepath.Join(out, "transcript.json"), &doc)
	for _, s := range doc["segments"].([]any) {
		delete(s.(map[string]any), "id")
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := importer.Import(data, importer.Options{Name: "other.json"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(back.Turns); n != 2 {
		t.Errorf("segments without ids: %d turns, want 2 (Ann Lee, Bo): %+v", n, fromImport(back))
	}
}
