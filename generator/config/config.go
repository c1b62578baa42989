// Package config holds a site's settings, read from content/site.yaml or
// content/site.toml, with a default for every key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/verbatim-archive/verbatim/generator/diag"
	"github.com/verbatim-archive/verbatim/generator/textenc"
	"go.yaml.in/yaml/v3"
)

// Site is the settings of one site.
type Site struct {
	Title          string         `yaml:"title" toml:"title"`
	Description    string         `yaml:"description" toml:"description"`
	BaseURL        string         `yaml:"base_url" toml:"base_url"`
	Language       string         `yaml:"language" toml:"language"`
	Theme          string         `yaml:"theme" toml:"theme"`
	UnsafeHTML     bool           `yaml:"unsafe_html" toml:"unsafe_html"`
	HighlightStyle string         `yaml:"highlight_style" toml:"highlight_style"`
	Paginate       int            `yaml:"paginate" toml:"paginate"`
	Author         string         `yaml:"author" toml:"author"`
	CNAME          string         `yaml:"cname" toml:"cname"`
	Params         map[string]any `yaml:"params" toml:"params"`
	// NotSpeakers are labels that name no one ("Break", "Music",
	// "Applause"): text in a transcript, and no warning either.
	NotSpeakers []string `yaml:"not_speakers" toml:"not_speakers"`
	// Slugs says where a transcript's slug comes from when its front
	// matter gives none: "file" (its file name) or "path" (its path under
	// transcripts/, for archives kept by event: conference-a/jane-doe).
	Slugs string `yaml:"slugs" toml:"slugs"`
	// Data is the archive as data: every turn in JSON Lines under data/,
	// listed on a page with its licence.
	Data Data `yaml:"data" toml:"data"`
}

// Data says whether a build writes the archive's turns as data (data/)
// and under what licence: `data: false`, or `data: {licence: "CC BY 4.0"}`.
type Data struct {
	Off     bool
	Licence string
}

// UnmarshalYAML takes `false`, `true` or a mapping with licence.
func (d *Data) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var on bool
		if err := n.Decode(&on); err != nil {
			return fmt.Errorf("line %d: data is true, false or a mapping with licence", n.Line)
		}
		*d = Data{Off: !on}
		return nil
	}
	var m map[string]any
	if err := n.Decode(&m); err != nil {
		return err
	}
	return d.fromMap(m, n.Line)
}

// UnmarshalTOML takes `data = false` or a [data] table with licence.
func (d *Data) UnmarshalTOML(v any) error {
	switch x := v.(type) {
	case bool:
		*d = Data{Off: !x}
		return nil
	case map[string]any:
		return d.fromMap(x, 0)
	}
	return fmt.Errorf("data is true, false or a table with licence")
}

func (d *Data) fromMap(m map[string]any, line int) error {
	*d = Data{}
	at := ""
	if line > 0 {
		at = fmt.Sprintf("line %d: ", line)
	}
	for k, v := range m {
		s, ok := v.(string)
		switch {
		case k != "licence" && k != "license":
			return fmt.Errorf("%sdata: unknown key %q (it takes licence)", at, k)
		case !ok:
			return fmt.Errorf("%sdata: licence is text, such as \"CC BY 4.0\"", at)
		}
		d.Licence = strings.TrimSpace(s)
	}
	return nil
}

// Keys lists the settings a site file may hold, for reporting unknown ones.
var keys = []string{"title", "description", "base_url", "language", "theme", "unsafe_html", "highlight_style", "paginate", "author", "cname", "params", "not_speakers", "slugs", "data"}

// Where slugs come from: see Site.Slugs.
const (
	SlugsFromFile = "file"
	SlugsFromPath = "path"
)

// Default returns the settings of a site with no settings file.
func Default() Site {
	return Site{
		Title:          "Transcripts",
		BaseURL:        "/",
		Language:       "en",
		Theme:          "default",
		HighlightStyle: "github",
		Paginate:       100,
		Slugs:          SlugsFromFile,
	}
}

