package model_test

import (
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/verbatim-archive/verbatim/generator/config"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// source is a site's source as load gives it, made from files
// (content-relative path -> text) without a disk: the model's input,
// built directly. "site.yaml" holds the settings.
func source(t *testing.T, files map[string]string) *load.Source {
	t.Helper()
	src := &load.Source{Config: config.Default(), Files: map[load.Section][]*load.File{}}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		data := []byte(files[p])
		if p == "site.yaml" {
			if _, err := config.Parse(&src.Config, data, false, "content/site.yaml"); err != nil {
				t.Fatal(err)
			}
			continue
		}
		front, format, body, bodyLine, err := load.SplitFront(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		fm, err := load.DecodeFront(front, format)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if fm.Values == nil {
			fm.Values = map[string]any{}
		}
		sec := load.Section(p[:strings.IndexByte(p, '/')])
		sum := fnv.New64a()
		sum.Write(data)
		src.Files[sec] = append(src.Files[sec], &load.File{
			Path: p, Name: "content/" + p, Section: sec, Front: fm, Body: body, BodyLine: bodyLine, Sum: sum.Sum64(),
		})
	}
	return src
}

// build makes the model of files, failing the test on any error.
func build(t *testing.T, files map[string]string) *model.Site {
	t.Helper()
	site, errs := model.Build(source(t, files), model.Options{})
	if err := errs.Err(); err != nil {
		t.Fatalf("the model has errors:\n%v", err)
	}
	return site
}

// buildErrs makes the model of files and gives its errors as text.
func buildErrs(t *testing.T, files map[string]string) string {
	t.Helper()
	_, errs := model.Build(source(t, files), model.Options{})
	return diag.List(errs).Error()
}

// transcript is a transcript file: its front matter (without the
// delimiters) and body. The body starts on the line after the front
// matter's lines plus three.
func transcript(front, body string) string {
	return "---\n" + front + "\n---\n" + body
}

// slugs are the slugs of ts, in order.
func slugs(ts []*model.Transcript) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Slug)
	}
	return out
}
