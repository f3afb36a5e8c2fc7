package app

import (
	"context"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/cases"
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
