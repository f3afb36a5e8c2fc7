package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Bills is the service over bill runs: drafts reviewed before they leave,
// held bills released or adjusted by supervisors, what the billing system
// reports afterwards.
type Bills struct {
	service
	stores      Stores
	policy      billing.Policy
	cases       *Cases
	customers   *Customers
	offers      *Offers
	deliveries  *Deliveries
	commitments *Commitments
	operator    tact.Operator
}

// MaxRun bounds the drafts of one run submitted at once.
const MaxRun = 10000

// historyBills is how many of a customer's previous bills the review
// compares a new one with.
const historyBills = 6

// RunResult is a reviewed run and its bills.
type RunResult struct {
	Run   *billing.Run    `json:"run"`
	Bills []*billing.Bill `json:"bills"`
}

// Submit reviews a run of drafts from source and stores it. Every draft is
// checked first: one that is invalid refuses the whole run (naming it as
// bills[i]) and nothing is stored. Each bill is then reviewed against the
// customer's previous bills, his third-party switch and consents, and his
// line's end: it is validated, or held with its findings; third-party lines
// that cannot stand are stripped.
func (s *Bills) Submit(ctx context.Context, source string, drafts []billing.Bill) (*RunResult, error) {
	switch {
	case source == "":
		return nil, tact.FieldError(tact.CodeRequired, "source", "say which billing system submits the run")
	case len(drafts) == 0:
		return nil, tact.FieldError(tact.CodeRequired, "bills", "a run has at least one bill")
	case len(drafts) > MaxRun:
		return nil, tact.FieldError(tact.CodeBatchTooLarge, "bills", "at most %d bills per run", MaxRun)
	}
	now := s.clock.Now().UTC()
	facts, err := s.factsOf(ctx, drafts)
	if err != nil {
		return nil, err
	}
	run := &billing.Run{ID: s.ids.New(tact.PrefixBillRun), Source: source, SubmittedAt: now, Bills: len(drafts),
		Counts: map[billing.Status]int{}, Findings: map[billing.RuleID]int{}}
	bills := make([]*billing.Bill, len(drafts))
	events := make([]billing.Event, len(drafts))
	actor := tact.ActorFrom(ctx)
	for i := range drafts {
		b := &drafts[i]
		f := facts[i]
		r := billing.ReviewBill(b, f.Facts, s.policy.Review[f.Jurisdiction])
		b.ID, b.RunID, b.Review, b.Version, b.CreatedAt, b.UpdatedAt = s.ids.New(tact.PrefixBill), run.ID, &r, 1, now, now
		b.Paid = tact.Money{Currency: b.Total.Currency}
		bills[i] = b
		events[i] = billing.Event{ID: s.ids.New(tact.PrefixBillEvent), BillID: b.ID, Kind: billing.Reviewed, To: b.Status, Actor: actor, At: now}
		run.Counts[b.Status]++
		run.Stripped += len(r.Stripped)
		for _, fd := range r.Findings {
			run.Findings[fd.Rule]++
		}
	}
	if err := s.stores.Bills.CreateRun(ctx, run, bills, events); err != nil {
		return nil, err
	}
	for i, b := range bills {
		if err := s.warn(ctx, facts[i].Customer, b); err != nil {
			return nil, err
		}
	}
	return &RunResult{Run: run, Bills: bills}, nil
}