// Load reads content/site.yaml (or site.toml) under contentDir. A missing
// file gives the defaults. Unknown keys come back as warnings.
func Load(contentDir string) (Site, []string, error) {
	return LoadAs(contentDir, func(p string) string { return p })
}

// LoadAs is Load with the file named in messages as name(path) shows it,
// such as "content/site.yaml". Problems in the file are a *diag.Error or a
// diag.List, each "file:line: message".
func LoadAs(contentDir string, name func(path string) string) (Site, []string, error) {
	s := Default()
	for _, base := range []string{"site.yaml", "site.yml", "site.toml"} {
		p := filepath.Join(contentDir, base)
		data, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return s, nil, diag.At(name(p), 0, "%v", err)
		}
		warnings, err := Parse(&s, data, strings.HasSuffix(base, ".toml"), name(p))
		return s, warnings, err
	}
	return s, nil, nil
}

// Parse decodes a settings file over s. name is the file as messages show
// it; problems come back as a *diag.Error or a diag.List naming the line,
// and the warnings as "name:line: message".
func Parse(s *Site, data []byte, isTOML bool, name string) ([]string, error) {
	if p := textenc.Check(data); p != nil {
		return nil, &diag.Error{File: name, Line: p.Line, Col: p.Column, Msg: fmt.Sprintf(
			"the file is not UTF-8 (byte 0x%02X here); it looks like %s: save it as UTF-8", p.Byte, p.Likely)}
	}
	var (
		warnings []string
		lines    map[string]int // top-level key -> line
		err      error
	)
	if isTOML {
		warnings, lines, err = parseTOML(s, data, name)
	} else {
		warnings, lines, err = parseYAML(s, data, name)
	}
	if err != nil {
		return nil, err
	}
	if err := s.validate(); err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			return warnings, diag.At(name, lines[ke.key], "%s", ke.msg)
		}
		return warnings, diag.At(name, 0, "%v", err)
	}
	return warnings, nil
}

func parseYAML(s *Site, data []byte, name string) (warnings []string, lines map[string]int, err error) {
	lines = map[string]int{}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, lines, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, yamlError(name, err)
	}
	if len(doc.Content) == 0 {
		return nil, lines, nil // only comments
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, nil, diag.At(name, m.Line, "the settings must be a mapping of keys to values")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		lines[k.Value] = k.Line
		if !known(k.Value) {
			warnings = append(warnings, fmt.Sprintf("%s:%d: unknown setting %q", name, k.Line, k.Value))
		}
	}
	if err := m.Decode(s); err != nil {
		return nil, nil, yamlError(name, err)
	}
	return warnings, lines, nil
}

// yamlParserErrors are the messages of yaml's parser (not its scanner),
// which it reports one line too early: at the 0-based line of the
// construct the error is in (go-yaml issue #205).
var yamlParserErrors = []string{
	"did not find expected key",
	"did not find expected node content",
	"did not find expected <document start>",
	"did not find expected '-' indicator",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
}

// yamlError turns yaml's "yaml: line 3: message" and its list of
// unmarshal errors ("line 3: cannot unmarshal ...") into file:line errors.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var l diag.List
		for _, e := range te.Errors {
			n, msg := lineOf(e)
			l = append(l, diag.At(name, n, "%s", msg))
		}
		return l.Err()
	}
	n, msg := lineOf(strings.TrimPrefix(err.Error(), "yaml: "))
	for _, p := range yamlParserErrors {
		if n > 0 && strings.HasPrefix(msg, p) {
			n++
			break
		}
	}
	return diag.At(name, n, "%s", msg)
}

// lineOf splits "line 3: message" into 3 and "message"; a message with no
// line gives 0.
func lineOf(s string) (int, string) {
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				return n, strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return 0, s
}

