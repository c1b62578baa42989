package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// underBase puts a destination written from the site's root ("/about/")
// under the base path ("/repo/about/"). Other destinations are left as
// they are: relative ones, which the browser resolves from the page; ones
// with a scheme or a host ("//cdn.example/x"); fragments.
func underBase(base string, dest []byte) []byte {
	if base == "" || base == "/" || len(dest) == 0 || dest[0] != '/' || (len(dest) > 1 && (dest[1] == '/' || dest[1] == '\\')) {
		return dest
	}
	return append([]byte(strings.TrimSuffix(base, "/")), dest...)
}

// renderImage is goldmark's image renderer, given a copy of the node with
// its destination under the base path. The node itself is left as parsed,
// for References, which reports the destination as written.
func (r safeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n, ok := node.(*ast.Image)
	if !ok || !entering {
		return r.image(w, src, node, entering)
	}
	cp := *n
	cp.Destination = underBase(r.base, n.Destination)
	return r.image(w, src, &cp, entering)
}

// goldmarkImage is the function goldmark's HTML renderer draws images with.
func goldmarkImage(unsafe bool) renderer.NodeRendererFunc {
	var opts []html.Option
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	funcs := rendererFuncs{}
	html.NewRenderer(opts...).RegisterFuncs(funcs)
	return funcs[ast.KindImage]
}

// rendererFuncs collects the functions a NodeRenderer registers.
type rendererFuncs map[ast.NodeKind]renderer.NodeRendererFunc

func (f rendererFuncs) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f[k] = fn }
