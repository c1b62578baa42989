package check

import (
	"bytes"
	"testing"
)

func TestSummary(t *testing.T) {
	e := Finding{File: "a.md", Line: 3, Severity: Error, Message: "broken"}
	w := Finding{File: "b.md", Severity: Warning, Message: "odd"}
	for _, tc := range []struct {
		r    Report
		want string
	}{
		{Report{Transcripts: 1, Built: true}, "no problems in 1 transcript"},
		{Report{Transcripts: 12, Built: true, Findings: []Finding{w}}, "0 errors, 1 warning in 12 transcripts"},
		{Report{Transcripts: 2, Built: true, Findings: []Finding{e, e, w, w}}, "2 errors, 2 warnings in 2 transcripts"},
		{Report{Transcripts: 2, Findings: []Finding{e}}, "1 error, 0 warnings in 2 transcripts (the output was not built: fix the errors first)"},
		{Report{Transcripts: 0, Findings: []Finding{w}}, "0 errors, 1 warning in 0 transcripts"},
	} {
		if got := tc.r.Summary(); got != tc.want {
			t.Errorf("Summary() = %q, want %q", got, tc.want)
		}
	}
}

func TestWriteFindings(t *testing.T) {
	two := []Finding{{File: "a.md", Line: 3, Severity: Error, Message: "broken"}, {Severity: Warning, Message: "odd"}}
	for _, tc := range []struct {
		findings []Finding
		asJSON   bool
		want     string
	}{
		{two, false, "a.md:3: error: broken\nwarning: odd\n"},
		{nil, false, ""},
		{two, true, `[
  {
    "file": "a.md",
    "line": 3,
    "severity": "error",
    "message": "broken"
  },
  {
    "file": "",
    "line": 0,
    "severity": "warning",
    "message": "odd"
  }
]
`},
		{nil, true, "[]\n"},
	} {
		var b bytes.Buffer
		r := Report{Findings: tc.findings}
		if err := r.WriteFindings(&b, tc.asJSON); err != nil || b.String() != tc.want {
			t.Errorf("WriteFindings(%v, json %v) = %v:\n%s\nwant:\n%s", tc.findings, tc.asJSON, err, &b, tc.want)
		}
	}
}
