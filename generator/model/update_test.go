package model_test

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/verbatim-archive/verbatim/generator/load"
	"github.com/verbatim-archive/verbatim/generator/markdown"
	"github.com/verbatim-archive/verbatim/generator/model"
)

// updated is an archive whose transcripts share speakers and topics, link
// to each other (by slug, with a turn and a heading, and from a page and
// a profile) and have neighbours on both sides.
var updated = map[string]string{
	"site.yaml":        "title: T\n",
	"speakers/ann.md":  "---\nname: Ann Lee\n---\nSpoke at [[a]] and [[a#t2]].\n",
	"pages/about.md":   "---\ntitle: About\n---\nStart with [[b]].\n",
	"transcripts/a.md": transcript("title: A\ndate: 2020-01-01\nspeakers: [ann, bo]\ntopics: [tides, ports]", "Ann Lee: One.\n\nbo: Two.\n\n## The vote\n\nAnn Lee: Three.\n"),
	"transcripts/b.md": transcript("title: B\ndate: 2020-01-02\nspeakers: [bo, cy]\ntopics: [tides]", "bo: See [[a]], [[a#t3]] and [[a#the-vote]].\n\ncy: Yes.\n"),
	"transcripts/c.md": transcript("title: C\ndate: 2021-03-03\nspeakers: [ann, cy]\ntopics: [ports]", "Ann Lee: Back to [[a]] and on to [[b]].\n\ncy: Right.\n\nAnn Lee: So.\n"),
	"transcripts/d.md": transcript("title: D\ndate: 2022-04-04\nspeakers: [bo]", "bo: No links.\n"),
	"transcripts/e.md": transcript("title: E\ndate: 2023-05-05\nspeakers: [ann, bo, cy]\ntopics: [tides]", "Ann Lee: First.\n\nbo: Second.\n"),
	"transcripts/h.md": transcript("title: H\ndate: 2019-01-01\nspeakers: [ann, bo]", "Nothing said yet.\n"),
	"transcripts/sub/f.md": transcript("title: F\ndate: 2024-06-06\nspeakers: [cy]\ntopics: [ports]",
		"cy: Only [[e]].\n"),
}

