package app

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Offers is the service over the operator's offers, the offers that fit
// each customer, and their sending in writing.
type Offers struct {
	service
	stores      Stores
	deliveries  *Deliveries
	commitments *Commitments
	operator    tact.Operator
}

// CustomerOffers are the offers that fit a customer, best for him first, and
// those that do not, with every rule that objected.
type CustomerOffers struct {
	CustomerID string             `json:"customer_id"`
	Offers     []*offer.Candidate `json:"offers"`
	NotOffered []offer.Refusal    `json:"not_offered"`
}

// Put validates and stores an offer, creating or replacing it by code.
func (s *Offers) Put(ctx context.Context, o offer.Offer) (*offer.Offer, error) {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := s.stores.Offers.PutOffer(ctx, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Get returns one offer.
func (s *Offers) Get(ctx context.Context, code string) (*offer.Offer, error) {
	return s.stores.Offers.FindOfferByCode(ctx, code)
}

// List lists offers.
func (s *Offers) List(ctx context.Context, f offer.Filter) ([]*offer.Offer, error) {
	if f.Jurisdiction != "" && !f.Jurisdiction.Valid() {
		return nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", f.Jurisdiction)
	}
	return s.stores.Offers.FindOffers(ctx, f)
}

// ForCustomer assesses every active offer of the customer's jurisdiction for
// each of his lines in force, compares the cost of those that fit on the
// line's last months of usage, and ranks them.
func (s *Offers) ForCustomer(ctx context.Context, customerID string) (*CustomerOffers, error) {
	c, err := s.stores.Customers.FindCustomerByID(ctx, customerID)
	if err != nil {
		return nil, err
	}
	today := tact.DateOf(s.clock.Now())
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	devices, err := s.stores.Customers.FindDevices(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	thisMonth := tact.MonthOf(s.clock.Now())
	usage, err := s.stores.Customers.FindUsage(ctx, c.ID, thisMonth.AddMonths(-offer.UsageMonths), thisMonth)
	if err != nil {
		return nil, err
	}
	cat, err := s.catalogOf(ctx, c.Jurisdiction)
	if err != nil {
		return nil, err
	}
	offers, err := s.stores.Offers.FindOffers(ctx, offer.Filter{Jurisdiction: c.Jurisdiction, ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	compiled, err := offer.CompileAll(offers)
	if err != nil {
		return nil, err
	}
	fits, refused, err := offer.Fit(compiled, offer.SubjectsOf(c, lines, devices, usage, cat, today), cat, today, offer.RefusalTexts)
	if err != nil {
		return nil, err
	}
	out := &CustomerOffers{CustomerID: c.ID, Offers: fits, NotOffered: refused}
	if out.Offers == nil {
		out.Offers = []*offer.Candidate{}
	}
	if out.NotOffered == nil {
		out.NotOffered = []offer.Refusal{}
	}
	return out, nil
}

// catalogOf reads a jurisdiction's catalogue, withdrawn entries included:
// the customer's line may be on a plan no longer sold.
func (s *Offers) catalogOf(ctx context.Context, j tact.Jurisdiction) (offer.Catalog, error) {
	cat, _, err := catalogOf(ctx, s.stores.Catalog, j)
	return cat, err
}

// catalogOf reads j's catalogue, withdrawn entries included, indexed, and
// its plans in order.
func catalogOf(ctx context.Context, st catalog.Store, j tact.Jurisdiction) (offer.Catalog, []*catalog.Plan, error) {
	f := catalog.Filter{Jurisdiction: j}
	plans, err := st.FindPlans(ctx, f)
	if err != nil {
		return offer.Catalog{}, nil, err
	}
	devices, err := st.FindDevices(ctx, f)
	if err != nil {
		return offer.Catalog{}, nil, err
	}
	options, err := st.FindOptions(ctx, f)
	if err != nil {
		return offer.Catalog{}, nil, err
	}
	return offer.CatalogOf(plans, devices, options), plans, nil
}

// Sent is an offer sent in writing: the delivery, and the send_offer promise
// it kept (nil when there was none, or for a bill insert, which keeps it when
// the bill goes out).
type Sent struct {
	Delivery *delivery.Delivery     `json:"delivery"`
	Kept     *commitment.Commitment `json:"kept,omitempty"`
}

// Document is the comparison of one offer for one of the customer's lines,
// ready to render: the offer must fit him (a document is never made of an
// offer the rules refuse).
func (s *Offers) Document(ctx context.Context, customerID, offerCode string) (document.Comparison, error) {
	fit, err := s.ForCustomer(ctx, customerID)
	if err != nil {
		return document.Comparison{}, err
	}
	var cand *offer.Candidate
	for _, c := range fit.Offers {
		if c.Offer.Code == offerCode {
			cand = c
			break
		}
	}
	if cand == nil {
		for _, n := range fit.NotOffered {
			if n.OfferCode == offerCode {
				var why []string
				for _, r := range n.Reasons {
					why = append(why, string(r.Rule))
				}
				return document.Comparison{}, tact.Errorf(tact.CodeOfferNotFit, "offer %s does not fit this customer (%s)", offerCode, strings.Join(why, ", "))
			}
		}
		return document.Comparison{}, tact.NotFound("offer", offerCode)
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, customerID)
	if err != nil {
		return document.Comparison{}, err
	}
	line, err := s.stores.Customers.FindLineByID(ctx, cand.LineID)
	if err != nil {
		return document.Comparison{}, err
	}
	cat, err := s.catalogOf(ctx, c.Jurisdiction)
	if err != nil {
		return document.Comparison{}, err
	}
	o := cand.Offer
	return document.Comparison{Operator: s.operator, Customer: c, Line: line, Current: cat.Plans[line.PlanCode], Offer: o,
		Plan: cat.Plans[o.PlanCode], Device: cat.Devices[o.DeviceCode], Option: cat.Options[o.OptionCode],
		Compared: cand.Comparison, Reason: cand.Reason, Issued: s.clock.Now()}, nil
}

// Send sends an offer that fits the customer in writing: by email (the
// comparison as HTML, its PDF attached, through the SMTP server), by letter
// (the PDF written to the print queue) or as an insert in the next paper
// bill (queued). It is once-only per key: a repeat returns the first
// delivery and sends nothing (created false). A pending send_offer promise
// of the customer is kept with the delivery as evidence once the offer has
// left (story 2); a bill insert leaves it pending, linked, until the bill
// goes out. A delivery that fails is recorded as failed and answered as an
// error naming it.
func (s *Offers) Send(ctx context.Context, customerID, offerCode string, method delivery.Method, key string) (*Sent, bool, error) {
	if method != delivery.Email && method != delivery.Letter && method != delivery.BillInsert {
		return nil, false, tact.FieldError(tact.CodeInvalid, "method", "an offer is sent by email, letter or bill_insert, not %q", method)
	}
	doc, err := s.Document(ctx, customerID, offerCode)
	if err != nil {
		return nil, false, err
	}
	c := doc.Customer
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	to := ""
	switch method {
	case delivery.Email:
		to = c.WrittenAddress(tact.ChannelEmail, lines)
	case delivery.Letter:
		to = c.WrittenAddress(tact.ChannelLetter, lines)
	}
	if to == "" && method != delivery.BillInsert {
		return nil, false, tact.FieldError(tact.CodeInvalid, "method", "the customer has no address for %s", method)
	}
	subject, text, err := doc.Cover()
	if err != nil {
		return nil, false, err
	}
	var pdf, html bytes.Buffer
	if err := doc.PDF(&pdf); err != nil {
		return nil, false, err
	}
	if err := doc.HTML(&html); err != nil {
		return nil, false, err
	}
	promise, err := s.pendingOfferPromise(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	if key == "" {
		key = fmt.Sprintf("offer:%s:%s:%s:%s", c.ID, offerCode, method, tact.DateOf(s.clock.Now()))
	}
	d := delivery.Delivery{CustomerID: c.ID, Kind: delivery.Offer, Method: method, To: to, Subject: subject, Body: text, Key: key, OfferCode: offerCode}
	if promise != nil {
		d.CommitmentID = promise.ID
	}
	stored, created, err := s.deliveries.Queue(ctx, d)
	if err != nil {
		return nil, false, err
	}
	if !created {
		if stored.Status == delivery.Failed {
			// The replay of a failed send is the same failure: sending again
			// is a new request, under a new key.
			return nil, false, tact.Errorf(tact.CodeDeliveryFailed, "delivery %s failed (%s); send again with a new Idempotency-Key", stored.ID, stored.StatusNote)
		}
		return &Sent{Delivery: stored}, false, nil
	}
	if method == delivery.BillInsert {
		return &Sent{Delivery: stored}, true, nil
	}
	sent := &Sent{}
	if sent.Delivery, err = s.deliveries.Dispatch(ctx, stored, Written{HTML: html.String(), PDF: pdf.Bytes(),
		PDFName: strings.ToLower(offerCode) + ".pdf"}); err != nil {
		return nil, true, err
	}
	if promise != nil {
		if sent.Kept, err = s.commitments.Keep(ctx, promise.ID, commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: stored.ID}, 0); err != nil {
			return nil, true, err
		}
	}
	return sent, true, nil
}

// pendingOfferPromise is the customer's open send_offer promise due first,
// nil when none.
func (s *Offers) pendingOfferPromise(ctx context.Context, customerID string) (*commitment.Commitment, error) {
	open, err := s.stores.Commitments.FindCommitments(ctx, commitment.Filter{CustomerID: customerID, OpenOnly: true, Limit: tact.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, p := range open {
		if p.Kind == commitment.SendOffer {
			return p, nil
		}
	}
	return nil, nil
}
