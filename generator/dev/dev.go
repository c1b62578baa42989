// Package dev is the development loop behind the watch and serve
// commands: it builds the site, watches content/ and themes/, rebuilds on
// every change (incrementally, from what the last build learnt) and, for
// serve, serves the output with live reload: an open page reloads when a
// build changed it, and shows a failed build's errors over itself.
package dev

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/pipeline"
	"github.com/verbatim-archive/verbatim/generator/serve"
	"github.com/verbatim-archive/verbatim/generator/watch"
)

// Options say what to build and whether to serve it. Messages name the
// command-line flags the options come from.
type Options struct {
	// Build is the site to build, as the build command takes it; its
	// Destination defaults to <Source>/public. When serving, the site is
	// built for the server's address, under the path of the BaseURL given
	// or of site.yaml's base_url.
	Build pipeline.Options
	// Serve serves the output at Addr, a host:port, with live reload.
	Serve bool
	Addr  string
	// Stdout gets what was built; Stderr the problems and warnings.
	Stdout, Stderr io.Writer
	// Started, when not nil, is called with the URL to open once the
	// first build is done and the server listens ("" when not serving).
	Started func(url string)

	// trace, when set, is called as a rebuild passes each step ("batch":
	// the watcher's batch received; "built", with the build's result, nil
	// if it failed; "told": the open pages told), for the benchmark of a
	// save's latency to time them.
	trace func(step string, res *pipeline.Result)
}

// Run builds, then rebuilds on every batch of changes until ctx is done.
// A problem in the source is reported, and waits for the next save; Run
// returns an error only for what saving cannot mend: a folder that is not
// a site, an address it cannot listen on, an output it cannot write.
func Run(ctx context.Context, opt Options) error {
	d := &loop{Options: opt}
	return d.run(ctx)
}

// loop is one run of watch or serve.
type loop struct {
	Options

	source, dest string // absolute
	warnings     string // the last build's warnings, printed again only when they change

	builder    *pipeline.Builder // keeps what the last build learnt, for the next
	builderOpt pipeline.Options

	// When serving:
	srv      *serve.Server
	hub      *serve.Hub // tells the open pages of each build
	origin   string     // "http://host:port" of the listener
	basePath string     // the path the site is served under
}

func (d *loop) run(ctx context.Context) error {
	if err := d.paths(); err != nil {
		return err
	}
	var ln net.Listener
	if d.Serve {
		var err error
		if ln, err = d.listen(); err != nil {
			return err
		}
		defer ln.Close()
	}

	// The watch starts before the first build, so that a save during it
	// is not missed.
	w, err := watch.New(watch.Options{Root: d.source, Paths: []string{"content", "themes"}, Ignore: []string{d.dest}})
	if err != nil {
		return err
	}
	defer w.Close()

	opt, err := d.options()
	if err != nil {
		return err
	}
	res, err := d.build(opt, nil)
	if err != nil && !pipeline.IsInputError(err) {
		// Not a problem in a file the author will save again (a
		// destination refused, say): watching would only repeat it. A
		// broken site.yaml is an input error, fixed by the next save.
		return err
	}
	d.reportBuild(res, err, nil)

	serveErr := make(chan error, 1)
	var httpSrv *http.Server
	url := ""
	if d.Serve {
		httpSrv = &http.Server{
			Handler:           d.srv,
			ReadHeaderTimeout: 10 * time.Second,
			// Requests end with the run, so the open event streams do
			// not hold up the shutdown.
			BaseContext: func(net.Listener) context.Context { return ctx },
		}
		go func() { serveErr <- httpSrv.Serve(ln) }()
		url = d.origin + d.srv.BasePath()
		fmt.Fprintf(d.Stdout, "serving %s at %s (Ctrl-C to stop)\n", display(d.dest), url)
	} else {
		fmt.Fprintf(d.Stdout, "watching %s for changes (Ctrl-C to stop)\n", display(filepath.Join(d.source, "content"))+", "+display(filepath.Join(d.source, "themes")))
	}
	if d.Started != nil {
		d.Started(url)
	}

	runErr := d.rebuildOnChanges(ctx, w, serveErr)
	if d.Serve {
		d.hub.Close()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := httpSrv.Shutdown(sctx); err != nil {
			httpSrv.Close()
		}
	}
	if err := w.Close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr == nil {
		fmt.Fprintln(d.Stdout, "stopped")
	}
	return runErr
}

