// Package textenc finds where a file that should be UTF-8 is not, and
// names the encoding it was probably saved in, so that a message can say
// how to fix it rather than publish replacement characters.
package textenc

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Problem is the first place a text is not UTF-8.
type Problem struct {
	Line, Column int    // 1-based; the column counts characters
	Byte         byte   // the first byte that is not UTF-8
	Likely       string // "Windows-1252", "UTF-16", "UTF-16 without a byte order mark" or "Latin-1"
}

func (p *Problem) Error() string {
	return fmt.Sprintf("the file is not UTF-8 (byte 0x%02X at line %d, column %d): it looks like %s", p.Byte, p.Line, p.Column, p.Likely)
}

// Check returns nil when data is UTF-8, and otherwise where it is not and
// what it probably is.
func Check(data []byte) *Problem {
	if utf8.Valid(data) {
		return nil
	}
	p := &Problem{Line: 1, Column: 1, Likely: likely(data)}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			p.Byte = data[i]
			return p
		}
		if r == '\n' {
			p.Line, p.Column = p.Line+1, 1
		} else {
			p.Column++
		}
		i += size
	}
	return p
}

// likely names the encoding of text that is not UTF-8. UTF-16 shows in its
// byte order mark or, for mostly Latin text, a zero in every other byte;
// Windows-1252 in the bytes 0x80 to 0x9F (its curly quotes and dashes),
// which Latin-1 leaves to control characters no text holds.
func likely(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16"
	case bytes.Count(data[:min(len(data), 4096)], []byte{0}) > min(len(data), 4096)/4:
		return "UTF-16 without a byte order mark"
	}
	for _, c := range data {
		if c >= 0x80 && c <= 0x9F {
			return "Windows-1252"
		}
	}
	return "Latin-1 (ISO-8859-1)"
}
