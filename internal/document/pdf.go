package document

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

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
	dueBar     = [3]int{61, 74, 92}
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
	return writePDF(w, s, c.Issued)
}

// writePDF draws a sheet on A4 pages, each with the footer and its number,
// dated when the document was issued, not when drawn: the same document
// twice is the same file. It is made in a buffer first, so that a failure
// leaves w untouched.
func writePDF(w io.Writer, s *sheet, issued time.Time) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(margin, topMargin, margin)
	// No inner cell margin: the text is wrapped to the widths given, and
	// table cells keep their own padding (cellPad).
	f.SetCellMargin(0)
	f.SetAutoPageBreak(true, bottomEdge)
	f.AddUTF8FontFromBytes(family, "", regularTTF)
	f.AddUTF8FontFromBytes(family, "B", boldTTF)
	f.SetTitle(s.Title+" — "+s.Subject, true)
	f.SetSubject(s.Subject, true)
	f.SetAuthor(s.Operator, true)
	f.SetCreator("tact", true)
	f.SetLang(s.Lang)
	f.SetCreationDate(issued)
	f.SetModificationDate(issued)
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
	_, err := b.WriteTo(w)
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
	d.paragraph(s.Operator, "B", bodySize, grey)
	d.f.Ln(1)
	for _, sec := range s.Sections {
		d.section(sec)
	}
}

// section draws a heading and its parts. A section that opens with a table
// starts a new page when the table would not fit below its heading but
// fits on a page: a table of six months reads whole.
func (d *pdfDoc) section(s section) {
	if s.NewPage && !d.atTop() {
		d.f.AddPage()
	}
	if s.Heading != "" {
		if len(s.Parts) > 0 && s.Parts[0].Kind == tablePart {
			d.keep(*s.Parts[0].Table)
		}
		d.heading(s.Heading, s.Level)
	}
	for i, p := range s.Parts {
		if i > 0 || s.Heading == "" {
			d.f.Ln(gap(p.Kind))
		}
		d.part(p)
	}
}

// gap is the space above a part that follows another, in millimetres.
func gap(k partKind) float64 {
	switch k {
	case subtitlePart, groupPart:
		return 0
	case factsPart, addressPart:
		return 2
	case textPart, leadPart, tablePart, boxPart:
		return 1.5
	case strongPart:
		return 2
	}
	return 1
}

func (d *pdfDoc) part(p part) {
	switch p.Kind {
	case textPart:
		d.paragraph(p.Text, "", bodySize, ink)
	case notePart:
		d.paragraph(p.Text, "", smallSize, grey)
	case strongPart:
		d.paragraph(p.Text, "B", 11, ink)
	case leadPart:
		d.paragraph(p.Text, "B", bodySize, ink)
	case subtitlePart:
		d.paragraph(p.Text, "", 12, ink)
	case listPart:
		d.bullets(p.Items)
	case factsPart:
		d.facts(p.Facts, d.f.GetX(), d.width)
		d.f.Ln(1)
	case addressPart:
		d.address(p.Items, p.Facts)
	case tablePart:
		d.table(*p.Table)
	case boxPart:
		d.box(p.Items, p.Tone)
	case groupPart:
		for _, s := range p.Sections {
			d.section(s)
		}
	}
}

// atTop reports whether nothing is drawn yet on the page.
func (d *pdfDoc) atTop() bool { return d.f.GetY() <= topMargin+0.01 }

func (d *pdfDoc) color(c [3]int) { d.f.SetTextColor(c[0], c[1], c[2]) }

