package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
)

// Every problem of a settings file names the file and the line it is on.
func TestParseErrorsNameTheLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"yaml syntax, scanner", "site.yaml", "title: A\n  bad: indent\n", "site.yaml:2: mapping values are not allowed"},
		{"yaml syntax, parser", "site.yaml", "title: A\n\nbase_url: [x\n", "site.yaml:3: did not find expected ',' or ']'"},
		{"yaml not a mapping", "site.yaml", "# settings\n- a\n- b\n", "site.yaml:2: the settings must be a mapping"},
		{"yaml wrong type", "site.yaml", "title: A\npaginate: many\n", "site.yaml:2: cannot unmarshal !!str `many` into int"},
		{"yaml key twice", "site.yaml", "title: A\ntitle: B\n", `site.yaml:2: mapping key "title" already defined at line 1`},
		{"yaml bad paginate", "site.yaml", "title: A\n\npaginate: 0\n", "site.yaml:3: paginate must be at least 1, not 0"},
		{"yaml bad base_url", "site.yaml", "title: A\nbase_url: ftp://x/\n", `site.yaml:2: base_url "ftp://x/": only http and https URLs or a path`},
		{"yaml bad theme", "site.yaml", "theme: ../x\n", `site.yaml:1: theme "../x" must be a folder name under themes/`},
		{"toml syntax", "site.toml", "title = \"A\"\ntitle\n", "site.toml:2: "},
		{"toml wrong type", "site.toml", "title = \"A\"\npaginate = \"x\"\n", "site.toml:2: incompatible types"},
		{"toml bad base_url", "site.toml", "title = \"A\"\n\nbase_url = \"ftp://x\"\n", `site.toml:3: base_url "ftp://x": only http`},
		{"toml params table", "site.toml", "[params]\nx = 1\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := config.Default()
			_, err := config.Parse(&s, []byte(tc.data), strings.HasSuffix(tc.file, ".toml"), "content/"+tc.file)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if len(diag.Flatten(err)) == 0 {
				t.Errorf("%v is not a diag error, so a build does not list it as a problem of the source", err)
			}
			if !strings.HasPrefix(err.Error(), "content/"+tc.want) {
				t.Errorf("error\n%v\nwant it to start with\ncontent/%s", err, tc.want)
			}
		})
	}
}

// Unknown keys are warnings with their line, in both formats.
func TestUnknownKeysWarnWithTheLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ file, data, want string }{
		{"site.yaml", "title: A\ntitel: B\nparams:\n  anything: 1\n", `content/site.yaml:2: unknown setting "titel"`},
		{"site.toml", "title = \"A\"\n\ntitel = \"B\"\n[params]\nanything = 1\n", `content/site.toml:3: unknown setting "titel"`},
	} {
		s := config.Default()
		w, err := config.Parse(&s, []byte(tc.data), strings.HasSuffix(tc.file, ".toml"), "content/"+tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if len(w) != 1 || w[0] != tc.want {
			t.Errorf("%s: warnings %q, want [%q]", tc.file, w, tc.want)
		}
	}
}

// LoadAs names the file as it is told to.
func TestLoadAsNamesTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("title: A\npaginate: -1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := config.LoadAs(dir, func(p string) string { return "content/" + filepath.Base(p) })
	if err == nil || err.Error() != "content/site.yaml:2: paginate must be at least 1, not -1" {
		t.Fatalf("error %v", err)
	}
}

// The data setting takes a switch or a licence, in both formats, and says
// what is wrong with anything else on its line.
func TestDataSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, data string
		want       config.Data
		err        string
	}{
		{"site.yaml", "title: A\n", config.Data{}, ""},
		{"site.yaml", "data: false\n", config.Data{Off: true}, ""},
		{"site.yaml", "data: true\n", config.Data{}, ""},
		{"site.yaml", "title: A\ndata:\n  licence: \" CC BY 4.0 \"\n", config.Data{Licence: "CC BY 4.0"}, ""},
		{"site.yaml", "data: {license: CC0}\n", config.Data{Licence: "CC0"}, ""},
		{"site.yaml", "title: A\ndata: maybe\n", config.Data{}, "content/site.yaml:2: data is true, false or a mapping"},
		{"site.yaml", "title: A\ndata:\n  license: CC0\n  format: csv\n", config.Data{}, `content/site.yaml:3: data: unknown key "format"`},
		{"site.yaml", "data:\n  licence: [a]\n", config.Data{}, "content/site.yaml:2: data: licence is text"},
		{"site.toml", "data = false\n", config.Data{Off: true}, ""},
		{"site.toml", "[data]\nlicence = \"CC BY 4.0\"\n", config.Data{Licence: "CC BY 4.0"}, ""},
		{"site.toml", "data = 3\n", config.Data{}, "content/site.toml:1: "},
	} {
		s := config.Default()
		_, err := config.Parse(&s, []byte(tc.data), strings.HasSuffix(tc.file, ".toml"), "content/"+tc.file)
		if tc.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("%s %q: error %v, want it to start with %q", tc.file, tc.data, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s %q: %v", tc.file, tc.data, err)
			continue
		}
		if s.Data != tc.want {
			t.Errorf("%s %q: data %+v, want %+v", tc.file, tc.data, s.Data, tc.want)
		}
	}
}
