package billing

import (
	"fmt"

	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// CapWarning is the message that tells a customer his out-of-plan roaming
// or usage has reached CapWarning percent of its cap (EU Regulation
// 2022/612 Art. 14: the customer is warned before the cut-off; CRTC Wireless
// Code G: notified as the cap nears), in his language and form of address:
// the subject and the text of the notice.
func CapWarning(p wording.Person, rule RuleID, spent, cap tact.Money, operator, support string) (subject, text string) {
	fr := wording.French(p.Language)
	amount := func(m tact.Money) string { return wording.Money(m, p.Language) }
	what := map[bool]string{true: "itinérance hors forfait", false: "out-of-plan roaming"}[fr]
	switch rule {
	case RuleOverageCap:
		what = map[bool]string{true: "hors-forfait", false: "out-of-plan usage"}[fr]
	case RuleThirdPartyCap:
		what = map[bool]string{true: "achat de services de tiers", false: "third-party spend"}[fr]
	}
	pct := spent.Cents * 100 / max(cap.Cents, 1)
	if !fr {
		subject = fmt.Sprintf("Your %s has reached %d%% of its %s limit", what, pct, amount(cap))
		text = fmt.Sprintf("%s\n\nYour %s on this bill comes to %s, %d%% of the %s limit. Beyond it, nothing more is charged unless you agree to it.\n\n"+
			"Questions? Our support answers free of charge on %s.\n\n%s", p.Greeting(), what, amount(spent), pct, amount(cap), support, operator)
		return subject, text
	}
	subject = p.VousTu(fmt.Sprintf("Votre %s atteint %d\u00a0%% de son plafond de %s", what, pct, amount(cap)),
		fmt.Sprintf("Ton %s atteint %d\u00a0%% de son plafond de %s", what, pct, amount(cap)))
	text = p.Greeting() + "\n\n" +
		p.VousTu(fmt.Sprintf("Votre %s sur cette facture s'élève à %s, soit %d\u00a0%% du plafond de %s. Au-delà, rien de plus ne vous sera facturé sans votre accord.", what, amount(spent), pct, amount(cap)),
			fmt.Sprintf("Ton %s sur cette facture s'élève à %s, soit %d\u00a0%% du plafond de %s. Au-delà, rien de plus ne te sera facturé sans ton accord.", what, amount(spent), pct, amount(cap))) +
		"\n\n" + p.VousTu("Une question ? Notre service client vous répond gratuitement au "+support+".", "Une question ? Notre service client te répond gratuitement au "+support+".") +
		"\n\n" + operator
	return subject, text
}
