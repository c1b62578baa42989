package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/verbatim-archive/verbatim/generator/dev"
)

func watchCmd(args []string, stdout, stderr io.Writer) int {
	return devCmd("watch", "Builds the site, then rebuilds it on every change under content/ and themes/.", args, stdout, stderr)
}

func serveCmd(args []string, stdout, stderr io.Writer) int {
	return devCmd("serve", "Builds the site, rebuilds it on every change, and serves it for previewing with live reload.\n"+
		"It listens on 127.0.0.1 only, unless --addr says otherwise; it is not a web server to publish with.", args, stdout, stderr)
}

// devCmd is watch and serve: they differ only in whether an HTTP server
// runs beside the rebuilds.
func devCmd(name, summary string, args []string, stdout, stderr io.Writer) int {
	opt := dev.Options{Serve: name == "serve", Stdout: stdout, Stderr: stderr}
	fs := newFlagSet(name, summary, stderr)
	buildFlags(fs, &opt.Build)
	if opt.Serve {
		fs.StringVar(&opt.Addr, "addr", "127.0.0.1:1313", "the `host:port` to listen on")
	}
	if code, done := parseFlags(fs, args, stderr); done {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// Once the first Ctrl-C is seen, a second one stops the process
		// at once, should stopping cleanly hang.
		<-ctx.Done()
		stop()
	}()
	if err := dev.Run(ctx, opt); err != nil {
		fmt.Fprintf(stderr, "generator %s: %v\n", name, err)
		return 1
	}
	return 0
}
