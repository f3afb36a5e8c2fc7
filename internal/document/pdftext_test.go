package document_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// pdfPage is what a test reads back of one page of a PDF.
type pdfPage struct {
	// Text is the text shown, one line per text-showing operator.
	Text string
	// MediaBox is the page's size in points.
	MediaBox [4]float64
	// Embedded reports whether every font the page uses carries its font
	// program (FontFile2), so that it renders on a machine without it.
	Embedded bool
}

// readPDF reads back the pages of a PDF as a text extractor would.
//
// github.com/ledongthuc/pdf (pure Go, no dependencies) parses the file: the
// cross-reference table, the objects, the Flate-compressed streams, the page
// tree, and it runs each page's content stream. The codes each text operator
// shows are mapped to Unicode here, through the font's own ToUnicode CMap,
// because the library's CMap decoder cannot read fpdf's: fpdf maps every
// two-byte code in a single range, "<0000> <FFFF> <0000>", and the library
// adds the offset in a range to the destination's last byte only (as ISO
// 32000-1 §9.10.3 lets it assume a range never crosses 256 codes), so it
// reads "€" (U+20AC) as "¬" (U+00AC). Viewers and pdftotext read the range
// whole; so does cmap.decode.
func readPDF(t *testing.T, b []byte) []pdfPage {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the PDF does not parse: %v", err)
	}
	var pages []pdfPage
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		var pg pdfPage
		// MediaBox is inherited from the page tree when the page has none.
		mb := p.V.Key("MediaBox")
		for v := p.V; mb.IsNull() && !v.IsNull(); v = v.Key("Parent") {
			mb = v.Key("MediaBox")
		}
		for k := 0; k < 4 && k < mb.Len(); k++ {
			pg.MediaBox[k] = mb.Index(k).Float64()
		}
		fonts := map[string]*cmap{}
		pg.Embedded = true
		for _, name := range p.Fonts() {
			f := p.Font(name)
			fonts[name] = readCMap(t, f.V.Key("ToUnicode"))
			desc := f.V.Key("DescendantFonts").Index(0).Key("FontDescriptor")
			if desc.Key("FontFile2").Kind() != pdf.Stream {
				pg.Embedded = false
			}
		}
		var text strings.Builder
		var font *cmap
		show := func(v pdf.Value) {
			if font == nil {
				t.Fatalf("page %d shows text before choosing a font", i)
			}
			text.WriteString(font.decode(v.RawString()))
		}
		pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
			args := make([]pdf.Value, stk.Len())
			for k := len(args) - 1; k >= 0; k-- {
				args[k] = stk.Pop()
			}
			switch op {
			case "Tf":
				font = fonts[args[0].Name()]
			case "Tj", "'":
				show(args[len(args)-1])
				text.WriteByte('\n')
			case "\"":
				show(args[2])
				text.WriteByte('\n')
			case "TJ":
				a := args[0]
				for k := 0; k < a.Len(); k++ {
					if a.Index(k).Kind() == pdf.String {
						show(a.Index(k))
					}
				}
				text.WriteByte('\n')
			}
		})
		pg.Text = text.String()
		pages = append(pages, pg)
	}
	return pages
}

// cmap is a ToUnicode CMap: source codes of one length to Unicode.
type cmap struct {
	width  int // bytes per code
	chars  map[uint32][]rune
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi uint32
	dst    []rune   // first destination, incremented through the range
	array  [][]rune // or one destination per code
}

var hexString = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)

// readCMap parses the codespace, bfchar and bfrange sections of a ToUnicode
// stream, which is all a text extractor uses.
func readCMap(t *testing.T, v pdf.Value) *cmap {
	t.Helper()
	if v.Kind() != pdf.Stream {
		t.Fatal("a font has no ToUnicode map: its text cannot be read back")
	}
	rd := v.Reader()
	defer rd.Close()
	raw, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("ToUnicode: %v", err)
	}
	m := &cmap{chars: map[uint32][]rune{}}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasSuffix(line, "begincodespacerange"), strings.HasSuffix(line, "beginbfchar"), strings.HasSuffix(line, "beginbfrange"):
			f := strings.Fields(line)
			section = f[len(f)-1]
			continue
		case strings.HasPrefix(line, "end"):
			section = ""
			continue
		}
		hs := hexString.FindAllStringSubmatch(line, -1)
		switch section {
		case "begincodespacerange":
			m.width = len(hs[0][1]) / 2
		case "beginbfchar":
			m.chars[code(t, hs[0][1])] = utf16Runes(t, hs[1][1])
		case "beginbfrange":
			r := cmapRange{lo: code(t, hs[0][1]), hi: code(t, hs[1][1])}
			if strings.Contains(line, "[") {
				for _, h := range hs[2:] {
					r.array = append(r.array, utf16Runes(t, h[1]))
				}
			} else {
				r.dst = utf16Runes(t, hs[2][1])
			}
			m.ranges = append(m.ranges, r)
		}
	}
	if m.width == 0 {
		t.Fatal("ToUnicode has no codespace range")
	}
	return m
}

func code(t *testing.T, h string) uint32 {
	t.Helper()
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatalf("CMap code <%s>: %v", h, err)
	}
	var n uint32
	for _, c := range b {
		n = n<<8 | uint32(c)
	}
	return n
}

func utf16Runes(t *testing.T, h string) []rune {
	t.Helper()
	b, err := hex.DecodeString(h)
	if err != nil || len(b)%2 != 0 {
		t.Fatalf("CMap destination <%s> is not UTF-16BE", h)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return utf16.Decode(u)
}

// decode maps the codes of a shown string to text; a code the map does not
// cover reads U+FFFD, so that a test looking for the text fails.
func (m *cmap) decode(s string) string {
	var out []rune
	for len(s) >= m.width {
		var c uint32
		for i := 0; i < m.width; i++ {
			c = c<<8 | uint32(s[i])
		}
		s = s[m.width:]
		out = append(out, m.lookup(c)...)
	}
	return string(out)
}

func (m *cmap) lookup(c uint32) []rune {
	if r, ok := m.chars[c]; ok {
		return r
	}
	for _, r := range m.ranges {
		if c < r.lo || c > r.hi {
			continue
		}
		if r.array != nil {
			if int(c-r.lo) < len(r.array) {
				return r.array[c-r.lo]
			}
			break
		}
		d := append([]rune(nil), r.dst...)
		d[len(d)-1] += rune(c - r.lo)
		return d
	}
	return []rune{'\uFFFD'}
}
