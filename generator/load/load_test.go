package load_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/load"
)

// TestFileTooLarge: a Markdown file past load.MaxFileSize is refused by
// name before it is read, rather than read and parsed whole.
func TestFileTooLarge(t *testing.T) {
	t.Parallel()
	site := sitetest.Site(t, map[string]string{"content/transcripts/a.md": "---\ntitle: A\n---\n"})
	f, err := os.Create(filepath.Join(site, "content", "transcripts", "huge.md"))
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 50 MB file: the size is what is refused, not its bytes.
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = load.Site(site)
	if err == nil || !regexp.MustCompile(`huge\.md:1: the file is 50\.0 MB, more than the 16 MB`).MatchString(err.Error()) {
		t.Fatalf("error %v; want huge.md refused for its size", err)
	}
}
