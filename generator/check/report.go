package check

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteFindings writes the findings one a line, as String gives them, or,
// with asJSON, as a JSON array of {file, line, severity, message} for
// tools.
func (r *Report) WriteFindings(w io.Writer, asJSON bool) error {
	if !asJSON {
		for _, f := range r.Findings {
			fmt.Fprintln(w, f)
		}
		return nil
	}
	findings := r.Findings
	if findings == nil {
		findings = []Finding{} // [] rather than null, for tools
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(findings)
}

// Summary is what a check found, in a line: "2 errors, 1 warning in 12
// transcripts", and whether the errors kept the output from being built
// and checked; or "no problems in 12 transcripts".
func (r *Report) Summary() string {
	errs, warns := r.Count(Error), r.Count(Warning)
	counted := fmt.Sprintf("%s, %s in %s", plural(errs, "error"), plural(warns, "warning"), plural(r.Transcripts, "transcript"))
	switch {
	case !r.Built && errs > 0:
		return counted + " (the output was not built: fix the errors first)"
	case errs+warns > 0:
		return counted
	}
	return "no problems in " + plural(r.Transcripts, "transcript")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
