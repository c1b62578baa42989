// Package config holds a site's settings, read from content/site.yaml or
// content/site.toml, with a default for every key.
package config

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
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
}

// Keys lists the settings a site file may hold, for reporting unknown ones.
var keys = []string{"title", "description", "base_url", "language", "theme", "unsafe_html", "highlight_style", "paginate", "author", "cname", "params"}

// Default returns the settings of a site with no settings file.
func Default() Site {
	return Site{
		Title:          "Transcripts",
		BaseURL:        "/",
		Language:       "en",
		Theme:          "default",
		HighlightStyle: "github",
		Paginate:       20,
	}
}

// Load reads content/site.yaml (or site.toml) under contentDir. A missing
// file gives the defaults. Unknown keys come back as warnings.
func Load(contentDir string) (Site, []string, error) {
	s := Default()
	for _, name := range []string{"site.yaml", "site.yml", "site.toml"} {
		p := filepath.Join(contentDir, name)
		data, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return s, nil, err
		}
		warnings, err := Parse(&s, data, strings.HasSuffix(name, ".toml"), p)
		return s, warnings, err
	}
	return s, nil, nil
}

// Parse decodes a settings file over s.
func Parse(s *Site, data []byte, isTOML bool, name string) ([]string, error) {
	var raw map[string]any
	var warnings []string
	if isTOML {
		md, err := toml.Decode(string(data), s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, k := range md.Undecoded() {
			if len(k) == 1 || k[0] != "params" {
				warnings = append(warnings, fmt.Sprintf("%s: unknown setting %q", name, k.String()))
			}
		}
	} else {
		if len(bytes.TrimSpace(data)) > 0 {
			dec := yaml.NewDecoder(bytes.NewReader(data))
			if err := dec.Decode(s); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			var node yaml.Node
			if err := yaml.Unmarshal(data, &node); err == nil && len(node.Content) == 1 && node.Content[0].Kind == yaml.MappingNode {
				m := node.Content[0]
				for i := 0; i+1 < len(m.Content); i += 2 {
					k := m.Content[i]
					if !known(k.Value) {
						warnings = append(warnings, fmt.Sprintf("%s:%d: unknown setting %q", name, k.Line, k.Value))
					}
				}
			}
			_ = raw
		}
	}
	if err := s.validate(); err != nil {
		return warnings, fmt.Errorf("%s: %w", name, err)
	}
	return warnings, nil
}

func known(k string) bool {
	for _, want := range keys {
		if k == want {
			return true
		}
	}
	return false
}

func (s *Site) validate() error {
	if s.Paginate < 1 {
		return fmt.Errorf("paginate must be at least 1, not %d", s.Paginate)
	}
	if s.Theme == "" {
		s.Theme = "default"
	}
	if strings.ContainsAny(s.Theme, `/\`) || s.Theme == "." || s.Theme == ".." {
		return fmt.Errorf("theme %q must be a folder name under themes/", s.Theme)
	}
	return SetBaseURL(s, s.BaseURL)
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

// KnownKeys lists the settings, sorted, for documentation and help.
func KnownKeys() []string {
	k := append([]string(nil), keys...)
	sort.Strings(k)
	return k
}
