package document

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
)

// The PDF embeds DejaVu Sans (Bitstream Vera licence, fonts/LICENSE): fpdf's
// built-in fonts are Latin-1 and would garble €, the narrow no-break space
// wording puts in amounts, and ’. The files are in the repository, not read
// from the system, so that a machine without the fonts makes the same PDF.
var (
	//go:embed fonts/DejaVuSans.ttf
	regularTTF []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	boldTTF []byte
)

// Layout of an A4 page, in millimetres and points.
const (
	family     = "DejaVu"
	margin     = 18.0
	topMargin  = 16.0
	bottomEdge = 20.0 // room kept for the footer
	bodySize   = 9.5
	smallSize  = 8.5
	lineHeight = 4.6
	cellPad    = 1.6
)

// Colours, as RGB. Text is near-black (or dark grey for notes) on white or
// on pale fills: every contrast is above 10:1 (WCAG AAA asks 7:1), and the
// warning is said in words, not by its red alone.
var (
	ink        = [3]int{31, 31, 31}
	grey       = [3]int{61, 61, 61}
	rule       = [3]int{107, 115, 128}
	headFill   = [3]int{230, 235, 241}
	rowFill    = [3]int{245, 247, 250}
	warnFill   = [3]int{253, 236, 234}
	warnBar    = [3]int{164, 0, 15}
	savingFill = [3]int{233, 244, 236}
	savingBar  = [3]int{30, 107, 52}
)

