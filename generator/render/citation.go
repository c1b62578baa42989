package render

// linkedData is a transcript page's schema.org description (JSON-LD), for
// search engines and the tools that read it. schema.org has no type for a
// transcript: a CreativeWork whose authors are its speakers, made at a date
// and place, part of the archive's website. It says no more than that:
// it is on every transcript's page, and the page's address is its
// canonical link, which the head has already.
type linkedData struct {
	Context  string    `json:"@context"`
	Type     string    `json:"@type"`
	Name     string    `json:"name"`
	Date     string    `json:"dateCreated"`
	Place    *ldThing  `json:"locationCreated,omitempty"`
	Authors  []ldThing `json:"author,omitempty"`
	IsPartOf ldThing   `json:"isPartOf"`
}

// ldThing is a named node of linkedData: a person, a place, the website.
type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// LinkedData is the page's JSON-LD, nil but on a transcript's page. The
// template writes it inside <script type="application/ld+json">, where
// html/template marshals it as JSON with <, > and & escaped, so no
// title or name can end the script.
func (v *View) LinkedData() any {
	t := v.Transcript
	if t == nil {
		return nil
	}
	ld := &linkedData{
		Context: "https://schema.org", Type: "CreativeWork",
		Name: t.Title, Date: isoDate(t.Date),
		IsPartOf: ldThing{Type: "WebSite", Name: v.Site.Title, URL: v.Site.canonical},
	}
	if t.Location != "" {
		ld.Place = &ldThing{Type: "Place", Name: t.Location}
	}
	for _, a := range t.Speakers {
		ld.Authors = append(ld.Authors, ldThing{Type: "Person", Name: a.Speaker.Name})
	}
	return ld
}

// Description is the page's summary for search engines and reference
// managers (which take it as the abstract): a transcript's own summary,
// else the site's description.
func (v *View) Description() string {
	if v.Transcript != nil && v.Transcript.Summary != "" {
		return v.Transcript.Summary
	}
	return v.Site.Description
}
