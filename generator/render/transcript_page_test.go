package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/verbatim-archive/verbatim/generator/model"
	"github.com/verbatim-archive/verbatim/themes"
)

// A link from a page by its relative path leads where the path from the
// site's root does, and is taken only where it is shorter.
func TestHref(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		base, page, to, want string
	}{
		{"/archive/", "transcripts/a/", "transcripts/b/", "../b/"},
		{"/", "transcripts/a/", "transcripts/b/", "../b/"},
		{"/archive/", "transcripts/a/", "speakers/x/", "../../speakers/x/"},
		{"/", "transcripts/a/", "speakers/x/", "/speakers/x/"},
		{"/", "transcripts/a/", "transcripts/a/index.vtt", "index.vtt"},
		{"/archive/", "transcripts/a/", "transcripts/a/side-by-side/", "side-by-side/"},
		{"/archive/", "transcripts/a/", "", "../../"},
		{"/archive/", "transcripts/a/", "transcripts/a/", "./"},
		{"/archive/", "transcripts/a/", "transcripts/a/b:c/", "./b:c/"},
		{"/archive/", "transcripts/a/", "transcripts/é/", "../%C3%A9/"},
	} {
		v := &View{Site: &SiteView{Base: tc.base}, Path: tc.page}
		if got := v.Href(tc.to); got != tc.want {
			t.Errorf("from %s%s, Href(%q) = %q, want %q", tc.base, tc.page, tc.to, got, tc.want)
		}
	}
}

// A speaker id in the style element cannot end the string or the element.
func TestCSSString(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ann-lee":        "ann-lee",
		"анна":           "анна",
		`a"]{x}</style>`: `a\22 \5d \7b x\7d \3c \2f style\3e `,
	} {
		if got := cssString(in); got != want {
			t.Errorf("cssString(%q) = %q, want %q", in, got, want)
		}
	}
}

// The site's header is rendered once for the transcript pages and handed
// to each; a free page's own link in it is marked as the current one.
func TestShared(t *testing.T) {
	t.Parallel()
	builtin, _ := fs.Sub(themes.Default, "default")
	th, err := LoadTheme(Overlay{Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	about, other := &model.Page{Path: "about/", Title: "About"}, &model.Page{Path: "other/", Title: "Other"}
	sv := &SiteView{Title: "Archive", Base: "/", Pages: []*model.Page{about, other}, chrome: newChrome()}
	view := func(kind, path string) *View {
		v := &View{Site: sv, Kind: kind, Path: path, Title: path}
		v.setLang(th, "en")
		return v
	}
	shared := func(v *View) string {
		h, err := v.Shared("site-header")
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	a, b := shared(view("transcript", "transcripts/a/")), shared(view("transcript", "transcripts/b/"))
	if a != b || !strings.Contains(a, `href="/transcripts/" aria-current="page"`) {
		t.Errorf("the transcript pages' headers differ or mark no current section:\n%s\n%s", a, b)
	}
	if n := len(sv.chrome.done); n != 1 {
		t.Errorf("%d headers kept after two transcript pages, want 1", n)
	}
	for _, p := range []*model.Page{about, other} {
		if h := shared(view("page", p.Path)); !strings.Contains(h, `href="/`+p.Path+`" aria-current="page"`) {
			t.Errorf("%s: its own link is not the current one:\n%s", p.Path, h)
		}
	}
}

// A site's own partial may show anything of the page: the shared chrome
// that calls it is then rendered for each page, with all of it.
func TestSharedWithOwnPartial(t *testing.T) {
	t.Parallel()
	builtin, _ := fs.Sub(themes.Default, "default")
	site := fstest.MapFS{"templates/partials/searchbox.html": {Data: []byte(`<span class="own">{{.Title}}</span>`)}}
	th, err := LoadTheme(Overlay{Site: site, SiteDir: "themes/default", Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	sv := &SiteView{Title: "Archive", Base: "/", chrome: newChrome()}
	for _, title := range []string{"First", "Second"} {
		v := &View{Site: sv, Kind: "transcript", Path: "transcripts/x/", Title: title}
		v.setLang(th, "en")
		h, err := v.Shared("site-header")
		if err != nil {
			t.Fatal(err)
		}
		if want := `<span class="own">` + title + `</span>`; !strings.Contains(string(h), want) {
			t.Errorf("the header of %q lacks %s:\n%s", title, want, h)
		}
	}
}
