package document

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
)

//go:embed page.html
var pageHTML string

// page is parsed once, at start: a template that does not parse fails every
// test and the program at once, not a customer's document. It draws any
// sheet, so the comparison and the bill are one page design.
var page = template.Must(template.New("page").Parse(pageHTML))

// HTML writes the comparison as one self-contained HTML page (inline CSS, no
// image, no script): the accessible version, with the customer's language in
// its lang attribute, headed tables and a contrast above WCAG AA. Nothing is
// written if the comparison is incomplete (see Validate).
func (c Comparison) HTML(w io.Writer) error {
	s, err := c.sheet()
	if err != nil {
		return err
	}
	return writeHTML(w, s)
}

// writeHTML draws a sheet as a page, into a buffer first so that a failure
// leaves w untouched rather than holding half a page.
func writeHTML(w io.Writer, s *sheet) error {
	var b bytes.Buffer
	if err := page.Execute(&b, s); err != nil {
		return err
	}
	_, err := b.WriteTo(w)
	return err
}