// PDF writes the comparison as an A4 PDF with its fonts embedded: the same
// content as HTML, for an attachment or a paper bill insert, the contract
// summary on a page of its own. Nothing is written if the comparison is
// incomplete (see Validate) or the PDF cannot be made.
func (c Comparison) PDF(w io.Writer) error {
	s, err := c.sheet()
	if err != nil {
		return err
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(margin, topMargin, margin)
	// No inner cell margin: the text is wrapped to the widths given, and
	// table cells keep their own padding (cellPad).
	f.SetCellMargin(0)
	f.SetAutoPageBreak(true, bottomEdge)
	f.AddUTF8FontFromBytes(family, "", regularTTF)
	f.AddUTF8FontFromBytes(family, "B", boldTTF)
	f.SetTitle(s.Title+" — "+s.Subtitle, true)
	f.SetSubject(s.Subtitle, true)
	f.SetAuthor(s.Operator, true)
	f.SetCreator("tact", true)
	f.SetLang(s.Lang)
	// Dated when issued, not when drawn: the same document twice is the same file.
	f.SetCreationDate(c.Issued)
	f.SetModificationDate(c.Issued)
	f.AliasNbPages("{nb}")
	d := &pdfDoc{f: f, width: 210 - 2*margin}
	f.SetFooterFunc(func() {
		f.SetY(-14)
		d.color(grey)
		f.SetFont(family, "", smallSize)
		f.CellFormat(0, lineHeight, fmt.Sprintf("%s — %d/{nb}", s.Footer, f.PageNo()), "T", 0, "C", false, 0, "")
	})
	f.AddPage()
	d.draw(s)
	if err := f.Error(); err != nil {
		return fmt.Errorf("document: pdf: %w", err)
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return fmt.Errorf("document: pdf: %w", err)
	}
	_, err = b.WriteTo(w)
	return err
}

// pdfDoc draws a sheet on fpdf pages. It wraps text itself, at plain spaces
// only: fpdf's SplitText also breaks at no-break spaces, which would split
// "1 179,00 €" across two lines.
type pdfDoc struct {
	f     *fpdf.Fpdf
	width float64
}

func (d *pdfDoc) draw(s *sheet) {
	f := d.f
	d.paragraph(s.Operator, "B", bodySize, grey)
	f.Ln(1)
	d.paragraph(s.Title, "B", 17, ink)
	d.paragraph(s.Subtitle, "", 12, ink)
	f.Ln(2)
	d.facts(s.Facts)
	f.Ln(3)
	d.paragraph(s.Greeting, "", bodySize, ink)
	f.Ln(1.5)
	d.paragraph(s.Intro, "", bodySize, ink)
	if s.Reason != "" {
		f.Ln(1.5)
		d.paragraph(s.Reason, "B", bodySize, ink)
	}

	d.heading(s.Verdict.Heading)
	d.verdict(s.Verdict.Paragraphs, s.Dearer)

	plans, months := []float64{44, 65, 65}, []float64{44, 42, 42, 46}
	d.keep(s.Plans, plans)
	d.heading(s.Plans.Caption)
	d.table(s.Plans, plans)
	d.subheading(s.Gains.Heading)
	d.bullets(s.Gains.Items)
	d.subheading(s.Losses.Heading)
	d.bullets(s.Losses.Items)

	d.keep(s.Usage, months)
	d.heading(s.Usage.Caption)
	d.table(s.Usage, months)
	d.note(s.UsageNote)

	d.keep(s.Totals, months)
	d.heading(s.Totals.Caption)
	d.table(s.Totals, months)
	d.note(s.TotalsNote)

	d.heading(s.Accept.Heading)
	for _, p := range s.Accept.Paragraphs {
		d.paragraph(p, "", bodySize, ink)
		f.Ln(1)
	}
	d.bullets(s.Accept.Items)
	for _, p := range s.Accept.Closing {
		f.Ln(1)
		d.paragraph(p, "", bodySize, ink)
	}
	f.Ln(2)
	d.paragraph(s.Support, "B", 11, ink)

	// The contract summary is a document of its own (Regulation (EU)
	// 2019/2243: concise, printable apart): it starts a page.
	f.AddPage()
	d.paragraph(s.Summary.Heading, "B", 14, ink)
	f.Ln(1)
	for _, p := range s.Summary.Paragraphs {
		d.paragraph(p, "", smallSize, grey)
	}
	for _, b := range s.SummaryParts {
		d.subheading(b.Heading)
		d.bullets(b.Items)
	}
}

func (d *pdfDoc) color(c [3]int) { d.f.SetTextColor(c[0], c[1], c[2]) }

// wrap breaks s into lines of at most w millimetres in the current font, at
// plain spaces; a single word wider than w stays whole on its line.
func (d *pdfDoc) wrap(s string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if line == "" || d.f.GetStringWidth(try) <= w {
				line = try
				continue
			}
			lines = append(lines, line)
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// room starts a new page unless h millimetres are left above the footer.
func (d *pdfDoc) room(h float64) {
	_, pageH := d.f.GetPageSize()
	if d.f.GetY()+h > pageH-bottomEdge {
		d.f.AddPage()
	}
}

func (d *pdfDoc) paragraph(s, style string, size float64, c [3]int) {
	d.f.SetFont(family, style, size)
	d.color(c)
	h := size * 0.48
	for _, l := range d.wrap(s, d.width) {
		d.f.CellFormat(d.width, h, l, "", 1, "L", false, 0, "")
	}
}

func (d *pdfDoc) note(s string) {
	d.f.Ln(1)
	d.paragraph(s, "", smallSize, grey)
}

// heading opens a section; it keeps 30 mm below it on its page so that it
// is never left alone at the foot of a page.
func (d *pdfDoc) heading(s string) {
	d.f.Ln(4)
	d.room(30)
	d.paragraph(s, "B", 12.5, ink)
	x, y := d.f.GetX(), d.f.GetY()
	d.f.SetDrawColor(ink[0], ink[1], ink[2])
	d.f.SetLineWidth(0.5)
	d.f.Line(x, y+0.4, x+d.width, y+0.4)
	d.f.Ln(2.5)
}

func (d *pdfDoc) subheading(s string) {
	d.f.Ln(2.5)
	d.room(15)
	d.paragraph(s, "B", 10.5, ink)
	d.f.Ln(0.5)
}

func (d *pdfDoc) bullets(items []string) {
	d.f.SetFont(family, "", bodySize)
	d.color(ink)
	const indent = 5.0
	x := d.f.GetX()
	for _, it := range items {
		for i, l := range d.wrap(it, d.width-indent) {
			d.room(lineHeight)
			d.f.SetX(x)
			bullet := ""
			if i == 0 {
				bullet = "•"
			}
			d.f.CellFormat(indent, lineHeight, bullet, "", 0, "L", false, 0, "")
			d.f.CellFormat(d.width-indent, lineHeight, l, "", 1, "L", false, 0, "")
		}
	}
}

// facts are the heading's labelled values, two columns without borders.
func (d *pdfDoc) facts(list []fact) {
	for _, ft := range list {
		d.f.SetFont(family, "B", bodySize)
		d.color(ink)
		d.f.CellFormat(50, lineHeight, ft.Label, "", 0, "L", false, 0, "")
		d.f.SetFont(family, "", bodySize)
		d.f.CellFormat(d.width-50, lineHeight, ft.Value, "", 1, "L", false, 0, "")
	}
}

// verdict is the boxed statement of the difference, on a pale red fill with
// its warning in bold when the offer costs more, on a pale green one
// otherwise.
func (d *pdfDoc) verdict(paras []string, dearer bool) {
	const bar, pad = 1.6, 3.0
	fill, edge := savingFill, savingBar
	if dearer {
		fill, edge = warnFill, warnBar
	}
	type line struct {
		text, style string
	}
	var lines []line
	for i, p := range paras {
		style := ""
		if dearer && i == 0 {
			style = "B"
		}
		d.f.SetFont(family, style, bodySize)
		for _, l := range d.wrap(p, d.width-bar-2*pad) {
			lines = append(lines, line{l, style})
		}
	}
	h := float64(len(lines))*lineHeight + 2*pad
	d.room(h)
	x, y := d.f.GetX(), d.f.GetY()
	d.f.SetFillColor(fill[0], fill[1], fill[2])
	d.f.Rect(x, y, d.width, h, "F")
	d.f.SetFillColor(edge[0], edge[1], edge[2])
	d.f.Rect(x, y, bar, h, "F")
	d.color(ink)
	for i, l := range lines {
		d.f.SetFont(family, l.style, bodySize)
		d.f.SetXY(x+bar+pad, y+pad+float64(i)*lineHeight)
		d.f.CellFormat(d.width-bar-2*pad, lineHeight, l.text, "", 0, "L", false, 0, "")
	}
	d.f.SetXY(x, y+h)
}

// table draws a headed table; a row that does not fit on the page moves to
// the next one with the header repeated.
func (d *pdfDoc) table(t table, widths []float64) {
	header := func() {
		d.row(t.Head, widths, "B", headFill, false, true)
	}
	d.room(3 * lineHeight)
	header()
	for _, r := range t.Rows {
		if d.rowHeight(r, widths) > d.left() {
			d.f.AddPage()
			header()
		}
		d.row(r, widths, "", rowFill, t.Numeric, false)
	}
	for _, r := range t.Foot {
		if d.rowHeight(r, widths) > d.left() {
			d.f.AddPage()
			header()
		}
		d.row(r, widths, "B", headFill, t.Numeric, true)
	}
}

// keep starts a new page before a table's heading when the table would not
// fit below it but fits on a page: a table of six months reads whole.
func (d *pdfDoc) keep(t table, widths []float64) {
	const headingRoom = 16.0
	h := headingRoom + d.rowHeight(t.Head, widths)
	for _, r := range append(append([][]string{}, t.Rows...), t.Foot...) {
		h += d.rowHeight(r, widths)
	}
	_, pageH := d.f.GetPageSize()
	if h > d.left() && h <= pageH-topMargin-bottomEdge {
		d.f.AddPage()
	}
}

func (d *pdfDoc) left() float64 {
	_, pageH := d.f.GetPageSize()
	return pageH - bottomEdge - d.f.GetY()
}

func (d *pdfDoc) rowHeight(cells []string, widths []float64) float64 {
	n := 1
	for i, c := range cells {
		style := ""
		if i == 0 {
			style = "B"
		}
		d.f.SetFont(family, style, bodySize)
		n = max(n, len(d.wrap(c, widths[i]-2*cellPad)))
	}
	// Half the padding above the text and half below: the line height
	// already leaves room around the glyphs.
	return float64(n)*lineHeight + cellPad
}

// row draws one table row: the first cell is the row's header (bold, on
// fill), amounts are aligned right when numeric, header cells fill all.
func (d *pdfDoc) row(cells []string, widths []float64, style string, fill [3]int, numeric, fillAll bool) {
	h := d.rowHeight(cells, widths)
	x0, y := d.f.GetX(), d.f.GetY()
	x := x0
	d.f.SetDrawColor(rule[0], rule[1], rule[2])
	d.f.SetLineWidth(0.2)
	for i, c := range cells {
		cs := style
		if i == 0 {
			cs = "B"
		}
		if i == 0 || fillAll {
			d.f.SetFillColor(fill[0], fill[1], fill[2])
			d.f.Rect(x, y, widths[i], h, "FD")
		} else {
			d.f.Rect(x, y, widths[i], h, "D")
		}
		align := "L"
		if numeric && i > 0 {
			align = "R"
		}
		d.f.SetFont(family, cs, bodySize)
		d.color(ink)
		for j, l := range d.wrap(c, widths[i]-2*cellPad) {
			d.f.SetXY(x+cellPad, y+cellPad/2+float64(j)*lineHeight)
			d.f.CellFormat(widths[i]-2*cellPad, lineHeight, l, "", 0, align, false, 0, "")
		}
		x += widths[i]
	}
	d.f.SetXY(x0, y+h)
}
