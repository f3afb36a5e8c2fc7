package document

import "strings"

// Cover is the email that carries the comparison: its subject and a plain
// text body every mail reader shows (the greeting, what the offer would cost
// more or less, how to accept, the free number). The full comparison goes
// beside it, as HTML and as the attached PDF.
func (c Comparison) Cover() (subject, text string, err error) {
	s, err := c.text()
	if err != nil {
		return "", "", err
	}
	w := newWriter(c.Customer)
	subject = w.say("Votre offre par écrit : %s", "Ton offre par écrit : %s", "Your offer in writing: %s", c.Offer.Name.In(string(w.lang)))
	var b strings.Builder
	para := func(lines ...string) {
		for _, l := range lines {
			if l != "" {
				b.WriteString(l)
				b.WriteString("\n")
			}
		}
		b.WriteString("\n")
	}
	para(s.Greeting)
	para(s.Intro)
	para(s.Verdict.Paragraphs...)
	para(s.Accept.Paragraphs...)
	for _, it := range s.Accept.Items {
		b.WriteString("  - " + it + "\n")
	}
	b.WriteString("\n")
	para(s.Accept.Closing...)
	para(w.say("Le détail, mois par mois, et le récapitulatif contractuel sont dans le document joint (PDF).",
		"Le détail, mois par mois, et le récapitulatif contractuel sont dans le document joint (PDF).",
		"The month-by-month detail and the contract summary are in the attached document (PDF)."))
	para(s.Footer)
	return subject, strings.TrimRight(b.String(), "\n") + "\n", nil
}
