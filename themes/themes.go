// Package themes embeds the default theme in the generator, so that a
// binary installed with "go install" builds a site with no files of its
// own. It is the only Go file outside generator/: go:embed cannot reach
// into a parent folder.
package themes

import "embed"

// Default is the built-in theme: templates/ and static/.
//
//go:embed default
var Default embed.FS