// An update in place (model.Update) gives the model a build from scratch
// gives, for every kind of edit: those it makes in place, and those it
// leaves to Build (it must then say so, never give a model that differs).
func TestUpdateEqualsBuild(t *testing.T) {
	t.Parallel()
	edit := func(path, old, new string) func(map[string]string) {
		return func(files map[string]string) {
			if !strings.Contains(files[path], old) {
				t.Fatalf("%s has no %q", path, old)
			}
			files[path] = strings.Replace(files[path], old, new, 1)
		}
	}
	for _, c := range []struct {
		name    string
		edit    func(map[string]string)
		inPlace bool // Update must make it in place
	}{
		{"a word in a turn", edit("transcripts/c.md", "Right.", "Quite right."), true},
		{"a turn added", edit("transcripts/c.md", "Ann Lee: So.\n", "Ann Lee: So.\n\ncy: And one more.\n"), true},
		{"a turn of a listed speaker who had none", edit("transcripts/e.md", "bo: Second.\n", "bo: Second.\n\ncy: Third.\n"), true},
		{"a turn's speaker changed", edit("transcripts/e.md", "bo: Second.", "Ann Lee: Second."), true},
		{"the only turn of a speaker in a topic removed", edit("transcripts/b.md", "\ncy: Yes.\n", ""), true},
		{"a turn removed that a link names", edit("transcripts/a.md", "Ann Lee: Three.\n", ""), false},
		{"a heading removed that a link names", edit("transcripts/a.md", "## The vote\n\n", ""), false},
		{"a label that misses a speaker's name", edit("transcripts/c.md", "Ann Lee: So.", "Ann Le: So."), true},
		// A transcript with no turns has no record; given turns, it may
		// be the one a record of no transcript was of (renamed), which
		// Build weighs.
		{"turns for a transcript that had none", edit("transcripts/h.md", "Nothing said yet.\n", "Ann Lee: One.\n\nbo: Two.\n\nAnn Lee: Three.\n"), false},
		{"a cross-link added", edit("transcripts/d.md", "No links.", "No links, said I, but now [[a]] and [[f]]."), true},
		{"a cross-link removed", edit("transcripts/c.md", " and on to [[b]]", ""), true},
		{"a broken cross-link", edit("transcripts/c.md", "[[b]]", "[[nowhere]]"), false},
		{"a title", edit("transcripts/a.md", "title: A\n", "title: A renamed\n"), true},
		{"a summary and location", edit("transcripts/d.md", "title: D\n", "title: D\nsummary: Short.\nlocation: Here\n"), false}, // lines move: the speakers' too
		{"a speaker label changed", edit("transcripts/a.md", "speakers: [ann, bo]", "speakers: [ann, {id: bo, name: Bo Brown}]"), false},
		{"a topic added", edit("transcripts/d.md", "speakers: [bo]", "speakers: [bo]\ntopics: [tides]"), false},
		{"a topic removed", edit("transcripts/a.md", "topics: [tides, ports]", "topics: [tides]"), false},
		{"a date that reorders", edit("transcripts/d.md", "2022-04-04", "2019-01-01"), false},
		{"a transcript deleted", func(files map[string]string) { delete(files, "transcripts/d.md") }, false},
		{"a transcript added", func(files map[string]string) {
			files["transcripts/g.md"] = transcript("title: G\ndate: 2025-01-01\nspeakers: [ann]\ntopics: [tides]", "Ann Lee: New, see [[c]].\n")
		}, false},
		{"a draft", edit("transcripts/e.md", "title: E\n", "title: E\ndraft: true\n"), false},
		{"a speaker's profile", edit("speakers/ann.md", "name: Ann Lee", "name: Ann Lee-Hale"), false},
	} {
		for _, recorded := range []bool{false, true} {
			name := c.name
			if recorded {
				name += ", with turn records and one of a transcript deleted"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				updateEqualsBuild(t, c.edit, c.inPlace, recorded)
			})
		}
	}
}

// updateEqualsBuild makes the model of updated, then of it edited, in
// place and anew, and compares them. With recorded, the transcripts have
// turn records as a build writes them, and a record has no transcript.
func updateEqualsBuild(t *testing.T, edit func(map[string]string), inPlace, recorded bool) {
	cache := model.NewCache()
	before := source(t, updated)
	site, errs := model.Build(before, model.Options{Cache: cache})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if recorded {
		// As the build writes them, after the model: the update finds
		// them changed.
		before.Records = map[string]load.Record{}
		for _, tr := range site.Transcripts {
			if tr.Addresses.Changed {
				before.Records[tr.Slug] = load.Record{Name: "content/.turnids/" + tr.Slug + ".txt", Data: tr.Addresses.Record.Format()}
			}
		}
		before.Records["gone"] = before.Records["a"]
	}
	files := maps.Clone(updated)
	edit(files)
	after := sourceAfter(t, before, files)
	after.Records = before.Records
	_, done := model.Update(site, after, model.Options{Cache: cache})
	if inPlace && !done {
		t.Errorf("the edit was not made in place")
	}
	want, errs := model.Build(after, model.Options{Cache: model.NewCache()})
	if !done {
		return // Build made it whole: nothing to compare
	}
	if err := errs.Err(); err != nil {
		t.Fatalf("the update succeeded where a build fails:\n%v", err)
	}
	if got, want := dump(site), dump(want); got != want {
		t.Errorf("the update differs from a build:\n%s", lineDiff(got, want))
	}
}

