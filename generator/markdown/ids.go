package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// headingIDs makes heading ids for one document. They stay clear of the ids
// the converter writes itself: turns ("t12") and notes ("fn-", "fnref-",
// "sn-"), so that a heading called "T1" or "FN 2" cannot capture a link.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}}
}

func (s *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '_' || isSpace(r):
			dash = true
		}
	}
	base := b.String()
	if base == "" {
		base = "section"
	}
	if reservedID(base) {
		base = "h-" + base
	}
	id := base
	for i := 1; s.used[id] || reservedID(id); i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *headingIDs) Put(value []byte) {
	s.used[string(value)] = true
}

func reservedID(id string) bool {
	if strings.HasPrefix(id, "fn-") || strings.HasPrefix(id, "fnref-") || strings.HasPrefix(id, "sn-") {
		return true
	}
	if len(id) < 2 || id[0] != 't' {
		return false
	}
	for i := 1; i < len(id); i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}
