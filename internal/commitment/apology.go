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
	made := wording.ShortDate(c.CreatedAt.In(loc), p.Language)
	newDue := c.Due
	if c.NewDue != nil {
		newDue = *c.NewDue
	}
	by := wording.Date(newDue.In(loc), p.Language)
	support := op.SupportPhone[j]
	// The quote sits inside our sentence, which ends it: « … reposée ». Not « … reposée. ».
	words := strings.TrimRight(strings.TrimSpace(c.Words), ".")
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