// wrap breaks s into lines of at most w millimetres in the current font, at
// plain spaces. A word wider than w (an email or web address a provider
// gives for complaints) is broken too, after a "/", ".", "@" or "-" where
// it can be, so that it never runs into the next cell.
func (d *pdfDoc) wrap(s string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Split(para, " ") {
			if d.f.GetStringWidth(word) > w {
				if line != "" {
					lines = append(lines, line)
				}
				pieces := d.breakWord(word, w)
				lines = append(lines, pieces[:len(pieces)-1]...)
				line = pieces[len(pieces)-1]
				continue
			}
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

// breakWord cuts a word into pieces of at most w millimetres (one rune at
// least), each after the last "/", ".", "@" or "-" that fits when there is
// one.
func (d *pdfDoc) breakWord(word string, w float64) []string {
	var pieces []string
	rs := []rune(word)
	for len(rs) > 0 {
		n := 1
		for n < len(rs) && d.f.GetStringWidth(string(rs[:n+1])) <= w {
			n++
		}
		if n < len(rs) {
			for i := n - 1; i > 0; i-- {
				if strings.ContainsRune("/.@-", rs[i-1]) {
					n = i
					break
				}
			}
		}
		pieces = append(pieces, string(rs[:n]))
		rs = rs[n:]
	}
	return pieces
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

// heading draws a section's heading by its level: the document's title;
// a section's, ruled, kept with 30 mm below it on its page so that it is
// never left alone at the foot of a page; a subsection's; and below.
func (d *pdfDoc) heading(s string, level int) {
	switch level {
	case 1:
		d.paragraph(s, "B", 17, ink)
	case 2:
		if !d.atTop() {
			d.f.Ln(4)
		}
		d.room(30)
		d.paragraph(s, "B", 12.5, ink)
		x, y := d.f.GetX(), d.f.GetY()
		d.f.SetDrawColor(ink[0], ink[1], ink[2])
		d.f.SetLineWidth(0.5)
		d.f.Line(x, y+0.4, x+d.width, y+0.4)
		d.f.Ln(2.5)
	case 3:
		d.f.Ln(2.5)
		d.room(15)
		d.paragraph(s, "B", 10.5, ink)
		d.f.Ln(0.5)
	default:
		d.f.Ln(2)
		d.room(12)
		d.paragraph(s, "B", bodySize, ink)
		d.f.Ln(0.5)
	}
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

// facts are the heading's labelled values, two columns without borders,
// drawn at x in width w: labels as wide as the widest (at most 45% of w),
// values wrapped.
func (d *pdfDoc) facts(list []fact, x, w float64) {
	d.f.SetFont(family, "B", bodySize)
	label := 0.0
	for _, ft := range list {
		label = max(label, d.f.GetStringWidth(ft.Label)+4)
	}
	label = min(label, 0.45*w)
	for _, ft := range list {
		d.f.SetFont(family, "", bodySize)
		values := d.wrap(ft.Value, w-label)
		d.room(float64(len(values)) * lineHeight)
		d.color(ink)
		d.f.SetX(x)
		d.f.SetFont(family, "B", bodySize)
		d.f.CellFormat(label, lineHeight, ft.Label, "", 0, "L", false, 0, "")
		d.f.SetFont(family, "", bodySize)
		for _, v := range values {
			d.f.SetX(x + label)
			d.f.CellFormat(w-label, lineHeight, v, "", 1, "L", false, 0, "")
		}
	}
}

// The recipient's address is printed where the window of a DL envelope
// shows it when the page is folded in three: its left edge 110 mm from the
// page's, its top at least 45 mm from the page's top (La Poste's window
// zone for letters folded in three).
const (
	addressX   = 110.0
	addressTop = 45.0
)

// address draws the recipient's address in the envelope's window, and the
// facts to its left; below both when done.
func (d *pdfDoc) address(lines []string, list []fact) {
	x, y := d.f.GetX(), d.f.GetY()
	d.facts(list, x, addressX-x-6)
	below := d.f.GetY()
	d.f.SetXY(addressX, max(y, addressTop))
	d.f.SetFont(family, "", 10.5)
	d.color(ink)
	for _, l := range lines {
		d.f.SetX(addressX)
		d.f.CellFormat(margin+d.width-addressX, 5, l, "", 1, "L", false, 0, "")
	}
	d.f.SetXY(x, max(below, d.f.GetY()))
}

// box draws paragraphs on a pale fill with a bar at the left, of its tone:
// green for good news, red for a warning, blue for what is asked of the
// customer; the first paragraph of a warning or a demand is in bold.
func (d *pdfDoc) box(paras []string, t tone) {
	const bar, pad = 1.6, 3.0
	fill, edge := savingFill, savingBar
	switch t {
	case toneDearer:
		fill, edge = warnFill, warnBar
	case toneDue:
		fill, edge = headFill, dueBar
	}
	type line struct {
		text, style string
	}
	var lines []line
	for i, p := range paras {
		style := ""
		if t != toneSaving && i == 0 {
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

// rowKind is where a table row is: its head, its body or its foot.
type rowKind int

const (
	headRow rowKind = iota
	bodyRow
	footRow
)

// table draws a headed table; a row that does not fit on the page moves to
// the next one with the header repeated.
func (d *pdfDoc) table(t table) {
	header := func() { d.row(t, t.Head, headRow) }
	d.room(3 * lineHeight)
	header()
	for _, r := range t.Rows {
		if d.rowHeight(t, r, bodyRow) > d.left() {
			d.f.AddPage()
			header()
		}
		d.row(t, r, bodyRow)
	}
	for _, r := range t.Foot {
		if d.rowHeight(t, r, footRow) > d.left() {
			d.f.AddPage()
			header()
		}
		d.row(t, r, footRow)
	}
}

// keep starts a new page before a table's heading when the table would not
// fit below it but fits on a page: a table of six months reads whole.
func (d *pdfDoc) keep(t table) {
	const headingRoom = 16.0
	h := headingRoom + d.rowHeight(t, t.Head, headRow)
	for _, r := range t.Rows {
		h += d.rowHeight(t, r, bodyRow)
	}
	for _, r := range t.Foot {
		h += d.rowHeight(t, r, footRow)
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

// cellStyle is the font style of cell i of a row: the row's header (the
// first cell) and the head and foot rows are bold.
func cellStyle(i int, k rowKind) string {
	if i == 0 || k != bodyRow {
		return "B"
	}
	return ""
}

func (d *pdfDoc) rowHeight(t table, cells []string, k rowKind) float64 {
	n := 1
	for i, c := range cells {
		d.f.SetFont(family, cellStyle(i, k), bodySize)
		n = max(n, len(d.wrap(c, t.Widths[i]-2*cellPad)))
	}
	// Half the padding above the text and half below: the line height
	// already leaves room around the glyphs.
	return float64(n)*lineHeight + cellPad
}

// row draws one table row: the first cell is the row's header (bold, on
// fill), the head and foot rows are filled whole, amounts are aligned right
// below the head.
func (d *pdfDoc) row(t table, cells []string, k rowKind) {
	h := d.rowHeight(t, cells, k)
	x0, y := d.f.GetX(), d.f.GetY()
	x := x0
	fill := headFill
	if k == bodyRow {
		fill = rowFill
	}
	d.f.SetDrawColor(rule[0], rule[1], rule[2])
	d.f.SetLineWidth(0.2)
	for i, c := range cells {
		w := t.Widths[i]
		if i == 0 || k != bodyRow {
			d.f.SetFillColor(fill[0], fill[1], fill[2])
			d.f.Rect(x, y, w, h, "FD")
		} else {
			d.f.Rect(x, y, w, h, "D")
		}
		align := "L"
		if k != headRow && t.Amount(i) {
			align = "R"
		}
		d.f.SetFont(family, cellStyle(i, k), bodySize)
		d.color(ink)
		for j, l := range d.wrap(c, w-2*cellPad) {
			d.f.SetXY(x+cellPad, y+cellPad/2+float64(j)*lineHeight)
			d.f.CellFormat(w-2*cellPad, lineHeight, l, "", 0, align, false, 0, "")
		}
		x += w
	}
	d.f.SetXY(x0, y+h)
}
