package importer

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// docxEncoding is what import reports as the encoding of a Word document.
const docxEncoding = "Word document"

// maxDocumentXML bounds how much of a Word document's text part is read, so
// that a small file that unpacks to gigabytes is refused, not read.
const maxDocumentXML = 256 << 20

// readText returns a file's text: the paragraphs of a Word document, or
// the decoded bytes of anything else, and the encoding it was in. A file is
// read as a Word document when it is a zip archive, or is named ".docx".
func readText(data []byte, name string) (string, string, error) {
	isDocx := strings.EqualFold(filepath.Ext(name), ".docx")
	zr, zerr := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	switch {
	case zerr == nil:
		text, err := docxText(zr)
		if err != nil {
			return "", "", err
		}
		return text, docxEncoding, nil
	case isDocx:
		return "", "", fmt.Errorf("not a readable Word document (.docx): %v: open it in a word processor and save it again, or save it as plain text", zerr)
	}
	return decode(data)
}

// docxText reads the paragraphs of a Word document's body, one a
// paragraph of text (a blank line between them): text runs, tabs and line
// breaks. Everything else (styles, comments, deleted text, headers and
// footers, which live in other parts) is left out.
func docxText(zr *zip.Reader) (string, error) {
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
			break
		}
	}
	if doc == nil {
		return "", errors.New("a zip archive that is not a Word document (.docx) (no word/document.xml): save it as .docx or as plain text")
	}
	rc, err := doc.Open()
	if err != nil {
		return "", fmt.Errorf("not a readable Word document (.docx): %v", err)
	}
	defer rc.Close()
	text, err := docxParagraphs(io.LimitReader(rc, maxDocumentXML))
	if err != nil {
		return "", fmt.Errorf("not a readable Word document (.docx): word/document.xml: %v", err)
	}
	return text, nil
}

// wordML says whether an element is WordprocessingML's (transitional or
// strict): drawings hold paragraphs and text of their own namespace.
func wordML(n xml.Name) bool {
	return n.Space == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
		n.Space == "http://purl.oclc.org/ooxml/wordprocessingml/main"
}

// docxParagraphs reads WordprocessingML: w:p paragraphs holding runs (w:r)
// of w:t text, w:tab and w:br.
func docxParagraphs(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var d docxBody
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			d.element(el.Name, true)
		case xml.EndElement:
			d.element(el.Name, false)
		case xml.CharData:
			if d.inText && d.skip == 0 {
				d.cur.Write(el)
			}
		}
	}
	d.endParagraph()
	return strings.Join(d.paras, "\n\n") + "\n", nil
}

// docxBody is where a reading of a document's body is.
type docxBody struct {
	paras  []string
	cur    strings.Builder // the paragraph being read
	inText bool
	inRun  int // w:tab elsewhere is a tab stop, not a tab
	skip   int // depth inside a subtree that is left out
}

// element reads an element's start or end. A text box's paragraphs stand
// in the one around them, so they end it; the fallback copy of such
// content (mc:Fallback) is skipped, or its words would come twice.
func (d *docxBody) element(n xml.Name, start bool) {
	step := 1
	if !start {
		step = -1
	}
	if d.skip > 0 || start && n.Local == "Fallback" {
		d.skip += step
		return
	}
	if !wordML(n) {
		return
	}
	switch n.Local {
	case "p":
		d.endParagraph()
	case "r":
		d.inRun += step
	case "t":
		d.inText = start
	case "tab":
		if start && d.inRun > 0 {
			d.cur.WriteByte('\t')
		}
	case "noBreakHyphen":
		if start && d.inRun > 0 {
			d.cur.WriteByte('-')
		}
	case "br", "cr":
		if start && d.inRun > 0 {
			d.cur.WriteByte('\n')
		}
	}
}

func (d *docxBody) endParagraph() {
	if s := strings.TrimSpace(d.cur.String()); s != "" {
		d.paras = append(d.paras, s)
	}
	d.cur.Reset()
}
