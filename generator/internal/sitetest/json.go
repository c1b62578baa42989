package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TranscriptJSON is a transcript's index.json, as a reader of the site
// gets it.
type TranscriptJSON struct {
	Slug     string `json:"slug"`
	Title    string `json:"title"`
	Date     string `json:"date"`
	Speakers []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"speakers"`
	Topics []string `json:"topics"`
	Turns  []struct {
		N       int    `json:"n"`
		Speaker string `json:"speaker"`
		Time    string `json:"time"`
		Text    string `json:"text"`
	} `json:"turns"`
}

// ReadTranscriptJSON reads the index.json of the transcript slug from the
// built site out.
func ReadTranscriptJSON(t testing.TB, out, slug string) TranscriptJSON {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "transcripts", slug, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j TranscriptJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatalf("%s/index.json: %v", slug, err)
	}
	return j
}