// sourceAfter is the source of files after prev, as load.Update gives
// it: the same *load.File for each file whose text is the same.
func sourceAfter(t *testing.T, prev *load.Source, files map[string]string) *load.Source {
	t.Helper()
	next := source(t, files)
	old := map[string]*load.File{}
	for _, fs := range prev.Files {
		for _, f := range fs {
			old[f.Path] = f
		}
	}
	for _, fs := range next.Files {
		for i, f := range fs {
			if o := old[f.Path]; o != nil && string(o.Body) == string(f.Body) && reflect.DeepEqual(o.Front, f.Front) {
				fs[i] = o
			}
		}
	}
	return next
}

// dump writes out the model, each transcript, speaker and topic whole
// where its list holds it and by name where another refers to it. It
// leaves out what depends on the process rather than the source: the
// keys of parses (TurnsKey), and the converter.
func dump(s *model.Site) string {
	var b strings.Builder
	d := dumper{w: &b}
	for _, t := range s.Transcripts {
		d.whole(reflect.ValueOf(t).Elem())
	}
	for _, sp := range s.Speakers {
		d.whole(reflect.ValueOf(sp).Elem())
	}
	for _, tp := range s.Topics {
		d.whole(reflect.ValueOf(tp).Elem())
	}
	for _, p := range s.Pages {
		d.whole(reflect.ValueOf(p).Elem())
	}
	warnings := slices.Clone(s.Warnings)
	warnings.Sort()
	for _, v := range []any{s.Stats, warnings, s.Misattributions, slices.Sorted(maps.Keys(s.BySlug))} {
		d.value(reflect.ValueOf(v), "")
		b.WriteString("\n")
	}
	return b.String()
}

type dumper struct{ w *strings.Builder }

var (
	named = map[reflect.Type]string{
		reflect.TypeFor[*model.Transcript](): "Slug", reflect.TypeFor[*model.Speaker](): "ID",
		reflect.TypeFor[*model.Topic](): "ID", reflect.TypeFor[*model.Page](): "Path",
	}
	skipped = map[string]bool{"TurnsKey": true, "Markdown": true, "words": true, "kept": true}
)

func (d dumper) whole(v reflect.Value) {
	d.value(v, "")
	d.w.WriteString("\n")
}

func (d dumper) value(v reflect.Value, indent string) {
	w := d.w
	if key, ok := named[v.Type()]; ok {
		if v.IsNil() {
			w.WriteString("nil")
		} else {
			w.WriteString(v.Elem().FieldByName(key).String())
		}
		return
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		if v.CanInterface() {
			w.WriteString(v.Interface().(time.Time).Format(time.RFC3339Nano))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.WriteString("nil")
			return
		}
		d.value(v.Elem(), indent)
	case reflect.Struct:
		w.WriteString(v.Type().Name() + "{")
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if skipped[f.Name] || f.Type == reflect.TypeFor[*markdown.Converter]() {
				continue
			}
			w.WriteString("\n" + indent + "  " + f.Name + ": ")
			d.value(v.Field(i), indent+"  ")
		}
		w.WriteString("}")
	case reflect.Slice, reflect.Array:
		w.WriteString("[")
		for i := range v.Len() {
			d.value(v.Index(i), indent+"  ")
			w.WriteString(", ")
		}
		w.WriteString("]")
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		w.WriteString("map[")
		for _, k := range keys {
			d.value(k, indent)
			w.WriteString(": ")
			d.value(v.MapIndex(k), indent+"  ")
			w.WriteString(", ")
		}
		w.WriteString("]")
	case reflect.String:
		fmt.Fprintf(w, "%q", v.String())
	case reflect.Bool:
		fmt.Fprint(w, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fmt.Fprint(w, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		fmt.Fprint(w, v.Uint())
	case reflect.Float32, reflect.Float64:
		fmt.Fprint(w, v.Float())
	case reflect.Func:
		fmt.Fprint(w, v.IsNil())
	default:
		w.WriteString(v.Kind().String())
	}
}

// lineDiff shows the first lines where got and want part.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
