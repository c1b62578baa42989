package model

import "testing"

// TestSlugify holds ids made from names: Latin, Cyrillic and Greek as they
// always were (an archive's addresses must not move), other scripts kept
// as letters, NFC, lower case.
func TestSlugify(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Sergey Lavrov", "sergey-lavrov"},
		{"Müller-Lüdenscheidt", "muller-ludenscheidt"},
		{"Lao People's Republic", "lao-peoples-republic"},
		{"Сергей Лавров", "sergei-lavrov"},
		{"Αλέξης Τσίπρας", "alexis-tsipras"},
		{"岸田文雄", "岸田文雄"},
		{"記者会見", "記者会見"},
		{"محمد بن سلمان", "محمد-بن-سلمان"},
		{"か\u3099っこう", "がっこう"}, // decomposed (as macOS names files) -> NFC
		{"हिंदी समाचार", "हिंदी-समाचार"},
		{"G7 サミット", "g7-サミット"},
		{"ΑΘΗΝΑ", "athina"},
		{"???", ""},
	} {
		if got := Slugify(tc.in); got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"lavrov", true},
		{"a--b", true},
		{"岸田文雄", true},
		{"محمد-بن-سلمان", true},
		{"лавров", false}, // a name: its id is "lavrov"
		{"Lavrov", false},
		{"岸田 文雄", false},
		{"か\u3099", false}, // not NFC
		{"", false},
	} {
		if got := IsID(tc.in); got != tc.want {
			t.Errorf("IsID(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestEscapePath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"transcripts/a-b_c.d/": "transcripts/a-b_c.d/",
		"transcripts/記者会見/#t1": "transcripts/%E8%A8%98%E8%80%85%E4%BC%9A%E8%A6%8B/#t1",
	} {
		if got := EscapePath(in); got != want {
			t.Errorf("EscapePath(%q) = %q, want %q", in, got, want)
		}
	}
}
