package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verbatim-archive/verbatim/generator/captions"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// decode returns data as UTF-8 text with "\n" line ends and no byte order
// mark, and the name of the encoding it was in. Text that is neither UTF-8,
// UTF-16 nor plausibly Windows-1252 is refused rather than guessed at, since
// a wrong guess would be written out as mojibake.
func decode(data []byte) (string, string, error) {
	var text, enc string
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return "", "", errors.New("the file is UTF-32, which is not supported: save it as UTF-8")
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", errors.New("the file starts with a UTF-8 byte order mark but is not valid UTF-8")
		}
		text, enc = string(data), "UTF-8"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, err := fromUTF16(data, xunicode.LittleEndian, xunicode.ExpectBOM)
		if err != nil {
			return "", "", err
		}
		text, enc = s, "UTF-16"
	case utf8.Valid(data):
		text, enc = string(data), "UTF-8"
	default:
		if order, ok := looksUTF16(data); ok {
			s, err := fromUTF16(data, order, xunicode.IgnoreBOM)
			if err != nil {
				return "", "", err
			}
			text, enc = s, "UTF-16 (no byte order mark)"
			break
		}
		s, err := fromWindows1252(data)
		if err != nil {
			return "", "", err
		}
		text, enc = s, "Windows-1252"
	}
	text = strings.TrimPrefix(text, "\ufeff")
	if i := strings.IndexFunc(text, isBinary); i >= 0 {
		return "", "", errors.New("the file holds binary data (control characters), not text: is it a word processor or PDF file? Save it as plain text")
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return text, enc, nil
}

func fromUTF16(data []byte, order xunicode.Endianness, bom xunicode.BOMPolicy) (string, error) {
	b, err := xunicode.UTF16(order, bom).NewDecoder().Bytes(data)
	if err != nil {
		return "", errors.New("the file is not valid UTF-16: " + err.Error())
	}
	// The decoder replaces broken surrogate pairs rather than failing.
	if bytes.ContainsRune(b, utf8.RuneError) {
		return "", errors.New("the file is not valid UTF-16: it has unpaired surrogates")
	}
	return string(b), nil
}

// looksUTF16 spots UTF-16 without a byte order mark: mostly Latin text has a
// zero byte in every other place.
func looksUTF16(data []byte) (xunicode.Endianness, bool) {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return xunicode.LittleEndian, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 > half*4 && even*10 < half:
		return xunicode.LittleEndian, true
	case even*10 > half*4 && odd*10 < half:
		return xunicode.BigEndian, true
	}
	return xunicode.LittleEndian, false
}

// fromWindows1252 reads the usual legacy encoding of Western text. Other
// single- and double-byte encodings also decode as Windows-1252, into
// nonsense; the tell is runs of accented letters and symbols, which Western
// text rarely has and Cyrillic or CJK text read this way always has.
func fromWindows1252(data []byte) (string, error) {
	for _, c := range data {
		switch c {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return "", errors.New("the file is not UTF-8, UTF-16 or Windows-1252 text (it has bytes none of them use): convert it to UTF-8")
		}
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", errors.New("the file is not UTF-8 and cannot be read as Windows-1252: " + err.Error())
	}
	s := string(b)
	var high, inRuns, run int
	for _, r := range s + "\n" {
		if r >= 0x80 {
			high++
			run++
			continue
		}
		if run >= 3 {
			inRuns += run
		}
		run = 0
	}
	if high > 0 && inRuns*5 > high {
		return "", errors.New("the file is not UTF-8 and does not read as Windows-1252 either (it may be Cyrillic, Greek or Asian text in a legacy encoding): convert it to UTF-8")
	}
	return s, nil
}

func isBinary(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' && r != '\v'
}

// mojibakeRE matches UTF-8 read as Windows-1252 once too often: "Ã©" for
// "é", "â€™" for "’".
var mojibakeRE = regexp.MustCompile(`Ã[\x{80}-\x{BF}\x{2018}-\x{203A}\x{20AC}\x{0152}\x{0160}\x{017D}\x{0178}]|â€[™œ\x{9D}“”˜¦]`)

func mojibake(s string) bool { return mojibakeRE.MatchString(s) }

// detect tells the format of decoded text by its content.
func detect(text string) (Format, error) {
	head := strings.TrimLeftFunc(text, unicode.IsSpace)
	low := strings.ToLower(head[:min(len(head), 512)])
	switch {
	case head == "":
		return "", errors.New("the file is empty")
	case strings.HasPrefix(head, "WEBVTT"):
		return VTT, nil
	case strings.HasPrefix(head, "{\\rtf"):
		return "", errors.New("the file is RTF: save it as plain text")
	case head[0] == '{':
		return JSON, nil
	case head[0] == '[' && json.Valid([]byte(head)):
		return JSON, nil
	case strings.HasPrefix(low, "<!doctype") || strings.HasPrefix(low, "<html") ||
		strings.HasPrefix(low, "<cite>") || strings.HasPrefix(low, "<p>") || strings.HasPrefix(low, "<?xml"):
		return "", errors.New("the file is HTML or XML, which import does not read: save the page as text, or use the SRT, WebVTT or JSON transcript")
	}
	lines := strings.SplitN(head, "\n", 40)
	for i, l := range lines {
		if i == len(lines)-1 && len(lines) == 40 {
			break // the rest of the file, unsplit
		}
		if captions.IsTimingLine(l) {
			return SRT, nil
		}
	}
	return Text, nil
}
