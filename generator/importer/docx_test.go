package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// docxParts are the parts of a Word document that makeDocx writes around
// the paragraphs: what Word's own files hold that the reader must ignore.
const (
	docxHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>`
	// A paragraph whose tab stops (w:tabs/w:tab) are not tabs, holding a
	// drawing with text of its own and a text box Word writes twice.
	docxNoise = `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>` +
		`<w:r><w:drawing><a:graphic><a:p><a:r><a:t>SHAPE TEXT</a:t></a:r></a:p></a:graphic></w:drawing></w:r>` +
		`<w:r><mc:AlternateContent><mc:Choice Requires="wps"></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>FALLBACK TEXT</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`
	docxTail = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
)

// makeDocx builds a Word document of paragraphs, as a word processor
// writes them: each split into two runs, tabs and line breaks as elements,
// styles and other parts around them.
func makeDocx(t *testing.T, paras []string) []byte {
	t.Helper()
	var body strings.Builder
	body.WriteString(docxHead + docxNoise)
	for _, p := range paras {
		body.WriteString(`<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>`)
		half := strings.IndexByte(p, ' ') + 1
		for _, run := range []string{p[:half], p[half:]} {
			body.WriteString(`<w:r><w:rPr><w:b/></w:rPr>`)
			for i, line := range strings.Split(run, "\n") {
				if i > 0 {
					body.WriteString(`<w:br/>`)
				}
				for j, cell := range strings.Split(line, "\t") {
					if j > 0 {
						body.WriteString(`<w:tab/>`)
					}
					body.WriteString(`<w:t xml:space="preserve">`)
					xml.EscapeText(&body, []byte(cell))
					body.WriteString(`</w:t>`)
				}
			}
			body.WriteString(`</w:r>`)
		}
		body.WriteString(`</w:p>`)
	}
	body.WriteString(docxTail)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, part := range []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"word/styles.xml", `<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style><w:name w:val="Normal"/></w:style></w:styles>`},
		{"word/document.xml", body.String()},
	} {
		w, err := zw.Create(part.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(part.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// docxOf makes a Word document of a text fixture: a paragraph for each
// block of lines, as tools export them.
func docxOf(t *testing.T, name string) []byte {
	t.Helper()
	var paras []string
	for _, block := range strings.Split(string(readFixture(t, name)), "\n\n") {
		for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
			if line != "" {
				paras = append(paras, line)
			}
		}
	}
	return makeDocx(t, paras)
}

// TestDocx: a Word document in each tool's layout imports as the same
// transcript as its text does, and says it was a Word document.
func TestDocx(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"otter-allotment-meeting.txt", "rev-harbour-interview.txt", "descript-harbour-lights.md", "bold-time-choir.md", "ferry-briefing.txt"} {
		t.Run(name, func(t *testing.T) {
			want, _ := importFixture(t, name)
			docName := strings.TrimSuffix(name, ".txt")
			docName = strings.TrimSuffix(docName, ".md") + ".docx"
			got, err := Import(docxOf(t, name), Options{Name: docName, ModTime: fixedTime})
			if err != nil {
				t.Fatal(err)
			}
			if got.Encoding != docxEncoding || got.Layout != want.Layout {
				t.Errorf("read as %s, %s layout; want %s, %s", got.Encoding, got.Layout, docxEncoding, want.Layout)
			}
			if g, w := string(got.Markdown()), string(want.Markdown()); g != w {
				t.Errorf("the Word document gives\n%s\nthe text gives\n%s", g, w)
			}
		})
	}
}

// TestDocxParagraphs: runs are joined, tabs and line breaks kept, tab
// stops, drawings and fallback copies left out.
func TestDocxParagraphs(t *testing.T) {
	t.Parallel()
	got, _, err := readText(makeDocx(t, []string{"Ann Lee  0:01", "One\ttwo\nthree & four"}), "a.docx")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Ann Lee  0:01\n\nOne\ttwo\nthree & four\n"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}

// TestDocxRefused: a broken Word document, or a zip that is not one, is an
// error naming the file.
func TestDocxRefused(t *testing.T) {
	t.Parallel()
	good := makeDocx(t, []string{"Ann Lee  0:01", "Hello."})
	var other bytes.Buffer
	zw := zip.NewWriter(&other)
	w, _ := zw.Create("content.xml")
	w.Write([]byte("<office:document/>"))
	zw.Close()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated.docx", good[:len(good)/2], "truncated.docx: not a readable Word document (.docx): zip: not a valid zip file"},
		{"text.docx", []byte("Ann Lee: Hello.\n"), "text.docx: not a readable Word document (.docx)"},
		{"notes.odt", other.Bytes(), "notes.odt: a zip archive that is not a Word document (.docx)"},
		{"bad-xml.docx", badXMLDocx(t), "bad-xml.docx: not a readable Word document (.docx): word/document.xml: XML syntax error"},
	} {
		_, err := Import(tc.data, Options{Name: tc.name})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func badXMLDocx(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(docxHead + "<w:p><w:r><w:t>unclosed</w:r></w:p>"))
	zw.Close()
	return b.Bytes()
}

// TestDocxHyphens: a non-breaking hyphen (w:noBreakHyphen, which Word
// writes for Ctrl+Shift+-) is a hyphen of the word; a soft hyphen is none.
func TestDocxHyphens(t *testing.T) {
	t.Parallel()
	got, err := docxParagraphs(strings.NewReader(docxHead +
		`<w:p><w:r><w:t>Ann Lee: We co</w:t><w:noBreakHyphen/><w:t>operate with the mayor</w:t><w:softHyphen/><w:t>al office.</w:t></w:r></w:p>` + docxTail))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Ann Lee: We co-operate with the mayoral office.\n"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}