func parseTOML(s *Site, data []byte, name string) (warnings []string, lines map[string]int, err error) {
	md, err := toml.Decode(string(data), s)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, nil, diag.At(name, pe.Position.Line, "%s", pe.Message)
		}
		// A value of the wrong type is not a ParseError but
		// "toml: line 2 (last key "paginate"): incompatible types: ...".
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if i := strings.IndexAny(rest, " :"); i > 0 {
				if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
					if _, after, ok := strings.Cut(rest, "): "); ok {
						return nil, nil, diag.At(name, n, "%s", after)
					}
				}
			}
		}
		return nil, nil, diag.At(name, 0, "%s", msg)
	}
	lines = map[string]int{}
	for _, k := range md.Keys() {
		if len(k) == 1 {
			lines[k[0]] = tomlKeyLine(data, k[0])
		}
	}
	for _, k := range md.Undecoded() {
		if len(k) == 1 || k[0] != "params" {
			warnings = append(warnings, fmt.Sprintf("%s:%d: unknown setting %q", name, tomlKeyLine(data, k[0]), k.String()))
		}
	}
	return warnings, lines, nil
}

// tomlKeyLine is the line of a top-level key ("key =" or "[key]"), as the
// TOML decoder keeps no positions; 0 when not found.
func tomlKeyLine(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			if strings.Trim(line, "[] \t") == key {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(line, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return i + 1
		}
	}
	return 0
}

func known(k string) bool {
	for _, want := range keys {
		if k == want {
			return true
		}
	}
	return false
}

// keyError is a bad value, with the key it was given to, so that the
// message can name its line.
type keyError struct{ key, msg string }

func (e *keyError) Error() string { return e.msg }

func (s *Site) validate() error {
	if s.Paginate < 1 {
		return &keyError{"paginate", fmt.Sprintf("paginate must be at least 1, not %d", s.Paginate)}
	}
	if s.Theme == "" {
		s.Theme = "default"
	}
	if s.Language == "" {
		s.Language = "en"
	}
	switch s.Slugs {
	case "":
		s.Slugs = SlugsFromFile
	case SlugsFromFile, SlugsFromPath:
	default:
		return &keyError{"slugs", fmt.Sprintf("slugs is %q: it is \"file\" (a transcript's slug is its file name) or \"path\" (its path under transcripts/)", s.Slugs)}
	}
	if strings.ContainsAny(s.Theme, `/\`) || s.Theme == "." || s.Theme == ".." {
		return &keyError{"theme", fmt.Sprintf("theme %q must be a folder name under themes/", s.Theme)}
	}
	if err := SetBaseURL(s, s.BaseURL); err != nil {
		return &keyError{"base_url", err.Error()}
	}
	return nil
}

// SetBaseURL sets and checks the base URL; "" means "/". It must be a path
// ("/repo/") or an absolute http(s) URL.
func SetBaseURL(s *Site, raw string) error {
	if raw == "" {
		raw = "/"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("base_url %q: %w", raw, err)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("base_url %q: only http and https URLs or a path", raw)
	}
	if u.Scheme != "" && u.Host == "" {
		return fmt.Errorf("base_url %q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("base_url %q must not have a query or fragment", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	s.BaseURL = u.String()
	return nil
}

// BasePath is the path part of the base URL, always starting and ending in
// "/": every link the site writes starts with it.
func (s Site) BasePath() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Absolute reports whether the base URL names a host, so feeds and the
// sitemap can carry full URLs.
func (s Site) Absolute() bool {
	u, err := url.Parse(s.BaseURL)
	return err == nil && u.Host != ""
}

// RelativeWarning says what a base URL without a host breaks, for a build
// that will be published: the sitemap protocol takes only absolute URLs,
// and feed readers resolve relative links against the feed's own address,
// which a reader that copied the feed elsewhere does not have. "" when the
// base URL is absolute. A preview (serve, watch) builds for its own
// address and never has this problem.
func (s Site) RelativeWarning() string {
	if s.Absolute() {
		return ""
	}
	return fmt.Sprintf("base_url is %q, not a full address: sitemap.xml lists relative addresses, which search engines reject, and the feeds' links are relative; set base_url in the site's settings to the address the site is published at (https://…/), or build with --base-url (the Pages workflow does)", s.BaseURL)
}

// KnownKeys lists the settings, sorted, for documentation and help.
func KnownKeys() []string {
	k := append([]string(nil), keys...)
	sort.Strings(k)
	return k
}
