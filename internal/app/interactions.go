package app

import (
	"context"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Interactions is the service over contacts.
type Interactions struct {
	service
	store     interaction.Store
	customers customer.Store
	cases     *Cases
	decisions contactpolicy.DecisionStore
}

// Record stores a reported contact. A report repeating the source and external
// id of a stored one returns the stored one and created false; if it tells
// another story under the same key, it is refused with idempotency_mismatch.
func (s *Interactions) Record(ctx context.Context, in interaction.Interaction) (*interaction.Interaction, bool, error) {
	if in.CustomerID == "" {
		return nil, false, tact.FieldError(tact.CodeRequired, "customer_id", "an interaction is with a customer")
	}
	if !tact.HasPrefix(in.CustomerID, tact.PrefixCustomer) {
		return nil, false, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", in.CustomerID)
	}
	c, err := s.customers.FindCustomerByID(ctx, in.CustomerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		// A reference in a body that points nowhere is a fault of the body
		// (422), not a missing resource at the URL (404).
		return nil, false, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", in.CustomerID)
	}
	if err != nil {
		return nil, false, err
	}
	now := s.clock.Now()
	in.ID, in.RecordedAt = s.ids.New(tact.PrefixInteraction), now
	in.StartedAt = in.StartedAt.UTC().Truncate(tact.Resolution)
	if in.EndedAt != nil {
		e := in.EndedAt.UTC().Truncate(tact.Resolution)
		in.EndedAt = &e
	}
	if err := in.Normalize(c.Jurisdiction.PhoneRegion()); err != nil {
		return nil, false, err
	}
	if err := in.Validate(now); err != nil {
		return nil, false, err
	}
	if in.CaseID != "" {
		k, err := s.cases.Get(ctx, in.CaseID)
		if err != nil || k.CustomerID != in.CustomerID {
			return nil, false, tact.FieldError(tact.CodeInvalid, "case_id", "case %q is not one of this customer's cases", in.CaseID)
		}
	}
	if in.DecisionID != "" {
		d, err := s.findDecision(ctx, in.DecisionID)
		if err != nil {
			return nil, false, err
		}
		if d.Request.CustomerID != in.CustomerID {
			return nil, false, tact.FieldError(tact.CodeInvalid, "decision_id", "decision %q is about another customer", in.DecisionID)
		}
	}
	stored, created, err := s.store.CreateInteraction(ctx, &in)
	if err != nil {
		return nil, false, err
	}
	if !created && !interaction.SameReport(stored, &in) {
		return nil, false, &tact.Error{Code: tact.CodeIdempotencyMismatch, Field: "external_id",
			Message: "interaction " + stored.ID + " was reported with this source and external_id but other facts; use a new external_id for a new contact"}
	}
	if answers(stored) {
		// The first contact that reached the customer about a case is its
		// first answer; later ones change nothing.
		if err := s.cases.MarkAnswered(ctx, stored.CaseID, stored.StartedAt); err != nil {
			return nil, false, err
		}
	}
	return stored, created, nil
}

// findDecision returns the decision an interaction cites; one that does not
// exist is a fault of the body (422).
func (s *Interactions) findDecision(ctx context.Context, id string) (*contactpolicy.Record, error) {
	if !tact.HasPrefix(id, tact.PrefixDecision) {
		return nil, tact.FieldError(tact.CodeInvalid, "decision_id", "decision %q does not exist", id)
	}
	d, err := s.decisions.FindDecisionByID(ctx, id)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, tact.FieldError(tact.CodeInvalid, "decision_id", "decision %q does not exist", id)
	}
	return d, err
}

// List returns a page of interactions, newest first: a customer's, or with
// f.Unasked the outbound contacts made without asking for a decision (every
// customer's when f.CustomerID is "").
func (s *Interactions) List(ctx context.Context, f interaction.Filter, cursor string) ([]*interaction.Interaction, string, error) {
	before, err := tact.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	if f.CustomerID == "" && !f.Unasked {
		return nil, "", tact.FieldError(tact.CodeRequired, "customer_id", "list a customer's interactions (customer_id), or the unasked ones (unasked=true)")
	}
	f.Before, f.Limit = before, tact.PageSize(f.Limit)
	list, err := s.store.FindInteractions(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	last := list[len(list)-1]
	return list, tact.Cursor{At: last.StartedAt, ID: last.ID}.Encode(), nil
}

// answers reports whether a contact answers the customer on its case: an
// outbound contact that reached them, or an inbound one that was handled.
func answers(i *interaction.Interaction) bool {
	if i.CaseID == "" {
		return false
	}
	switch i.Outcome {
	case interaction.Completed, interaction.Delivered, interaction.Voicemail:
		return i.Direction == interaction.Outbound || i.Outcome == interaction.Completed
	}
	return false
}

// Get returns one interaction.
func (s *Interactions) Get(ctx context.Context, id string) (*interaction.Interaction, error) {
	if !tact.HasPrefix(id, tact.PrefixInteraction) {
		return nil, tact.NotFound("interaction", id)
	}
	return s.store.FindInteractionByID(ctx, id)
}

// Import stores many interactions at once, each validated as Record would
// (bulk loads: the demo). Ids and recording times must be set by the caller.
func (s *Interactions) Import(ctx context.Context, list []*interaction.Interaction) error {
	now := s.clock.Now()
	for _, i := range list {
		if i.ID == "" || i.RecordedAt.IsZero() {
			return tact.FieldError(tact.CodeRequired, "id", "imported interactions carry their id and recording time")
		}
		if err := i.Validate(now); err != nil {
			return tact.Prefix("interaction "+i.ID, err)
		}
	}
	return s.store.ImportInteractions(ctx, list)
}