// warn tells the customer, in writing, that a capped spend of bill b has
// reached the warning share of its cap: once per bill and cap. A former
// customer is not warned: the warning names no case or promise of his, so
// delivery.RuleFormerOwnMatter refuses it, and it would serve nothing — it
// is there to let him stop spending on a line he no longer has. The
// refusal is logged and the bill stands.
func (s *Bills) warn(ctx context.Context, c *customer.Customer, b *billing.Bill) error {
	for _, w := range b.Review.Warnings {
		cur := b.Total.Currency
		subject, text := billing.CapWarning(c.Person(), w.Rule, tact.Money{Cents: b.Review.Spent[w.Rule], Currency: cur},
			tact.Money{Cents: b.Review.Caps[w.Rule], Currency: cur}, s.operator.Name, s.operator.SupportPhone[c.Jurisdiction])
		_, _, err := s.deliveries.Write(ctx, c, delivery.Delivery{Kind: delivery.Notice, Subject: subject, Body: text,
			Key: "cap_warning:" + b.ID + ":" + string(w.Rule)})
		if tact.ErrorCode(err) == tact.CodeFormerNoMatter {
			s.log.InfoContext(ctx, "cap warning not sent: a former customer is written to only about his own matters",
				"customer", c.ID, "bill", b.ID, "rule", string(w.Rule))
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Check validates drafts as Submit would, storing nothing: a file of many
// runs is checked whole before its first run is submitted.
func (s *Bills) Check(ctx context.Context, drafts []billing.Bill) error {
	_, err := s.factsOf(ctx, slices.Clone(drafts))
	return err
}

// billFacts are a draft's review facts and its customer's jurisdiction.
type billFacts struct {
	billing.Facts
	Jurisdiction tact.Jurisdiction
	Customer     *customer.Customer
}

// factsOf checks every draft and gathers what its review reads: the
// customer, the line, the history, the consents; one query per kind of fact
// for the history and the consents.
func (s *Bills) factsOf(ctx context.Context, drafts []billing.Bill) ([]billFacts, error) {
	customers := map[string]*customer.Customer{}
	out := make([]billFacts, len(drafts))
	var ids []string
	var earliest tact.Date
	for i := range drafts {
		d := &drafts[i]
		field := "bills[" + strconv.Itoa(i) + "]"
		c, ok := customers[d.CustomerID]
		if !ok && tact.HasPrefix(d.CustomerID, tact.PrefixCustomer) {
			var err error
			c, err = s.stores.Customers.FindCustomerByID(ctx, d.CustomerID)
			if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
				return nil, err
			}
			if c != nil {
				customers[c.ID], ids = c, append(ids, c.ID)
			}
		}
		if c == nil {
			return nil, tact.FieldError(tact.CodeInvalid, field+".customer_id", "customer %q does not exist", d.CustomerID)
		}
		if err := d.Validate(c.Jurisdiction.Currency()); err != nil {
			return nil, tact.Prefix(field, err)
		}
		d.Status = billing.New
		f := billing.Facts{Jurisdiction: c.Jurisdiction, Location: c.Location(), ThirdPartyBilling: c.ThirdPartyBilling}
		if d.LineID != "" {
			l, err := s.stores.Customers.FindLineByID(ctx, d.LineID)
			if tact.ErrorCode(err) == tact.CodeNotFound || (err == nil && l.CustomerID != c.ID) {
				return nil, tact.FieldError(tact.CodeInvalid, field+".line_id", "line %q is not one of the customer's", d.LineID)
			}
			if err != nil {
				return nil, err
			}
			f.ContractEnd = l.EndedOn
		}
		if f.Final(d) {
			// Only a final bill reads the credit notes: it refunds them.
			credits, err := s.stores.Bills.FindCreditNotes(ctx, c.ID)
			if err != nil {
				return nil, err
			}
			f.Credits = credits
		}
		if earliest.IsZero() || d.From.Before(earliest) {
			earliest = d.From
		}
		out[i] = billFacts{Facts: f, Jurisdiction: c.Jurisdiction, Customer: c}
	}
	history, err := s.stores.Bills.FindHistory(ctx, ids, earliest, historyBills)
	if err != nil {
		return nil, err
	}
	consents, err := s.stores.Consents.FindConsents(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range drafts {
		id := drafts[i].CustomerID
		out[i].History, out[i].Consents = history[id], consents[id]
	}
	return out, nil
}

// Run returns a run and a page of its bills.
func (s *Bills) Run(ctx context.Context, id, cursor string, limit int) (*RunResult, string, error) {
	run, err := s.stores.Bills.FindRun(ctx, id)
	if err != nil {
		return nil, "", err
	}
	bills, next, err := s.List(ctx, billing.Filter{RunID: id, After: cursor, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	return &RunResult{Run: run, Bills: bills}, next, nil
}

// List returns a page of bills by id; After is a cursor.
func (s *Bills) List(ctx context.Context, f billing.Filter) ([]*billing.Bill, string, error) {
	after, err := tact.DecodeCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "status", "status %q is not a bill status", f.Status)
	}
	f.After, f.Limit = after.ID, tact.PageSize(f.Limit)
	list, err := s.stores.Bills.FindBills(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	return list, tact.Cursor{ID: list[len(list)-1].ID}.Encode(), nil
}

// Issued returns a customer's bills that have left (billing.Status.Left),
// newest period first, at most max of them: what he reads in his own space.
// A bill under review or held for a person is not among them: story 3's
// €149,000 bill never reaches her. All his bills are read (a customer has
// one a month), so that the newest are kept, whatever order their ids came
// in.
func (s *Bills) Issued(ctx context.Context, customerID string, max int) ([]*billing.Bill, error) {
	if customerID == "" {
		return nil, tact.FieldError(tact.CodeRequired, "customer_id", "say whose bills")
	}
	var out []*billing.Bill
	f := billing.Filter{CustomerID: customerID, Limit: tact.MaxPageSize}
	for {
		page, err := s.stores.Bills.FindBills(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, b := range page {
			if b.Status.Left() {
				out = append(out, b)
			}
		}
		if len(page) < f.Limit {
			break
		}
		f.After = page[len(page)-1].ID
	}
	slices.SortStableFunc(out, func(a, b *billing.Bill) int {
		if c := b.To.Compare(a.To); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out[:min(len(out), max)], nil
}

// Get returns one bill.
func (s *Bills) Get(ctx context.Context, id string) (*billing.Bill, error) {
	return s.stores.Bills.FindBill(ctx, id)
}

// Events returns a bill's history, oldest first.
func (s *Bills) Events(ctx context.Context, id string) ([]billing.Event, error) {
	if _, err := s.stores.Bills.FindBill(ctx, id); err != nil {
		return nil, err
	}
	return s.stores.Bills.FindBillEvents(ctx, id)
}

// Release lets a held bill go, with the supervisor's reason.
func (s *Bills) Release(ctx context.Context, id, reason string, ifVersion int) (*billing.Bill, error) {
	return s.change(ctx, id, ifVersion, true, func(b *billing.Bill) (billing.Event, error) { return billing.Release(b, reason) })
}

// Adjust replaces the lines of a bill that has not left, with the
// supervisor's reason, and reviews it again.
func (s *Bills) Adjust(ctx context.Context, id string, lines []billing.Line, reason string, ifVersion int) (*billing.Bill, error) {
	return s.change(ctx, id, ifVersion, true, func(b *billing.Bill) (billing.Event, error) {
		f, err := s.factsOf(ctx, []billing.Bill{*b})
		if err != nil {
			return billing.Event{}, err
		}
		return billing.Adjust(b, lines, reason, f[0].Facts, s.policy.Review[f[0].Jurisdiction])
	})
}

// Report records what the billing system says of a bill: sent, partially
// paid or settled, with what has been paid. A bill sent takes the offers
// queued as inserts with it: they are sent, and the promises they were
// queued for kept.
func (s *Bills) Report(ctx context.Context, id string, to billing.Status, paid int64) (*billing.Bill, error) {
	b, err := s.change(ctx, id, 0, false, func(b *billing.Bill) (billing.Event, error) { return billing.Report(b, to, paid) })
	if err != nil || to != billing.Sent {
		return b, err
	}
	if err := s.applyCredits(ctx, b); err != nil {
		return b, err
	}
	if err := s.promiseRefund(ctx, b); err != nil {
		return b, err
	}
	return b, s.sendInserts(ctx, b)
}

// promiseRefund makes the refund a final bill in the customer's favour owes
// him a matter someone owns: a credit note for the balance and a promise,
// due within the law's delay (lifecycle.RuleRefundDelay), kept when the
// credit note is refunded; the overdue sweep escalates it otherwise. A bill
// that is not a line's last, or asks for money, owes nothing.
func (s *Bills) promiseRefund(ctx context.Context, b *billing.Bill) error {
	if b.Balance() >= 0 || b.LineID == "" {
		return nil
	}
	l, err := s.stores.Customers.FindLineByID(ctx, b.LineID)
	if err != nil {
		return err
	}
	if !(billing.Facts{ContractEnd: l.EndedOn}).Final(b) {
		return nil
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, b.CustomerID)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	owed := tact.Money{Cents: -b.Balance(), Currency: b.Total.Currency}
	credit := &billing.CreditNote{ID: s.ids.New(tact.PrefixCreditNote), CustomerID: c.ID, BillID: b.ID, Amount: owed,
		Reason: "Solde en faveur du client de la facture finale " + b.ID, Status: billing.CreditPending,
		Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	owner, err := ownerOf(ctx, s.stores.Access, c)
	if err != nil {
		// The money owed is recorded even when nobody can be named to see
		// it back: the credit note stands, pending.
		s.log.WarnContext(ctx, "final bill refund without an owner", "bill", b.ID, "err", err)
		return s.stores.Bills.CreateCreditNote(ctx, credit)
	}
	due := lifecycle.RefundBy(now)
	p := c.Person()
	words := p.VousTu("Nous vous remboursons %s, le solde en votre faveur de votre facture finale, au plus tard le %s.",
		"Nous te remboursons %s, le solde en ta faveur de ta facture finale, au plus tard le %s.")
	lang := c.Language
	if !wording.French(lang) {
		words = "We will refund %s, the balance of your final bill in your favour, by %s."
	}
	promise, err := s.commitments.Make(ctx, commitment.Draft{CustomerID: c.ID, Kind: commitment.IssueCredit, Subject: "final_bill_refund",
		Channel: tact.ChannelEmail, Due: due, OwnerID: owner,
		Words: fmt.Sprintf(words, wording.Money(owed, lang), wording.Date(due.In(c.Location()), lang))})
	if err != nil {
		return err
	}
	credit.CommitmentID = promise.ID
	return s.stores.Bills.CreateCreditNote(ctx, credit)
}

// applyCredits settles as applied the pending credit notes a bill that has
// left refunds on its credit lines: a final bill's refund is the credit's
// end (RuleFinalBillCredits), and it is never netted again.
func (s *Bills) applyCredits(ctx context.Context, b *billing.Bill) error {
	for _, l := range b.Lines {
		if l.CreditNoteID == "" {
			continue
		}
		c, err := s.stores.Bills.FindCreditNote(ctx, l.CreditNoteID)
		if tact.ErrorCode(err) == tact.CodeNotFound {
			continue
		}
		if err != nil {
			return err
		}
		if c.CustomerID != b.CustomerID || c.Status != billing.CreditPending {
			continue
		}
		if _, err := s.SettleCredit(ctx, c.ID, billing.CreditApplied); err != nil &&
			tact.ErrorCode(err) != tact.CodeInvalidTransition && tact.ErrorCode(err) != tact.CodePreconditionFailed {
			return err
		}
	}
	return nil
}

// change applies step to a bill at the version read (ifVersion, when not
// 0), stamps its event and stores both; a supervisor's step checks the
// person acting.
func (s *Bills) change(ctx context.Context, id string, ifVersion int, supervisor bool, step func(*billing.Bill) (billing.Event, error)) (*billing.Bill, error) {
	b, err := s.stores.Bills.FindBill(ctx, id)
	if err != nil {
		return nil, err
	}
	if supervisor {
		p, err := person(ctx, s.stores.Access)
		if err != nil {
			return nil, err
		}
		if !p.Supervisor {
			return nil, tact.Errorf(tact.CodeForbidden, "only a supervisor releases or adjusts a held bill (On-Behalf-Of a supervisor)")
		}
	}
	if ifVersion != 0 && b.Version != ifVersion {
		return nil, tact.Errorf(tact.CodePreconditionFailed, "the bill was changed by someone else; read it again and retry")
	}
	ev, err := step(b)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	ev.ID, ev.BillID, ev.Actor, ev.At = s.ids.New(tact.PrefixBillEvent), b.ID, tact.ActorFrom(ctx), now
	b.UpdatedAt = now
	if err := s.stores.Bills.UpdateBill(ctx, b, ev); err != nil {
		return nil, err
	}
	return b, nil
}

// DisputeResult is a dispute opened (with the case opened to handle it, by
// id), the bill now disputed, and the credit note issued at once for a
// third-party line.
type DisputeResult struct {
	Dispute    billing.Dispute     `json:"dispute"`
	Bill       *billing.Bill       `json:"bill"`
	CreditNote *billing.CreditNote `json:"credit_note,omitempty"`
}

// Dispute contests a line of a bill that has left, in the customer's words:
// its amount is frozen for dunning, and a billing case opens, owned by the
// person acting (On-Behalf-Of) or else the customer's named advisor. For a
// third-party line the charge is credited at once and third-party billing
// switched off (story 1: one click, and it stops).
func (s *Bills) Dispute(ctx context.Context, billID string, line int, reason string) (*DisputeResult, error) {
	b, err := s.stores.Bills.FindBill(ctx, billID)
	if err != nil {
		return nil, err
	}
	open, err := s.stores.Bills.FindDisputes(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	d, ev, thirdParty, err := billing.OpenDispute(b, line, reason, open)
	if err != nil {
		return nil, err
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, b.CustomerID)
	if err != nil {
		return nil, err
	}
	owner, channel := tact.ActorFrom(ctx).UserID(), tact.ChannelPhone
	if owner == "" {
		// The customer's own click, from his space.
		owner, channel = c.AdvisorID, tact.ChannelWeb
	}
	l := b.Lines[line]
	k, err := s.cases.open(ctx, c, cases.Draft{CustomerID: c.ID, Category: cases.Billing, Channel: channel, OwnerID: owner,
		Subject: "Contestation : " + l.Description + " (" + b.From.String() + " – " + b.To.String() + ")", Note: d.Reason}, "")
	if err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	d.ID, d.CaseID, d.CreatedAt = s.ids.New(tact.PrefixDispute), k.ID, now
	ev.ID, ev.BillID, ev.Actor, ev.At = s.ids.New(tact.PrefixBillEvent), b.ID, tact.ActorFrom(ctx), now
	b.UpdatedAt = now
	var credit *billing.CreditNote
	if thirdParty {
		credit = &billing.CreditNote{ID: s.ids.New(tact.PrefixCreditNote), CustomerID: c.ID, BillID: b.ID, DisputeID: d.ID, Amount: l.Amount,
			Reason: "Contestation d'un service de tiers : " + l.Provider.Name + ", " + l.Provider.Service, Status: billing.CreditPending,
			Version: 1, CreatedAt: now, UpdatedAt: now}
		d.CreditNoteID = credit.ID
		if c.ThirdPartyBilling {
			if _, err := s.customers.Update(ctx, c.ID, customer.Update{ThirdPartyBilling: tact.Some(false)}, 0); err != nil {
				return nil, err
			}
		}
	}
	if err := s.stores.Bills.OpenDispute(ctx, &d, b, ev, credit); err != nil {
		return nil, err
	}
	return &DisputeResult{Dispute: d, Bill: b, CreditNote: credit}, nil
}

// Disputes returns a bill's disputes.
func (s *Bills) Disputes(ctx context.Context, billID string) ([]billing.Dispute, error) {
	if _, err := s.stores.Bills.FindBill(ctx, billID); err != nil {
		return nil, err
	}
	return s.stores.Bills.FindDisputes(ctx, billID)
}

// ResolveDispute ends an open dispute of a bill with its resolution: its
// amount is no longer frozen for dunning, and it no longer holds sales and
// dunning contacts (dispute_open). The billing case it opened is the
// advisor's to resolve: a dispute can end before its case does (the credit
// issued, the customer still to be called) or after.
func (s *Bills) ResolveDispute(ctx context.Context, billID, disputeID, resolution string) (*billing.Dispute, error) {
	disputes, err := s.Disputes(ctx, billID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(disputes, func(d billing.Dispute) bool { return d.ID == disputeID })
	if i < 0 {
		return nil, tact.NotFound("dispute", disputeID)
	}
	d := disputes[i]
	if err := billing.ResolveDispute(&d, resolution, s.clock.Now()); err != nil {
		return nil, err
	}
	if err := s.stores.Bills.ResolveDispute(ctx, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// IssueCredit records a credit note owed to a customer, pending until the
// billing system applies or refunds it.
func (s *Bills) IssueCredit(ctx context.Context, c billing.CreditNote) (*billing.CreditNote, error) {
	cust, err := s.stores.Customers.FindCustomerByID(ctx, c.CustomerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", c.CustomerID)
	}
	if err != nil {
		return nil, err
	}
	if err := c.Validate(cust.Jurisdiction.Currency()); err != nil {
		return nil, err
	}
	if c.BillID != "" {
		b, err := s.stores.Bills.FindBill(ctx, c.BillID)
		if tact.ErrorCode(err) == tact.CodeNotFound || (err == nil && b.CustomerID != c.CustomerID) {
			return nil, tact.FieldError(tact.CodeInvalid, "bill_id", "bill %q is not one of the customer's", c.BillID)
		}
		if err != nil {
			return nil, err
		}
	}
	now := s.clock.Now().UTC()
	c.ID, c.Status, c.Version, c.CreatedAt, c.UpdatedAt, c.DisputeID, c.CommitmentID = s.ids.New(tact.PrefixCreditNote), billing.CreditPending, 1, now, now, "", ""
	if err := s.stores.Bills.CreateCreditNote(ctx, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// CreditNote returns one credit note.
func (s *Bills) CreditNote(ctx context.Context, id string) (*billing.CreditNote, error) {
	return s.stores.Bills.FindCreditNote(ctx, id)
}

// CreditNotes returns a customer's credit notes, oldest first.
func (s *Bills) CreditNotes(ctx context.Context, customerID string) ([]*billing.CreditNote, error) {
	if customerID == "" {
		return nil, tact.FieldError(tact.CodeRequired, "customer_id", "say whose credit notes")
	}
	return s.stores.Bills.FindCreditNotes(ctx, customerID)
}

// SettleCredit records a credit note applied to a bill or refunded.
func (s *Bills) SettleCredit(ctx context.Context, id string, to billing.CreditStatus) (*billing.CreditNote, error) {
	c, err := s.stores.Bills.FindCreditNote(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.Settle(to); err != nil {
		return nil, err
	}
	c.UpdatedAt = s.clock.Now().UTC()
	if err := s.stores.Bills.UpdateCreditNote(ctx, c); err != nil {
		return nil, err
	}
	if c.CommitmentID != "" && to == billing.CreditRefunded {
		// The refund promised on a final bill is kept by the refund itself.
		_, err := s.commitments.Keep(ctx, c.CommitmentID, commitment.Evidence{Kind: commitment.EvidenceCreditNote, ID: c.ID}, 0)
		if err != nil && tact.ErrorCode(err) != tact.CodeInvalidTransition {
			return c, err
		}
	}
	return c, nil
}

// DunningAsk is a billing system's question: may this step be taken on
// this bill (at At, zero meaning now)?
type DunningAsk struct {
	BillID string       `json:"bill_id"`
	Step   billing.Step `json:"step"`
	At     time.Time    `json:"at,omitzero"`
}

// DecideDunning answers a dunning question from the bill, its open
// disputes, the customer's pending credit notes and the steps already
// allowed, and stores the decision, allowed or not.
func (s *Bills) DecideDunning(ctx context.Context, ask DunningAsk) (*billing.DunningRecord, error) {
	if !ask.Step.Valid() {
		return nil, tact.FieldError(tact.CodeInvalid, "step", "step %q is not reminder, formal_notice, suspension_notice or suspension", ask.Step)
	}
	b, err := s.stores.Bills.FindBill(ctx, ask.BillID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, tact.FieldError(tact.CodeInvalid, "bill_id", "bill %q does not exist", ask.BillID)
	}
	if err != nil {
		return nil, err
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, b.CustomerID)
	if err != nil {
		return nil, err
	}
	disputes, err := s.stores.Bills.FindDisputes(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	credits, err := s.stores.Bills.FindCreditNotes(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	past, err := s.stores.Bills.FindDunningDecisions(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	f := billing.DunningFacts{Bill: b, Balance: b.Balance(), Disputed: billing.Frozen(disputes), PendingCredits: billing.Pending(credits, disputes), Location: c.Location()}
	for _, p := range past {
		if p.Verdict != billing.Allow {
			continue
		}
		at := p.DecidedAt
		switch p.Step {
		case billing.Reminder:
			if f.RemindedAt == nil {
				f.RemindedAt = &at
			}
		case billing.SuspensionNotice:
			f.NoticesAt = append(f.NoticesAt, at)
		}
	}
	if b.LineID != "" {
		l, err := s.stores.Customers.FindLineByID(ctx, b.LineID)
		if err != nil {
			return nil, err
		}
		f.ContractEnd = l.EndedOn
	}
	now := s.clock.Now().UTC()
	at := ask.At
	if at.Before(now) {
		at = now
	}
	rec := &billing.DunningRecord{ID: s.ids.New(tact.PrefixDunning), BillID: b.ID, Step: ask.Step,
		DunningDecision: billing.DecideDunning(ask.Step, f, s.policy.Dunning[c.Jurisdiction], at), Actor: tact.ActorFrom(ctx), DecidedAt: now}
	if err := s.stores.Bills.CreateDunningDecision(ctx, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// DunningDecisions returns a bill's dunning decisions, oldest first.
func (s *Bills) DunningDecisions(ctx context.Context, billID string) ([]*billing.DunningRecord, error) {
	if billID == "" {
		return nil, tact.FieldError(tact.CodeRequired, "bill_id", "say which bill")
	}
	return s.stores.Bills.FindDunningDecisions(ctx, billID)
}

// Document is a bill as the customer reads it, with the offers that travel
// in it: while the bill has not been sent, the customer's offers queued as
// bill inserts; once sent, those that left with it. A bill without a line of
// service has no document (its commitment cannot be printed), nor a bill
// still under review or held: only what leaves is printed.
func (s *Bills) Document(ctx context.Context, billID string) (document.Bill, error) {
	b, err := s.stores.Bills.FindBill(ctx, billID)
	if err != nil {
		return document.Bill{}, err
	}
	if !b.Status.Left() {
		return document.Bill{}, tact.Errorf(tact.CodeInvalidTransition, "a %s bill is not printed: it has not passed its review", b.Status)
	}
	if b.LineID == "" {
		return document.Bill{}, tact.Errorf(tact.CodeInvalid, "bill %s names no line of service: it has no document", b.ID)
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, b.CustomerID)
	if err != nil {
		return document.Bill{}, err
	}
	l, err := s.stores.Customers.FindLineByID(ctx, b.LineID)
	if err != nil {
		return document.Bill{}, err
	}
	inserts, err := s.inserts(ctx, b)
	if err != nil {
		return document.Bill{}, err
	}
	doc := document.Bill{Operator: s.operator, Customer: c, Line: l, Bill: b, Issued: s.clock.Now()}
	for _, d := range inserts {
		ins := document.Insert{DeliveryID: d.ID, Title: d.Subject, Text: d.Body}
		if d.OfferCode != "" {
			// Drawn again in full; an offer that no longer fits him is
			// printed as it was queued.
			if cmp, err := s.offers.Document(ctx, c.ID, d.OfferCode); err == nil {
				ins.Offer = &cmp
			} else if code := tact.ErrorCode(err); code != tact.CodeOfferNotFit && code != tact.CodeNotFound {
				return document.Bill{}, err
			}
		}
		doc.Inserts = append(doc.Inserts, ins)
	}
	return doc, nil
}

// insertNote marks an offer insert that left with a bill.
func insertNote(billID string) string { return "in bill " + billID }

// inserts are the bill inserts of b: queued ones until it is sent, then
// those that left with it.
func (s *Bills) inserts(ctx context.Context, b *billing.Bill) ([]*delivery.Delivery, error) {
	status := delivery.Queued
	if b.Status != billing.Validated {
		status = delivery.Sent
	}
	list, err := s.stores.Deliveries.FindDeliveries(ctx, delivery.Filter{CustomerID: b.CustomerID, Method: delivery.BillInsert, Status: status, Limit: tact.MaxPageSize})
	if err != nil {
		return nil, err
	}
	var out []*delivery.Delivery
	for _, d := range list {
		if d.Kind == delivery.Offer && (status == delivery.Queued || d.StatusNote == insertNote(b.ID)) {
			out = append(out, d)
		}
	}
	return out, nil
}

// sendInserts marks the offers queued as inserts as sent with bill b, and
// keeps the send_offer promises they were queued for, with the delivery as
// evidence (story 2: the offer in the paper bill).
func (s *Bills) sendInserts(ctx context.Context, b *billing.Bill) error {
	queued, err := s.stores.Deliveries.FindDeliveries(ctx, delivery.Filter{CustomerID: b.CustomerID, Method: delivery.BillInsert, Status: delivery.Queued, Limit: tact.MaxPageSize})
	if err != nil {
		return err
	}
	for _, d := range queued {
		if d.Kind != delivery.Offer {
			continue
		}
		if _, err := s.deliveries.SetStatus(ctx, d.ID, delivery.Sent, insertNote(b.ID)); err != nil {
			return err
		}
		if d.CommitmentID == "" {
			continue
		}
		p, err := s.stores.Commitments.FindCommitmentByID(ctx, d.CommitmentID)
		if err != nil {
			return err
		}
		if p.Status == commitment.Pending || p.Status == commitment.Overdue {
			if _, err := s.commitments.Keep(ctx, p.ID, commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: d.ID}, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// StrippedLine is a third-party charge taken off a bill, as its provider is
// told: it will not be collected.
type StrippedLine struct {
	BillID     string         `json:"bill_id"`
	CustomerID string         `json:"customer_id"`
	Rule       billing.RuleID `json:"rule"`
	billing.Line
}

// Stripped lists the third-party charges a run took off its bills, of one
// provider when given: what each provider is told it will not be paid.
func (s *Bills) Stripped(ctx context.Context, runID, provider string) ([]StrippedLine, error) {
	if _, err := s.stores.Bills.FindRun(ctx, runID); err != nil {
		return nil, err
	}
	out := []StrippedLine{}
	after := ""
	for {
		page, err := s.stores.Bills.FindBills(ctx, billing.Filter{RunID: runID, After: after, Limit: tact.MaxPageSize})
		if err != nil {
			return nil, err
		}
		for _, b := range page {
			if b.Review == nil {
				continue
			}
			// The review appends a stripping finding and its stripped line
			// together: the k-th of one is the k-th of the other.
			rules := map[int]billing.RuleID{}
			for _, f := range b.Review.Findings {
				if f.Rule == billing.RuleThirdPartySwitchOff || f.Rule == billing.RuleThirdPartyNoConsent {
					rules[len(rules)] = f.Rule
				}
			}
			for i, l := range b.Review.Stripped {
				if provider == "" || (l.Provider != nil && l.Provider.Name == provider) {
					out = append(out, StrippedLine{BillID: b.ID, CustomerID: b.CustomerID, Rule: rules[i], Line: l})
				}
			}
		}
		if len(page) < tact.MaxPageSize {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}
