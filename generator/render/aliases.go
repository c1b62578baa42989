package render

import (
	"bytes"
	"html/template"

	"github.com/verbatim-archive/verbatim/generator/model"
)

// aliasPage is the page at a transcript's old address: it sends the
// reader on at once, with the #tN of the turn they came for (which only a
// script can carry over; without one, the refresh leads to the top of the
// transcript), and tells search engines where the page now is.
var aliasPage = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<link rel="canonical" href="{{.Canonical}}">
<meta name="robots" content="noindex">
<script>location.replace({{.URL}} + location.hash)</script>
<meta http-equiv="refresh" content="0; url={{.URL}}">
</head>
<body>
<p>{{.Moved}} <a href="{{.URL}}">{{.Title}}</a></p>
</body>
</html>
`))

// alias writes the page at one of t's old addresses.
func (r *renderer) alias(t *model.Transcript, a model.Alias) error {
	canonical := r.site.URL(t.Path)
	if r.sv.Absolute {
		canonical = r.site.Permalink(t.Path)
	}
	var b bytes.Buffer
	err := aliasPage.Execute(&b, struct {
		Lang, Title, URL, Canonical, Moved string
	}{t.Lang, t.Title, r.site.URL(t.Path), canonical, r.theme.Lang(t.Lang).Text("transcript_moved")})
	if err != nil {
		return err
	}
	return r.w.Write(a.File(), b.Bytes())
}

// alias sums what an alias page shows.
func (k *keys) alias(t *model.Transcript, a model.Alias) uint64 {
	if k == nil {
		return 0 // unkeyed (Options.Unkeyed)
	}
	h := k.hash()
	h.str(a.Path)
	h.str(t.Path)
	h.str(t.Title)
	h.str(t.Lang)
	return h.sum()
}
