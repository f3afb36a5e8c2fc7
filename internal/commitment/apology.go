package commitment

import (
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Apology writes the customer's apology for a promise fallen overdue: what was
// promised, in the words used, that it was not done, the new date, and the
// free support number. French texts are written twice, for "vous" and for
// "tu", never assembled from fragments. Dates are read in loc.
func (c *Commitment) Apology(p wording.Person, op tact.Operator, j tact.Jurisdiction, loc *time.Location) (subject, body string) {
	made, words := c.told(p, loc)
	newDue := c.Due
	if c.NewDue != nil {
		newDue = *c.NewDue
	}
	by := wording.Date(newDue.In(loc), p.Language)
	support := op.SupportPhone[j]
	if wording.French(p.Language) {
		subject = "Nos excuses : " + p.VousTu("nous ne vous avons pas encore répondu", "nous ne t'avons pas encore répondu")
		body = p.Greeting() + "\n\n" +
			p.VousTu("Le "+made+", nous vous avons promis : « "+words+" ». Nous ne l'avons pas fait à la date dite, et nous vous prions de nous en excuser.",
				"Le "+made+", nous t'avons promis : « "+words+" ». Nous ne l'avons pas fait à la date dite, et nous te prions de nous en excuser.") + "\n\n" +
			p.VousTu("Nous nous engageons à le faire au plus tard le "+by+". Un responsable suit votre demande personnellement.",
				"Nous nous engageons à le faire au plus tard le "+by+". Un responsable suit ta demande personnellement.") + "\n\n" +
			p.VousTu("Pour toute question, notre service client vous répond gratuitement au "+support+".",
				"Pour toute question, notre service client te répond gratuitement au "+support+".") + "\n\n" +
			"Cordialement,\n" + op.Name
		return subject, body
	}
	subject = "Our apologies: we have not kept our promise yet"
	body = p.Greeting() + "\n\n" +
		"On " + made + " we promised you: “" + words + "”. We did not do it by the date we gave, and we apologise.\n\n" +
		"We will do it by " + by + " at the latest. A supervisor is following your request personally.\n\n" +
		"If you have any question, our customer service answers free of charge on " + support + ".\n\n" +
		"Kind regards,\n" + op.Name
	return subject, body
}

// Withdrawal writes what the customer is told when a promise is cancelled:
// what was promised, in the words used, that it will not be done and why (the
// reason as the advisor wrote it for the customer), an apology and the free
// support number. Like Apology, French is written for "vous" and for "tu".
func (c *Commitment) Withdrawal(p wording.Person, op tact.Operator, j tact.Jurisdiction, loc *time.Location) (subject, body string) {
	made, words := c.told(p, loc)
	reason := strings.TrimSpace(c.CancelReason)
	if !strings.ContainsAny(reason[len(reason)-1:], ".!?") {
		reason += "."
	}
	support := op.SupportPhone[j]
	if wording.French(p.Language) {
		subject = "Au sujet de notre promesse du " + made
		body = p.Greeting() + "\n\n" +
			p.VousTu("Le "+made+", nous vous avons promis : « "+words+" ». Nous ne pourrons pas le faire, pour la raison suivante : "+reason,
				"Le "+made+", nous t'avons promis : « "+words+" ». Nous ne pourrons pas le faire, pour la raison suivante : "+reason) + "\n\n" +
			p.VousTu("Nous vous prions de nous en excuser. Si cette réponse ne vous convient pas, notre service client vous répond gratuitement au "+support+".",
				"Nous te prions de nous en excuser. Si cette réponse ne te convient pas, notre service client te répond gratuitement au "+support+".") + "\n\n" +
			"Cordialement,\n" + op.Name
		return subject, body
	}
	subject = "About our promise of " + made
	body = p.Greeting() + "\n\n" +
		"On " + made + " we promised you: “" + words + "”. We will not be able to do it, for this reason: " + reason + "\n\n" +
		"We apologise. If this answer does not suit you, our customer service answers free of charge on " + support + ".\n\n" +
		"Kind regards,\n" + op.Name
	return subject, body
}

// told returns when the promise was made, as the customer reads dates, and
// the words told, ready to quote: the quote sits inside our sentence, which
// ends it (« … reposée », not « … reposée. »).
func (c *Commitment) told(p wording.Person, loc *time.Location) (made, words string) {
	return wording.ShortDate(c.CreatedAt.In(loc), p.Language), strings.TrimRight(strings.TrimSpace(c.Words), ".")
}
