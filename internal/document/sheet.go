package document

import "strconv"

// sheet is a document's content in the customer's words, made once and drawn
// by both the HTML and the PDF renderers, so that the page and the PDF
// cannot disagree. It knows nothing of offers or bills: each document writes
// its content as sections of parts (paragraphs, lists, tables, boxes), and
// the renderers draw any sheet the same way.
type sheet struct {
	// Lang is the BCP 47 tag of the text (the customer's language).
	Lang string
	// Operator signs the document: printed above it, and its author.
	Operator string
	// Title names the document (the page's title, the PDF's); Subject
	// tells which one it is (the PDF's subject).
	Title, Subject string
	Sections       []section
	// Footer ends the page and every PDF page: the operator and its free
	// support number (story 1).
	Footer string
}

// section is a titled part of a document: a heading, then its parts in
// order.
type section struct {
	// ID is the heading's id, which the section and its tables are labelled
	// by; unique within the document.
	ID      string
	Heading string
	// Level is the heading's rank: 1 the document's title, 2 a section, 3 a
	// subsection, 4 below (an offer printed inside a bill is one level down).
	Level int
	// NewPage starts the section on a page of its own in the PDF and when
	// the page is printed: a contract summary, an insert.
	NewPage bool
	// Framed draws a frame around the section in HTML: a document within the
	// document, such as the contract summary.
	Framed bool
	Parts  []part
}

// Class is the section's HTML class: "summary" framed, "page" starting a
// printed page.
func (s section) Class() string {
	switch {
	case s.Framed && s.NewPage:
		return "summary page"
	case s.Framed:
		return "summary"
	case s.NewPage:
		return "page"
	}
	return ""
}

// partKind is what a part is, and so how it is drawn.
type partKind string

// Kinds of parts.
const (
	textPart     partKind = "text"     // a paragraph
	notePart     partKind = "note"     // a smaller paragraph: how figures are made
	strongPart   partKind = "strong"   // a paragraph in bold: the free number
	leadPart     partKind = "lead"     // a paragraph set apart: why an offer is made
	subtitlePart partKind = "subtitle" // the line under a title
	listPart     partKind = "list"     // bulleted Items
	factsPart    partKind = "facts"    // labelled Facts
	addressPart  partKind = "address"  // the recipient's address (Items) as on an envelope, the Facts beside it
	tablePart    partKind = "table"    // Table
	boxPart      partKind = "box"      // Items as paragraphs in a box of Tone
	groupPart    partKind = "group"    // Sections, side by side when Side and there is room
)

// tone is how a box is coloured and what it stresses. A box never says
// anything by colour alone: the words say it, the colour repeats it.
type tone string

// Tones of a box.
const (
	toneSaving tone = "saving" // good news: pale green
	toneDearer tone = "dearer" // a warning, its first paragraph in bold: pale red
	toneDue    tone = "due"    // what is asked of the customer, its first paragraph in bold: pale blue
)

// part is one element of a section.
type part struct {
	Kind  partKind
	Text  string
	Items []string
	Facts []fact
	Table *table
	Tone  tone
	// Sections of a group; Side lays them out in columns where the page
	// has room (HTML), one after the other otherwise (PDF).
	Sections []section
	Side     bool
}

// Class is the HTML class of a box.
func (p part) Class() string {
	switch p.Tone {
	case toneDearer:
		return "verdict dearer"
	case toneDue:
		return "verdict due"
	}
	return "verdict"
}

// Parts, by kind.
func text(s string) part       { return part{Kind: textPart, Text: s} }
func note(s string) part       { return part{Kind: notePart, Text: s} }
func strong(s string) part     { return part{Kind: strongPart, Text: s} }
func lead(s string) part       { return part{Kind: leadPart, Text: s} }
func subtitle(s string) part   { return part{Kind: subtitlePart, Text: s} }
func list(items []string) part { return part{Kind: listPart, Items: items} }
func facts(fs []fact) part     { return part{Kind: factsPart, Facts: fs} }
func tabled(t table) part      { return part{Kind: tablePart, Table: &t} }
func boxed(t tone, ps []string) part {
	return part{Kind: boxPart, Tone: t, Items: ps}
}

// paragraphs are texts, one part each.
func paragraphs(ps []string) []part {
	out := make([]part, len(ps))
	for i, p := range ps {
		out[i] = text(p)
	}
	return out
}

// table is a data table: Head names the columns, the first cell of each row
// names the row (a row header), Foot rows sum up. ID is the id of the
// heading the table is labelled by (its section's), Caption that heading's
// text. The last Amounts columns hold amounts, aligned right. Widths are
// the columns' widths on the PDF page, in millimetres.
type table struct {
	ID      string
	Caption string
	Amounts int
	Widths  []float64
	Head    []string
	Rows    [][]string
	Foot    [][]string
}

// Amount reports whether column i of the table holds amounts; the first
// column names its row and never does.
func (t table) Amount(i int) bool { return i > 0 && i >= len(t.Head)-t.Amounts }

// fact is a labelled value of a document's heading (line, date, reference).
type fact struct{ Label, Value string }

// nested returns sections to be printed inside another document: every
// heading down by shift levels and every id prefixed, so that headings keep
// their order and ids stay unique in the whole page.
func nested(secs []section, prefix string, shift int) []section {
	if len(secs) == 0 {
		return nil
	}
	out := make([]section, len(secs))
	for i, s := range secs {
		if s.ID != "" {
			s.ID = prefix + s.ID
		}
		s.Level += shift
		s.Parts = append([]part(nil), s.Parts...)
		for j, p := range s.Parts {
			if p.Table != nil {
				t := *p.Table
				t.ID = prefix + t.ID
				p.Table = &t
			}
			p.Sections = nested(p.Sections, prefix, shift)
			s.Parts[j] = p
		}
		out[i] = s
	}
	return out
}

// idOf is an id for the n-th (from 1) of a kind of section: "insert-2".
func idOf(kind string, n int) string { return kind + "-" + strconv.Itoa(n) }
