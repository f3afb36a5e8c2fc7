package app

import (
	"context"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// person returns the person acting in ctx, as the case rules see them: their
// user id, and whether their role may act for any owner. A system acting for
// no one is a person with no id, who may add notes but not act as an owner.
func person(ctx context.Context, users access.Store) (cases.Person, error) {
	id := tact.ActorFrom(ctx).UserID()
	if id == "" {
		return cases.Person{}, nil
	}
	u, err := user(ctx, users, id, "On-Behalf-Of")
	if err != nil {
		return cases.Person{}, err
	}
	return cases.Person{UserID: u.ID, Supervisor: u.Role.Supervises()}, nil
}

// user returns an enabled user by id, or an invalid error on field.
func user(ctx context.Context, users access.Store, id, field string) (*access.User, error) {
	u, err := users.FindUserByID(ctx, id)
	if tact.ErrorCode(err) == tact.CodeNotFound || (err == nil && u.DisabledAt != nil) {
		return nil, tact.FieldError(tact.CodeInvalid, field, "user %q does not exist or is disabled", id)
	}
	return u, err
}

// ownerOf is who owns what tact itself opens for a customer (the follow-up
// of a survey answer, the refund a final bill owes): his named advisor,
// else the first enabled supervisor (the quality desk); an operator with
// neither is told so.
func ownerOf(ctx context.Context, users access.Store, c *customer.Customer) (string, error) {
	if c.AdvisorID != "" {
		if u, err := users.FindUserByID(ctx, c.AdvisorID); err == nil && u.DisabledAt == nil {
			return u.ID, nil
		}
	}
	all, err := users.FindUsers(ctx)
	if err != nil {
		return "", err
	}
	slices.SortFunc(all, func(a, b *access.User) int { return strings.Compare(a.ID, b.ID) })
	for _, u := range all {
		if u.Role == access.Supervisor && u.DisabledAt == nil {
			return u.ID, nil
		}
	}
	return "", tact.Errorf(tact.CodeConflict, "nobody can own the follow-up: the customer has no advisor and the operator no supervisor")
}
