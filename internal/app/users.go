package app

import (
	"context"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/tact"
)

// CreateSupervisedUser creates a person's account, as CreateUser does, whose
// overdue promises escalate to supervisorID ("" for none). The supervisor must
// be an enabled user whose role supervises (supervisor or admin).
func (s *Access) CreateSupervisedUser(ctx context.Context, email, name string, role access.Role, password, supervisorID string) (*access.User, error) {
	if supervisorID != "" {
		sup, err := user(ctx, s.store, supervisorID, "supervisor_id")
		if err != nil {
			return nil, err
		}
		if !sup.Role.Supervises() {
			return nil, tact.FieldError(tact.CodeInvalid, "supervisor_id", "%s is an %s; a supervisor is a supervisor or an admin", sup.Email, sup.Role)
		}
	}
	hash, err := access.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &access.User{ID: s.ids.New(tact.PrefixUser), Email: email, Name: name, Role: role, SupervisorID: supervisorID,
		PasswordHash: hash, CreatedAt: s.clock.Now()}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}
