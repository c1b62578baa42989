package textenc

import "testing"

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, in     string
		line, column int
		likely       string
	}{
		{"UTF-8", "Caf\u00e9 \u201cok\u201d\n", 0, 0, ""},
		{"Windows-1252 quotes", "Title\nShe said \x93yes\x94.\n", 2, 10, "Windows-1252"},
		{"Latin-1 accent", "---\ntitle: Caf\xe9\n", 2, 11, "Latin-1 (ISO-8859-1)"},
		{"UTF-16 with a byte order mark", "\xff\xfeA\x00B\x00", 1, 1, "UTF-16"},
		{"UTF-16 without", "A\x00B\x00C\x00\xe9\x00", 1, 7, "UTF-16 without a byte order mark"},
		{"after multi-byte characters", "\u00e9\u00e9\xe9", 1, 3, "Latin-1 (ISO-8859-1)"},
	} {
		p := Check([]byte(tc.in))
		if tc.likely == "" {
			if p != nil {
				t.Errorf("%s: %v", tc.name, p)
			}
			continue
		}
		if p == nil || p.Line != tc.line || p.Column != tc.column || p.Likely != tc.likely {
			t.Errorf("%s: got %+v, want line %d column %d, %s", tc.name, p, tc.line, tc.column, tc.likely)
		}
	}
}
