package render

// searchPage renders the search page, /search/; the index beside it is
// written by package search (see build.write).
func (r *renderer) searchPage() error {
	v := r.view("search", r.word("search"), "search/")
	return r.html("search", v)
}
