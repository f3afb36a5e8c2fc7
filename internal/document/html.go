package document

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
)

//go:embed comparison.html
var comparisonHTML string

// comparisonPage is parsed once, at start: a template that does not parse
// fails every test and the program at once, not a customer's document.
var comparisonPage = template.Must(template.New("comparison").Parse(comparisonHTML))

// HTML writes the comparison as one self-contained HTML page (inline CSS, no
// image, no script): the accessible version, with the customer's language in
// its lang attribute, headed tables and a contrast above WCAG AA. Nothing is
// written if the comparison is incomplete (see Validate).
func (c Comparison) HTML(w io.Writer) error {
	s, err := c.sheet()
	if err != nil {
		return err
	}
	// Rendered into a buffer first so that a failure leaves w untouched
	// rather than holding half a page.
	var b bytes.Buffer
	if err := comparisonPage.Execute(&b, s); err != nil {
		return err
	}
	_, err = b.WriteTo(w)
	return err
}
