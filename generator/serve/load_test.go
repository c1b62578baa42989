package serve

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/internal/sitetest"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/synth"
)

// TestServeUnderRebuilds sends a few hundred concurrent requests over
// loopback while builds replace the folder being served, as serve does on
// every save: every response must be a whole page, old or new, never a
// partial file, an error or a "not built" page.
func TestServeUnderRebuilds(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds an archive over and over; not with -short")
	}
	site := t.TempDir()
	if err := synth.Write(site, synth.Options{Transcripts: 12, Words: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	siteYAML := filepath.Join(site, "content", "site.yaml")
	setTitle := func(title string) {
		if err := os.WriteFile(siteYAML, []byte("title: \""+title+"\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	setTitle("Version 0")
	if _, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest}); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, rel := range slices.Sorted(maps.Keys(sitetest.Files(t, dest))) {
		if strings.HasSuffix(rel, ".html") {
			pages = append(pages, "/"+strings.TrimSuffix(rel, "index.html"))
		}
	}

	stop := make(chan struct{})
	var builds atomic.Int32
	var buildErr error
	var buildFailed atomic.Int32
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			setTitle(fmt.Sprintf("Version %d", i))
			if _, err := pipeline.Run(pipeline.Options{Source: site, Destination: dest}); err != nil {
				buildErr = err
				buildFailed.Add(1)
				return
			}
			builds.Add(1)
		}
	}()

	for _, withHub := range []bool{true, false} {
		var hub *Hub
		if withHub {
			hub = NewHub()
		}
		ts := httptest.NewServer(newServer(t, dest, "/", hub))
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		var bad, sent atomic.Int32
		var reqs sync.WaitGroup
		// One ticker paces all the clients, so that together they leave
		// the builds some of the machine.
		pace := time.NewTicker(time.Millisecond)
		// Requests go on until five more builds have replaced the folder.
		target := builds.Load() + 5
		for g := 0; g < 300; g++ {
			reqs.Add(1)
			go func() {
				defer reqs.Done()
				for k := 0; builds.Load() < target && buildFailed.Load() == 0; k++ {
					<-pace.C
					sent.Add(1)
					p := pages[(g*7+k*13)%len(pages)]
					resp, err := client.Get(ts.URL + p)
					if err != nil {
						t.Errorf("GET %s: %v", p, err)
						return
					}
					body, err := io.ReadAll(resp.Body)
					resp.Body.Close()
					whole := err == nil && resp.StatusCode == 200 && bytes.HasSuffix(bytes.TrimSpace(body), []byte("</html>")) && bytes.Contains(body, []byte("Version "))
					if !whole && bad.Add(1) <= 5 {
						t.Errorf("GET %s (hub %v) during rebuilds: status %d, %d bytes, ends %q", p, withHub, resp.StatusCode, len(body), tail(body))
					}
				}
			}()
		}
		reqs.Wait()
		pace.Stop()
		ts.Close()
		if n := bad.Load(); n > 0 {
			t.Errorf("hub %v: %d of %d responses were not a whole page", withHub, n, sent.Load())
		}
		t.Logf("hub %v: %d requests by 300 clients while 5 builds replaced the site", withHub, sent.Load())
	}
	close(stop)
	wg.Wait()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

func tail(b []byte) string {
	if len(b) > 40 {
		b = b[len(b)-40:]
	}
	return string(b)
}