// paths finds the site folder and the destination.
func (d *loop) paths() error {
	var err error
	if d.source, err = filepath.Abs(d.Build.Source); err != nil {
		return err
	}
	d.dest = d.Build.Destination
	if d.dest == "" {
		d.dest = filepath.Join(d.source, "public")
	}
	if d.dest, err = filepath.Abs(d.dest); err != nil {
		return err
	}
	if st, err := os.Stat(filepath.Join(d.source, "content")); err != nil || !st.IsDir() {
		return fmt.Errorf("no folder %s: is --source the site's folder?", filepath.Join(d.Build.Source, "content"))
	}
	return nil
}

// listen opens the address to serve at and makes the server of the
// destination, which is served once the first build is done.
func (d *loop) listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", d.Addr)
	if err != nil {
		return nil, fmt.Errorf("--addr: %w", err)
	}
	d.origin = "http://" + browsable(ln.Addr())
	d.hub = serve.NewHub()
	if d.srv, err = serve.New(serve.Options{Dir: d.dest, Hub: d.hub}); err != nil {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// rebuildOnChanges rebuilds on every batch of changes until ctx is done
// or the server fails.
func (d *loop) rebuildOnChanges(ctx context.Context, w *watch.Watcher, serveErr <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-serveErr:
			return fmt.Errorf("server: %w", err)
		case err := <-w.Errors():
			fmt.Fprintln(d.Stderr, err)
		case b, ok := <-w.Batches():
			if !ok {
				return nil
			}
			d.traced("batch", nil)
			opt, err := d.options()
			if err != nil {
				d.reportBuild(nil, err, &b)
				continue
			}
			changed := b.Paths
			if b.Lost {
				changed = nil
			}
			res, err := d.build(opt, changed)
			d.traced("built", res)
			d.reportBuild(res, err, &b)
			d.traced("told", nil)
			if err == nil && res.Pending {
				d.finish()
			}
			d.traced("idle", nil)
		}
	}
}

func (d *loop) traced(step string, res *pipeline.Result) {
	if d.trace != nil {
		d.trace(step, res)
	}
}

// finish brings up to date what the last build left for after its pages
// were served (pipeline.Result.Pending): the search index and the archive
// as data. The open pages that show them reload.
func (d *loop) finish() {
	res, err := d.builder.Finish()
	if err != nil {
		pipeline.ReportFailure(d.Stderr, err)
		if d.hub != nil {
			d.hub.Error(errorText(err))
		}
		return
	}
	if d.hub != nil && res != nil {
		if paths := d.reloadPaths(res); len(paths) != 1 {
			d.hub.Reload(paths...)
		}
	}
}

// build runs a build, incremental when the options are those of the last
// one and the changed paths are known (nil: anything may have changed).
func (d *loop) build(opt pipeline.Options, changed []string) (*pipeline.Result, error) {
	if d.builder == nil || opt != d.builderOpt {
		b, err := pipeline.NewBuilder(opt)
		if err != nil {
			return nil, err
		}
		if d.Serve {
			b.FinishLater()
		}
		d.builder, d.builderOpt, changed = b, opt, nil
	}
	return d.builder.Build(changed)
}

// options are the build's options. serve builds for the address it listens
// on, keeping the path of the configured base_url, so that a project site
// published under /repo/ is previewed under /repo/ as well; --base-url
// wins when given. The path is read again before every build, as
// site.yaml may have changed.
func (d *loop) options() (pipeline.Options, error) {
	opt := d.Build
	if d.srv == nil {
		return opt, nil
	}
	var s config.Site
	if d.Build.BaseURL != "" {
		if err := config.SetBaseURL(&s, d.Build.BaseURL); err != nil {
			return opt, fmt.Errorf("--base-url: %w", err)
		}
	} else {
		var err error
		// A broken site.yaml is reported by the build itself; the path
		// of the last good one is kept meanwhile.
		if s, _, err = config.Load(filepath.Join(d.source, "content")); err != nil {
			s.BaseURL = d.basePath
		}
		opt.BaseURL = d.origin + s.BasePath()
	}
	if p := s.BasePath(); p != d.basePath {
		if err := d.srv.SetBasePath(p); err != nil {
			return opt, fmt.Errorf("base_url: %w", err)
		}
		if d.basePath != "" {
			fmt.Fprintf(d.Stdout, "now serving at %s%s\n", d.origin, p)
		}
		d.basePath = p
	}
	return opt, nil
}

