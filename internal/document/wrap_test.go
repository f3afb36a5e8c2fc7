package document

import (
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// TestWrapLongWord: a complaint address wider than its table cell is broken
// after a "/", "." or "@" where it can be, and by characters where it
// cannot, every piece within the width and nothing lost; words that fit are
// wrapped at spaces only, never at the no-break space of an amount.
func TestWrapLongWord(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(family, "", regularTTF)
	f.SetFont(family, "", bodySize)
	d := &pdfDoc{f: f, width: 174}
	const width = 30.0
	for _, s := range []string{
		"https://www.mobiquity-media.example/reclamations/contact-plus",
		"reclamation.service.clients@mobiquity-media.example",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	} {
		lines := d.wrap("Écrire à "+s+" sous 2 mois", width)
		for _, l := range lines {
			if w := f.GetStringWidth(l); w > width {
				t.Errorf("%q is %.1f mm wide, more than %.0f", l, w, width)
			}
		}
		if got := strings.Join(lines, "\n"); strings.ReplaceAll(strings.ReplaceAll(got, "\n", ""), " ", "") != strings.ReplaceAll("Écrire à "+s+" sous 2 mois", " ", "") {
			t.Errorf("%q wrapped loses text: %q", s, got)
		}
	}
	want := []string{"Écrire à", "https://www.", "mobiquity-", "media.example/", "reclamations/", "contact-plus sous", "2 mois"}
	if got := d.wrap("Écrire à https://www.mobiquity-media.example/reclamations/contact-plus sous 2 mois", width); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("a web address is broken as %q, want %q", got, want)
	}
	if lines := d.wrap("Total 1\u202f432,00\u00a0€ de moins", 22); lines[0] != "Total" || lines[1] != "1\u202f432,00\u00a0€" {
		t.Errorf("an amount is split: %q", lines)
	}
}
