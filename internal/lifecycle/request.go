package lifecycle

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Kind is how a cancellation was asked for.
type Kind string

// Kinds.
const (
	// ByRequest: the customer asked the operator (online, by letter, by
	// phone): three steps, request, preview, confirm.
	ByRequest Kind = "cancellation"
	// ByPortOut: the customer asked another operator to take his number;
	// the portability request is the cancellation of that line (CPCE
	// D.406-18 in France; CRTC wireless number portability in Canada).
	ByPortOut Kind = "port_out"
)

// Kinds lists every kind.
var Kinds = []Kind{ByRequest, ByPortOut}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Status is where a cancellation is.
type Status string

// Statuses: previewed (the customer sees what will happen, nothing has
// changed), confirmed (the request is received, the receipt sent, the
// customer cancelling), completed (the end date has passed: the lines have
// ended, the customer is former when no line is left).
const (
	Previewed Status = "previewed"
	Confirmed Status = "confirmed"
	Completed Status = "completed"
)

// Statuses lists every status.
var Statuses = []Status{Previewed, Confirmed, Completed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Request is what a customer gives to cancel: the fields the French consumer
// code asks an operator to accept online (C. conso. D.215-2: the consumer's
// identity, the contract's reference, and for a telecom contract the line
// numbers concerned), and the end date he wants, if later than the law's.
type Request struct {
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	// AccountNumber is the contract's reference: the customer's account
	// number as printed on his bills.
	AccountNumber string `json:"account_number"`
	// Lines are the numbers of the lines to end, as the customer writes
	// them; none means every line still in service.
	Lines []string `json:"lines"`
	// WantedEndDate is the day the customer wants the contract to end; zero
	// for as soon as the law allows.
	WantedEndDate tact.Date `json:"wanted_end_date,omitzero"`
}

// PortOut is the portability request that cancels a line: the number, the
// French RIO (relevé d'identité opérateur) that proves the subscriber asked
// for it, and the day the number leaves.
type PortOut struct {
	Number string    `json:"number"`
	RIO    string    `json:"rio,omitempty"`
	Date   tact.Date `json:"date"`
}

// rioPattern is a RIO's shape: the operator's two characters, P (a person)
// or E (a business), six characters of reference and a three-character key
// (ARCEP decision 2012-0576, annex: "OO Q RRRRRR CCC"). The key's
// computation is the operators' and not checked here.
var rioPattern = regexp.MustCompile(`^[0-9A-Z]{2}[PE][0-9A-Z+]{6}[0-9A-Z+]{3}$`)

// Validate checks a port-out of a line of jurisdiction j on today (the
// customer's date): a number, a date not in the past and, in France, a RIO
// of the right shape.
func (p *PortOut) Validate(j tact.Jurisdiction, today tact.Date) error {
	p.RIO = strings.ToUpper(strings.Join(strings.Fields(p.RIO), ""))
	switch {
	case strings.TrimSpace(p.Number) == "":
		return tact.FieldError(tact.CodeRequired, "number", "the number that leaves")
	case p.Date.IsZero():
		return tact.FieldError(tact.CodeRequired, "date", "the day the number leaves, YYYY-MM-DD")
	case p.Date.Before(today):
		return tact.FieldError(tact.CodeInvalid, "date", "the number cannot leave in the past (%s is before %s)", p.Date, today)
	case j == tact.FR && p.RIO == "":
		return tact.FieldError(tact.CodeRequired, "rio", "a French port-out carries the subscriber's RIO")
	case p.RIO != "" && !rioPattern.MatchString(p.RIO):
		return tact.FieldError(tact.CodeInvalid, "rio", "a RIO has 12 characters: operator (2), P or E, reference (6), key (3)")
	}
	return nil
}

// LineEnd is what a cancellation does to one line.
type LineEnd struct {
	LineID   string `json:"line_id"`
	Number   string `json:"number"`
	PlanCode string `json:"plan_code"`
	// EndDate is the line's last day of service.
	EndDate tact.Date `json:"end_date"`
	// EarlyFee is what ending it before its commitment costs (RuleEarlyFee).
	EarlyFee tact.Money `json:"early_fee"`
	// FinalCharges estimates the subscription still billed: the plan and
	// options from the first of the end date's month to the end date, pro
	// rata.
	FinalCharges tact.Money `json:"final_charges"`
}

// Credit is a pending credit note the final bill refunds.
type Credit struct {
	CreditNoteID string     `json:"credit_note_id"`
	Amount       tact.Money `json:"amount"`
	Reason       string     `json:"reason"`
}

// Preview is what a cancellation will do, told before the customer confirms
// and repeated in his receipt: when it ends, what the final bill should
// come to and why, the fees, the credits refunded, and how to keep the
// number. It carries no offer: no retention step stands in the path.
type Preview struct {
	// EndDate is the last day of service of the lines ended.
	EndDate tact.Date `json:"end_date"`
	Lines   []LineEnd `json:"lines"`
	// WholeAccount is true when no line is left in service: the customer
	// becomes former at the end date.
	WholeAccount bool `json:"whole_account"`
	// Fees is the sum of the early termination fees.
	Fees tact.Money `json:"fees"`
	// Credits are the pending credit notes the final bill refunds;
	// CreditsTotal their sum.
	Credits      []Credit   `json:"credits"`
	CreditsTotal tact.Money `json:"credits_total"`
	// FinalBillEstimate is the final charges and fees less the credits; a
	// negative amount is owed to the customer and refunded
	// (RuleRefundDelay).
	FinalBillEstimate tact.Money `json:"final_bill_estimate"`
	// Effects say it all in words, in French and English, "vous" (the
	// receipt speaks the customer's own form of address).
	Effects []tact.Text `json:"effects"`
	// KeepNumber is how to keep the number rather than lose it at the end.
	KeepNumber tact.Text `json:"keep_number"`
}

// Cancellation is a customer's request to end his contract or some of its
// lines, from preview to completion.
type Cancellation struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	Kind       Kind   `json:"kind"`
	Status     Status `json:"status"`
	// Key is the client's Idempotency-Key: the same key, for the same
	// customer, is the same cancellation.
	Key     string   `json:"idempotency_key"`
	Request Request  `json:"request"`
	PortOut *PortOut `json:"port_out,omitempty"`
	Preview Preview  `json:"preview"`
	// ReceivedAt is when the confirmed request was received: the day the
	// law's delays count from.
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	// ReceiptDeliveryID is the written receipt sent on confirmation.
	ReceiptDeliveryID string     `json:"receipt_delivery_id,omitempty"`
	CompletedAt       *time.Time `json:"completed_at,omitempty"`
	Version           int        `json:"version"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// RuleRefundDelay: money owed to a leaving customer (sums paid in advance,
// a deposit, a final bill in his favour) is refunded at the latest ten days
// after the last bill is paid (French consumer code, electronic
// communications contracts, L224-26 and following, as issue 7 states the
// rule; the exact article was not verified). Québec: the Wireless Code sets
// no delay; tact applies the same ten days.
const RuleRefundDelay = "refund_delay"

// RefundDelayDays is RuleRefundDelay's delay.
const RefundDelayDays = 10

// RefundBy is when money owed on a final bill must be back with the
// customer (RuleRefundDelay): ten days after the bill was settled, which a
// bill in his favour is when it is issued.
func RefundBy(settled time.Time) time.Time { return settled.AddDate(0, 0, RefundDelayDays) }

// Prices are the monthly prices of the catalogue's plans and options, in
// cents, by code: what the estimate of the final bill is made of.
type Prices struct {
	Plans   map[string]int64
	Options map[string]int64
}

// monthly is what a line costs a month, plan and options.
func (p Prices) monthly(l *customer.Line) (plan, all int64) {
	plan = p.Plans[l.PlanCode]
	all = plan
	for _, o := range l.Options {
		all += p.Options[o]
	}
	return plan, all
}

// Plan checks a request against the customer and his lines and tells what
// it will do if confirmed at now: the lines it ends (those named, else every
// line in service), the end date (RuleEndDate), the fees (RuleEarlyFee),
// the credits the final bill refunds, and the estimate of the final bill.
// Identity is checked as the law lets the operator check it: the names and
// the contract reference must be the customer's (accents, case and
// punctuation aside), each number one of his lines still in service.
func Plan(c *customer.Customer, lines []*customer.Line, r Request, prices Prices, credits []*billing.CreditNote, now time.Time) (Preview, error) {
	r.GivenName, r.FamilyName, r.AccountNumber = strings.TrimSpace(r.GivenName), strings.TrimSpace(r.FamilyName), strings.TrimSpace(r.AccountNumber)
	switch {
	case r.FamilyName == "":
		return Preview{}, tact.FieldError(tact.CodeRequired, "family_name", "the name of the account holder")
	case r.GivenName == "" && c.GivenName != "":
		return Preview{}, tact.FieldError(tact.CodeRequired, "given_name", "the given name of the account holder")
	case customer.NameKey(r.FamilyName, r.GivenName) != customer.NameKey(c.FamilyName, c.GivenName):
		return Preview{}, tact.FieldError(tact.CodeInvalid, "family_name", "the name is not the account holder's")
	case c.AccountNumber != "" && r.AccountNumber == "":
		return Preview{}, tact.FieldError(tact.CodeRequired, "account_number", "the contract reference: the customer number printed on the bills")
	case c.AccountNumber != "" && !strings.EqualFold(r.AccountNumber, c.AccountNumber):
		return Preview{}, tact.FieldError(tact.CodeInvalid, "account_number", "this is not the customer number of the account")
	}
	live := slices.DeleteFunc(slices.Clone(lines), func(l *customer.Line) bool { return l.Status == customer.LineEnded })
	var ending []*customer.Line
	for i, n := range r.Lines {
		field := "lines[" + strconv.Itoa(i) + "]"
		e164, _, err := customer.NormalizePhone(n, c.Jurisdiction.PhoneRegion())
		if err != nil {
			return Preview{}, tact.FieldError(tact.CodeInvalidPhone, field, "%q is not a phone number", n)
		}
		k := slices.IndexFunc(live, func(l *customer.Line) bool { return l.Number == e164 })
		if k < 0 {
			return Preview{}, tact.FieldError(tact.CodeInvalid, field, "%s is not a line of this account in service", n)
		}
		if !slices.Contains(ending, live[k]) {
			ending = append(ending, live[k])
		}
	}
	if len(r.Lines) == 0 {
		ending = live
	}
	if len(ending) == 0 {
		return Preview{}, tact.FieldError(tact.CodeInvalid, "lines", "the account has no line in service to cancel")
	}
	today := tact.DateOf(now.In(c.Location()))
	if !r.WantedEndDate.IsZero() && r.WantedEndDate.Before(today) {
		return Preview{}, tact.FieldError(tact.CodeInvalid, "wanted_end_date", "a contract cannot end in the past (%s is before %s)", r.WantedEndDate, today)
	}
	end := EndDate(c.Jurisdiction, today, r.WantedEndDate)
	return preview(c, ending, len(ending) == len(live), end, prices, credits), nil
}

// PlanPortOut tells what a port-out of line does: it ends on the day the
// number leaves, with the same fees, credits and estimate as a
// cancellation of that line.
func PlanPortOut(c *customer.Customer, lines []*customer.Line, line *customer.Line, p PortOut, prices Prices, credits []*billing.CreditNote) Preview {
	live := 0
	for _, l := range lines {
		if l.Status != customer.LineEnded {
			live++
		}
	}
	return preview(c, []*customer.Line{line}, live <= 1, p.Date, prices, credits)
}

// preview costs the end of lines on end and words it.
func preview(c *customer.Customer, lines []*customer.Line, whole bool, end tact.Date, prices Prices, credits []*billing.CreditNote) Preview {
	cur := c.Jurisdiction.Currency()
	money := func(cents int64) tact.Money { return tact.Money{Cents: cents, Currency: cur} }
	p := Preview{EndDate: end, WholeAccount: whole, Lines: []LineEnd{}, Credits: []Credit{}}
	var fees, charges, refunded int64
	for _, l := range lines {
		plan, all := prices.monthly(l)
		fee := EarlyFee(c.Jurisdiction, l.StartedOn, l.CommitmentEndsOn, end, plan)
		final := ProRata(all, end)
		fees, charges = fees+fee, charges+final
		p.Lines = append(p.Lines, LineEnd{LineID: l.ID, Number: l.Number, PlanCode: l.PlanCode, EndDate: end,
			EarlyFee: money(fee), FinalCharges: money(final)})
	}
	// Credits go back on the final bill whatever lines end: it is the
	// account's last word only when the whole account ends, but a credit
	// already owed is never held back for a line that stays.
	for _, n := range credits {
		if n.Status == billing.CreditPending {
			refunded += n.Amount.Cents
			p.Credits = append(p.Credits, Credit{CreditNoteID: n.ID, Amount: n.Amount, Reason: n.Reason})
		}
	}
	p.Fees, p.CreditsTotal = money(fees), money(refunded)
	p.FinalBillEstimate = money(charges + fees - refunded)
	p.Effects = effects(c, p)
	p.KeepNumber = keepNumber(c.Jurisdiction, c.FormOfAddress == customer.Tu)
	return p
}

// ProRata is a month's price for the days from the first of end's month to
// end, both included, rounded to the cent.
func ProRata(monthly int64, end tact.Date) int64 {
	days := int64(time.Date(end.Year, end.Month+1, 0, 0, 0, 0, 0, time.UTC).Day())
	return (monthly*int64(end.Day) + days/2) / days
}

// effects words what the cancellation does, in the order a customer asks:
// when it ends, what it costs, what comes back, what happens next.
func effects(c *customer.Customer, p Preview) []tact.Text {
	lang, en := frenchOf(c.Jurisdiction), tact.Language("en")
	fr := func(vous, tu string) string {
		if c.FormOfAddress == customer.Tu {
			return tu
		}
		return vous
	}
	day := func(d tact.Date, l tact.Language) string { return wording.Date(d.In(time.UTC), l) }
	money := func(m tact.Money, l tact.Language) string { return wording.Money(m, l) }
	var numbers []string
	for _, l := range p.Lines {
		numbers = append(numbers, customer.NationalNumber(l.Number, c.Jurisdiction))
	}
	list := strings.Join(numbers, ", ")
	out := []tact.Text{{
		FR: fmt.Sprintf("Le service de %s prend fin le %s au soir.", plural(len(numbers), "la ligne", "les lignes")+" "+list, day(p.EndDate, lang)),
		EN: fmt.Sprintf("Service on %s ends on %s at the end of the day.", plural(len(numbers), "line", "lines")+" "+list, day(p.EndDate, en)),
	}}
	if p.WholeAccount {
		out = append(out, tact.Text{
			FR: fr("Aucune ligne ne reste en service : votre contrat prend fin à cette date. Nous ne vous contacterons plus que pour ce qui vous concerne encore (facture finale, remboursement, une demande de votre part).", "Aucune ligne ne reste en service : ton contrat prend fin à cette date. Nous ne te contacterons plus que pour ce qui te concerne encore (facture finale, remboursement, une demande de ta part)."),
			EN: "No line stays in service: your contract ends on that date. We will only contact you about what still concerns you (final bill, refund, a request of yours).",
		})
	} else {
		out = append(out, tact.Text{
			FR: fr("Vos autres lignes restent en service, aux mêmes conditions.", "Tes autres lignes restent en service, aux mêmes conditions."),
			EN: "Your other lines stay in service, on the same terms.",
		})
	}
	if p.Fees.Cents > 0 {
		out = append(out, tact.Text{
			FR: fmt.Sprintf(fr("Frais de résiliation anticipée, votre engagement n'étant pas terminé : %s.", "Frais de résiliation anticipée, ton engagement n'étant pas terminé : %s."), money(p.Fees, lang)),
			EN: fmt.Sprintf("Early termination fee, as your commitment has not ended: %s.", money(p.Fees, en)),
		})
	} else {
		out = append(out, tact.Text{FR: "Aucuns frais de résiliation.", EN: "No cancellation fee."})
	}
	if p.CreditsTotal.Cents > 0 {
		out = append(out, tact.Text{
			FR: fmt.Sprintf(fr("Les avoirs en attente (%s) vous sont remboursés sur la facture finale.", "Les avoirs en attente (%s) te sont remboursés sur la facture finale."), money(p.CreditsTotal, lang)),
			EN: fmt.Sprintf("Your pending credits (%s) are refunded on the final bill.", money(p.CreditsTotal, en)),
		})
	}
	switch est := p.FinalBillEstimate; {
	case est.Cents > 0:
		out = append(out, tact.Text{
			FR: fmt.Sprintf("Facture finale estimée : %s, détaillée ligne par ligne.", money(est, lang)),
			EN: fmt.Sprintf("Estimated final bill: %s, itemised line by line.", money(est, en)),
		})
	case est.Cents < 0:
		owed := tact.Money{Cents: -est.Cents, Currency: est.Currency}
		out = append(out, tact.Text{
			FR: fmt.Sprintf(fr("La facture finale devrait être en votre faveur : nous vous rembourserons environ %s au plus tard %d jours après son émission.", "La facture finale devrait être en ta faveur : nous te rembourserons environ %s au plus tard %d jours après son émission."), money(owed, lang), RefundDelayDays),
			EN: fmt.Sprintf("The final bill should be in your favour: we will refund about %s at the latest %d days after it is issued.", money(owed, en), RefundDelayDays),
		})
	default:
		out = append(out, tact.Text{
			FR: fr("La facture finale devrait être nulle : rien ne vous sera demandé.", "La facture finale devrait être nulle : rien ne te sera demandé."),
			EN: "The final bill should come to nothing: nothing will be asked of you.",
		})
	}
	out = append(out, tact.Text{
		FR: fmt.Sprintf(fr("Tout montant en votre faveur (avance, dépôt de garantie) vous est remboursé au plus tard %d jours après le paiement de la dernière facture.", "Tout montant en ta faveur (avance, dépôt de garantie) t'est remboursé au plus tard %d jours après le paiement de la dernière facture."), RefundDelayDays),
		EN: fmt.Sprintf("Any amount in your favour (advance payment, deposit) is refunded at the latest %d days after the last bill is paid.", RefundDelayDays),
	})
	return out
}

// keepNumber tells how to keep one's number rather than lose it when the
// line ends: in France the RIO, given free at 3179 from the line, which the
// new operator uses to port the number (the port itself cancels the line);
// in Québec, the new provider asks for the transfer.
func keepNumber(j tact.Jurisdiction, tu bool) tact.Text {
	if tu {
		t := keepNumber(j, false)
		t.FR = tutoie(t.FR)
		return t
	}
	if j == tact.FR {
		return tact.Text{
			FR: "Pour garder votre numéro, ne résiliez pas ici : demandez votre RIO en appelant le 3179 (gratuit) depuis la ligne et donnez-le à votre nouvel opérateur. Le transfert du numéro résilie la ligne, sans autre démarche. Sinon, le numéro n'est plus à vous après la date de fin.",
			EN: "To keep your number, do not cancel here: get your RIO by calling 3179 (free) from the line and give it to your new operator. Porting the number cancels the line, with nothing else to do. Otherwise the number is no longer yours after the end date.",
		}
	}
	return tact.Text{
		FR: "Pour garder votre numéro, ne résiliez pas ici : demandez à votre nouveau fournisseur de le transférer. Le transfert met fin à la ligne, sans autre démarche. Sinon, le numéro n'est plus à vous après la date de fin.",
		EN: "To keep your number, do not cancel here: ask your new provider to transfer it. The transfer ends the line, with nothing else to do. Otherwise the number is no longer yours after the end date.",
	}
}

// frenchOf is the French of a jurisdiction: fr-FR, or fr-CA in Québec.
func frenchOf(j tact.Jurisdiction) tact.Language {
	if j == tact.CAQC {
		return "fr-CA"
	}
	return "fr-FR"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// tutoie turns keepNumber's French to "tu": its few words are all there is
// to change.
func tutoie(s string) string {
	return strings.NewReplacer("Pour garder votre numéro, ne résiliez pas ici : demandez votre RIO", "Pour garder ton numéro, ne résilie pas ici : demande ton RIO",
		"Pour garder votre numéro, ne résiliez pas ici : demandez à votre nouveau fournisseur", "Pour garder ton numéro, ne résilie pas ici : demande à ton nouveau fournisseur",
		"donnez-le à votre nouvel opérateur", "donne-le à ton nouvel opérateur",
		"n'est plus à vous", "n'est plus à toi").Replace(s)
}