// reportBuild prints one build's outcome and tells the open pages. b is
// nil for the first build.
func (d *loop) reportBuild(res *pipeline.Result, err error, b *watch.Batch) {
	if err != nil {
		if b != nil {
			fmt.Fprintf(d.Stderr, "rebuilding after %s:\n", d.changed(*b))
		}
		pipeline.ReportFailure(d.Stderr, err)
		if d.hub != nil {
			d.hub.Error(errorText(err))
		}
		return
	}
	if w := strings.Join(res.Warnings, "\n"); w != d.warnings {
		for _, line := range res.Warnings {
			fmt.Fprintln(d.Stderr, "warning:", line)
		}
		d.warnings = w
	}
	// Words given to the wrong speaker are said on every build, and over
	// the preview, so that nobody builds past them unseen.
	for _, line := range res.Misattributions {
		fmt.Fprintln(d.Stderr, "warning:", line)
	}
	if d.hub != nil {
		d.hub.Warn(strings.Join(res.Misattributions, "\n"))
	}
	if b == nil {
		fmt.Fprintln(d.Stdout, res.Summary())
	} else {
		fmt.Fprintf(d.Stdout, "rebuilt %s in %d ms: %s\n", pages(res.Written), res.Took.Milliseconds(), d.changed(*b))
	}
	if d.hub != nil {
		d.hub.Reload(d.reloadPaths(res)...)
	}
}

// pages says how many HTML pages are among files: "1 page", "12 pages".
func pages(files []string) string {
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".html") {
			n++
		}
	}
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}

// reloadPaths are the URL paths of the pages a build changed or removed,
// which the open pages compare with their own. Any other changed file (a
// stylesheet, script, image or font) may show on any page, so it reloads
// them all (nil); a build that changed nothing reloads only a page showing
// an error.
func (d *loop) reloadPaths(res *pipeline.Result) []string {
	paths := []string{serve.Prefix}
	for _, list := range [][]string{res.Written, res.Removed} {
		for _, f := range list {
			switch {
			case f == "404.html":
			case strings.HasSuffix(f, "/index.html") || f == "index.html":
				paths = append(paths, d.basePath+strings.TrimSuffix(f, "index.html"))
			case strings.HasSuffix(f, ".html"):
			case strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".xml") || strings.HasSuffix(f, ".vtt") ||
				strings.HasSuffix(f, ".bin") || strings.HasSuffix(f, ".gz") || f == "robots.txt" || f == ".nojekyll":
				// Data no open page shows as it loads.
			default:
				return nil
			}
		}
	}
	return paths
}

// changed describes a batch in a few words: the first paths changed, as
// display shows them, and how many others.
func (d *loop) changed(b watch.Batch) string {
	const shown = 3
	var names []string
	for _, p := range b.Paths {
		if len(names) == shown {
			break
		}
		names = append(names, display(p))
	}
	s := strings.Join(names, ", ")
	if n := len(b.Paths) - len(names); n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	if b.Lost {
		if s != "" {
			s += "; "
		}
		s += "changes lost by the system, so everything"
	}
	return s
}

// display shows an absolute path as the user would type it: relative to
// the current folder when below it.
func display(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return p
}

// errorText is a failed build as the page's overlay shows it.
func errorText(err error) string {
	if l := diag.Flatten(err); len(l) > 0 {
		return l.Error()
	}
	return err.Error()
}

// browsable is a listener's address as a browser can open it: a server
// listening on every interface is reached at 127.0.0.1.
func browsable(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
