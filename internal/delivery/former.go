package delivery

import (
	"regexp"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// RuleID names a rule a delivery must pass; a refusal's message names it, so
// whoever reads the refusal knows which rule to look up.
type RuleID string

// The rules every text to a former customer passes before it is queued. They
// come from story 5 (DESIGN §1): after he left, a man was told, by a
// voicemail he could not answer, to call 614 — a line only subscribers reach
// — or see his incident closed. Each rule has its own error code, so the
// system that asked knows what to fix. CheckFormerCustomerText applies them
// in the order below: first whether he may be written to at all, then what
// the text says.
const (
	// RuleFormerOwnMatter: a former customer is written to only about his own
	// matters. An apology or a notice must name his case (case_id) or his
	// promise (commitment_id); a receipt (of his cancellation, of his
	// dispute) is itself his matter and needs neither. The matter need not
	// be open: telling him how it ended (a promise withdrawn) is about it
	// too. That the case or promise is his is checked where the records are
	// (app.Deliveries.Queue). Refused with code former_customer_no_matter on
	// field kind. Source: DESIGN §1 story 5 ("contacted only for what the law
	// or his own request needs") and §4 (former customer: service contact
	// only about his own matters).
	RuleFormerOwnMatter RuleID = "former_own_matter"
	// RuleFormerNoMarketing: an offer, the best-tariff advice and the
	// commitment-end notice sell to someone who has no contract any more;
	// a former customer gets them only if he opted in to sales contacts on
	// the channel the delivery travels by (a granted sales consent for that
	// channel; a bill insert goes by post, as a letter). A matter of his does
	// not stand in for the consent. Refused with code
	// former_customer_marketing on field kind. Source: DESIGN §4 (former
	// customer: no sales unless opted in), as contactpolicy's former_customer
	// rule judges a sales call.
	RuleFormerNoMarketing RuleID = "former_no_marketing"
	// RuleFormerNoSubscriberOnly: the text gives no number only subscribers
	// can call (tact.Operator.SubscriberOnly), whatever the spacing: numbers
	// are compared digits only, so "6 14" is 614. Refused with code
	// subscriber_only_number on field body. Source: DESIGN §1 story 5 and §4
	// (former customer: never a subscriber-only channel).
	RuleFormerNoSubscriberOnly RuleID = "former_no_subscriber_only_number"
	// RuleFormerSupportNumber: the text gives the operator's free support
	// number for the customer's jurisdiction (tact.Operator.SupportPhone),
	// the one line a former customer can still call about his matters;
	// another jurisdiction's number does not count. Refused with code
	// support_number_missing on field body. Source: C. conso. art. L121-16
	// (the number a consumer calls about the performance of his contract or
	// a complaint may not be surcharged, and is given in the contract and
	// the correspondence); DESIGN §1 stories 1 and 5 (every customer-facing
	// text shows a free support number).
	RuleFormerSupportNumber RuleID = "former_free_support_number"
)

// marketingKinds are the kinds that sell (RuleFormerNoMarketing).
var marketingKinds = []Kind{Offer, BestTariff, CommitmentEnd}

// numberRun finds numbers as written in texts: a run of digits with spaces,
// dots or dashes between them ("614", "0 800 940 940", "1-888-555-0140").
// A run stops at anything else, a line break included: a number split over
// two lines is two numbers.
var numberRun = regexp.MustCompile(`\d[\d .\-]*\d|\d`)

// CheckFormerCustomerText checks a delivery to customer c against the rules
// for former customers, in order: RuleFormerNoMarketing or
// RuleFormerOwnMatter (by its kind), then, on its subject and body,
// RuleFormerNoSubscriberOnly and RuleFormerSupportNumber. It returns the
// first rule broken, as a field error with the rule's code; nil when c is
// not a former customer. It is the one place these rules are written:
// every delivery is queued through app.Deliveries.Queue, which calls it.
//
// A number is a run of digits as numberRun reads it, compared digits only:
// "0 800 940 940", "0800 940 940" and "0800.940.940" are one number. A run
// is one number: "0 800 940 940 7 j/7" reads as 08009409407, so a number
// is written apart from other figures.
func CheckFormerCustomerText(d *Delivery, c *customer.Customer, op tact.Operator) error {
	if c == nil || c.Status != customer.Former {
		return nil
	}
	switch {
	case slices.Contains(marketingKinds, d.Kind):
		ch := d.Method.Channel()
		if k, ok := c.Consent(ch, tact.PurposeSales); !ok || !k.Granted {
			return tact.FieldError(tact.CodeFormerMarketing, "kind",
				"%s to a former customer who has not opted in to offers by %s (rule %s)", d.Kind, ch, RuleFormerNoMarketing)
		}
	case d.Kind == Receipt:
	case d.CaseID == "" && d.CommitmentID == "":
		return tact.FieldError(tact.CodeFormerNoMatter, "kind",
			"a former customer is written to only about his own matters: a %s to him names his case (case_id) or his promise (commitment_id) (rule %s)", d.Kind, RuleFormerOwnMatter)
	}

	var numbers []string
	for _, run := range numberRun.FindAllString(d.Subject+"\n"+d.Body, -1) {
		digits := onlyDigits(run)
		for _, n := range op.SubscriberOnly {
			if onlyDigits(n) == digits {
				return tact.FieldError(tact.CodeSubscriberOnlyNumber, "body",
					"the text gives %s, a number only subscribers can call, to a former customer; give the free support number instead (rule %s)",
					strings.TrimSpace(run), RuleFormerNoSubscriberOnly)
			}
		}
		numbers = append(numbers, digits)
	}
	support := op.SupportPhone[c.Jurisdiction]
	if onlyDigits(support) == "" {
		return tact.FieldError(tact.CodeSupportNumberMissing, "body",
			"the operator has no free support number for %s, and a text to a former customer must give it (rule %s)", c.Jurisdiction, RuleFormerSupportNumber)
	}
	if !slices.Contains(numbers, onlyDigits(support)) {
		return tact.FieldError(tact.CodeSupportNumberMissing, "body",
			"a text to a former customer gives the free support number for %s, %s: it is the one line he can still call (rule %s)",
			c.Jurisdiction, support, RuleFormerSupportNumber)
	}
	return nil
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
