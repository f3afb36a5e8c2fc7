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
	// dispute) and a security notice (how he signs in changed) are
	// themselves his matter and need neither. The matter need not
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

// number is a number found in a text: as written, and its digits.
type number struct{ written, digits string }

// numbersIn returns the numbers of text one could dial: the runs of
// numberRun, less those that are part of something else — glued to a letter
// or an underscore (an id or a reference: "can_01KK614AB", "FR-614G"), or
// followed by a decimal comma (an amount: "614,00 €").
func numbersIn(text string) []number {
	var out []number
	for _, at := range numberRun.FindAllStringIndex(text, -1) {
		before, after := text[:at[0]], text[at[1]:]
		if endsInWord(before) || startsWithWord(after) || (len(after) > 1 && after[0] == ',' && isDigit(after[1])) {
			continue
		}
		run := text[at[0]:at[1]]
		out = append(out, number{written: strings.TrimSpace(run), digits: onlyDigits(run)})
	}
	return out
}

func endsInWord(s string) bool     { return s != "" && isWord(s[len(s)-1]) }
func startsWithWord(s string) bool { return s != "" && isWord(s[0]) }

// isWord reports whether b is an ASCII letter or an underscore: what
// glues a run of digits into an id. Digits are not in it (a run takes
// them all), nor any byte of a UTF-8 letter (é, ñ): a number after
// "numéro" still counts.
func isWord(b byte) bool { return b == '_' || (b|0x20 >= 'a' && b|0x20 <= 'z') }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// CheckFormerCustomerText checks a delivery to customer c against the rules
// for former customers, in order: RuleFormerNoMarketing or
// RuleFormerOwnMatter (by its kind), then, on its subject and body,
// RuleFormerNoSubscriberOnly and RuleFormerSupportNumber. It returns the
// first rule broken, as a field error with the rule's code; nil when c is
// not a former customer. It is the one place these rules are written:
// every delivery is queued through app.Deliveries.Queue, which calls it.
//
// A number is a run of digits as numbersIn reads it, compared digits only:
// "0 800 940 940", "0800 940 940" and "0800.940.940" are one number. A run
// is one number: "0 800 940 940 7 j/7" reads as 08009409407, so a number
// is written apart from other figures. Digits inside an id or a reference,
// and amounts with a decimal comma, are not numbers one dials.
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
	case d.Kind == Receipt || d.Kind == Security:
	case d.CaseID == "" && d.CommitmentID == "":
		return tact.FieldError(tact.CodeFormerNoMatter, "kind",
			"a former customer is written to only about his own matters: a %s to him names his case (case_id) or his promise (commitment_id) (rule %s)", d.Kind, RuleFormerOwnMatter)
	}

	numbers := numbersIn(d.Subject + "\n" + d.Body)
	for _, n := range numbers {
		for _, only := range op.SubscriberOnly {
			if onlyDigits(only) == n.digits {
				return tact.FieldError(tact.CodeSubscriberOnlyNumber, "body",
					"the text gives %s, a number only subscribers can call, to a former customer; give the free support number instead (rule %s)",
					n.written, RuleFormerNoSubscriberOnly)
			}
		}
	}
	support := op.SupportPhone[c.Jurisdiction]
	if onlyDigits(support) == "" {
		return tact.FieldError(tact.CodeSupportNumberMissing, "body",
			"the operator has no free support number for %s, and a text to a former customer must give it (rule %s)", c.Jurisdiction, RuleFormerSupportNumber)
	}
	if !slices.ContainsFunc(numbers, func(n number) bool { return n.digits == onlyDigits(support) }) {
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
