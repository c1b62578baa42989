// Command synth writes the synthetic transcript archive that the
// benchmarks build (package synth), so that a build can be timed from a
// clone with nothing but Go:
//
//	go run ./generator/internal/cmd/synth -n 2000 -out /tmp/archive
//	go run ./generator/internal/cmd/synth -n 2000 -out /tmp/archive-hugo -hugo
//
// The same flags give the same archive, byte for byte; -hugo gives the same
// transcripts laid out as a Hugo site (generator/bench/compare-hugo.sh
// times both).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/verbatim-archive/verbatim/generator/synth"
)

func main() {
	var o synth.Options
	flag.IntVar(&o.Transcripts, "n", 2000, "how many transcripts")
	flag.IntVar(&o.Speakers, "speakers", 0, "how many speakers (default n/10, at least 20)")
	flag.IntVar(&o.Words, "words", 0, "words per transcript, roughly (default 1500)")
	flag.Uint64Var(&o.Seed, "seed", 1, "the seed; the benchmarks of generator/pipeline use 1")
	flag.BoolVar(&o.Hugo, "hugo", false, "write the archive as a Hugo site (hugo.yaml, speakers as taxonomy terms)")
	out := flag.String("out", "", "the folder to write the site into (content/ goes inside); it must be empty or missing")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || o.Transcripts < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, o); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

// run refuses a folder that holds anything, so that an archive is never
// mixed with the files of another.
func run(out string, o synth.Options) error {
	entries, err := os.ReadDir(out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty", out)
	}
	if err := synth.Write(out, o); err != nil {
		return fmt.Errorf("%s: %w", out, err)
	}
	return nil
}
