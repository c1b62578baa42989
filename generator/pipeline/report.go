package pipeline

import (
	"fmt"
	"io"

	"github.com/verbatim-archive/verbatim/generator/diag"
)

// ReportFailure writes why a build failed, as the build, watch and serve
// commands show it: each problem in the source as "file:line: message",
// then how many there were and that the last output stands; any other
// error on one line.
func ReportFailure(w io.Writer, err error) {
	if l := diag.Flatten(err); len(l) > 0 {
		for _, e := range l {
			fmt.Fprintln(w, e)
		}
		fmt.Fprintf(w, "build failed: %s; the previous output was left as it was\n", count(len(l), "problem"))
		return
	}
	fmt.Fprintln(w, "error:", err)
}
