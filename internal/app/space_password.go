package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// SignInWithPassword checks a customer's email and the password he set in
// his space, and opens his session as SignIn does with a code. The email
// signs in the customer a code would (customerOfEmail), and only with his
// own password. A wrong password, an unknown email and a customer without a
// password are the same unauthorized answer, in the same time: a password
// is checked against a hash in every case, a dummy one when there is no
// real one. Failures count with wrong codes: past session.MaxFailures for
// the email (or SpaceAddressLimit from the address) in
// session.FailureWindow, an attempt is refused with a *RateLimitedError
// without any password checked.
func (s *Space) SignInWithPassword(ctx context.Context, email, password string, c Client) (*session.SpaceSession, string, *customer.Customer, error) {
	now := s.clock.Now()
	email = session.NormalEmail(email)
	ls := session.LimitsOf(session.SpaceSignIn, email, c.IP)
	attempt, err := s.limits.take(ctx, now, ls, "failed sign-ins")
	if err != nil {
		return nil, "", nil, err
	}
	// A wrong password stays counted; the right one, or a fault of ours, does not.
	fault := func(err error) (*session.SpaceSession, string, *customer.Customer, error) {
		_ = s.limits.release(ctx, attempt)
		return nil, "", nil, err
	}
	who, err := s.customerOfEmail(ctx, email)
	if err != nil {
		return fault(err)
	}
	var cred *session.Credential
	if who != nil {
		cred, err = s.store.SpacePassword(ctx, who.ID)
		if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
			return fault(err)
		}
	}
	hash := unknownUserHash
	if cred != nil {
		hash = cred.Hash
	}
	if !access.CheckPassword(hash, password) || cred == nil {
		return nil, "", nil, tact.Errorf(tact.CodeUnauthorized, "wrong email or password")
	}
	if err := s.limits.release(ctx, attempt); err != nil {
		return nil, "", nil, err
	}
	if err := s.limits.reset(ctx, ls[0].Key); err != nil {
		return nil, "", nil, err
	}
	se, token, err := s.open(ctx, who, now, c)
	return se, token, who, err
}

// HasPassword returns when the customer's password was set, or nil when he
// has none.
func (s *Space) HasPassword(ctx context.Context, customerID string) (*time.Time, error) {
	cred, err := s.store.SpacePassword(ctx, customerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &cred.SetAt, nil
}

// PasswordChange is what SetPassword did.
type PasswordChange struct {
	// Changed is false when he had no password before, true when it
	// replaced one.
	Changed bool
	// SessionsEnded counts his other sessions it signed out.
	SessionsEnded int
	// Notice is the email telling him of it: nil when he has no email
	// address or it could not be queued; failed when the mail server did
	// not take it (the password is set all the same, and the log says why).
	Notice *delivery.Delivery
}

// SetPassword gives the customer signed in with token a password, or
// changes his: a change needs his current password (current) unless he
// signed in less than session.RecentSignIn ago (how a forgotten password is
// replaced: he signs in with a code, then sets a new one); it is checked
// against the same limit as failed sign-ins (unauthorized on field
// current_password when wrong, a *RateLimitedError past the limit). The new
// one must pass session.CheckSpacePassword; only its argon2id hash is kept.
// In the same transaction his other sessions are signed out (not this one)
// and the change is written on his timeline, never the password; then he is
// told by email at his primary address, if he has one, through the
// deliveries, so that a change he did not make does not go unnoticed.
// conflict when another change won meanwhile.
func (s *Space) SetPassword(ctx context.Context, token, current, password string, c Client) (*PasswordChange, error) {
	se, cu, err := s.Authenticate(ctx, token)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	// Wrong current passwords count under his own limit and his address's
	// (session.CurrentPasswordLimits): a stolen session must not become a
	// way to guess the password.
	ls := session.CurrentPasswordLimits(cu.ID, c.IP)
	attempt, err := s.limits.take(ctx, now, ls, "wrong passwords")
	if err != nil {
		return nil, err
	}
	// A wrong current password stays counted; anything else does not.
	fault := func(err error) (*PasswordChange, error) {
		_ = s.limits.release(ctx, attempt)
		return nil, err
	}
	old, err := s.store.SpacePassword(ctx, cu.ID)
	if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
		return fault(err)
	}
	if old != nil && !se.SignedInRecently(now) && !access.CheckPassword(old.Hash, current) {
		return nil, tact.FieldError(tact.CodeUnauthorized, "current_password", "the current password is wrong")
	}
	var emails []string
	for _, e := range cu.Emails {
		emails = append(emails, e.Address)
	}
	if err := session.CheckSpacePassword(password, emails); err != nil {
		return fault(err)
	}
	hash, err := access.HashPassword(password)
	if err != nil {
		return fault(err)
	}
	cred := &session.Credential{CustomerID: cu.ID, Hash: hash, SetAt: now, Version: 1}
	kind := customer.EventSpacePasswordSet
	if old != nil {
		cred.Version, kind = old.Version+1, customer.EventSpacePasswordChanged
	}
	evs := []customer.Event{{Kind: kind, Detail: map[string]string{"session": se.ID}}}
	customer.Stamp(evs, cu.ID, now, tact.Actor{Kind: tact.ActorCustomer, ID: cu.ID, Name: cu.FullName()}, s.ids)
	ended, err := s.store.SetSpacePassword(ctx, cred, se.ID, evs[0])
	if err != nil {
		return fault(err)
	}
	if err := s.limits.release(ctx, attempt); err != nil {
		return nil, err
	}
	if err := s.limits.reset(ctx, ls[0].Key); err != nil {
		return nil, err
	}
	change := &PasswordChange{Changed: old != nil, SessionsEnded: ended}
	change.Notice = s.passwordNotice(ctx, cu, cred, change.Changed)
	return change, nil
}

// passwordNotice queues and sends the email that tells cu his password was
// set or changed, once per version; nil when he has no email address or it
// could not be queued. A failure is logged, not returned: the password is
// set already.
func (s *Space) passwordNotice(ctx context.Context, cu *customer.Customer, cred *session.Credential, changed bool) *delivery.Delivery {
	to := cu.PrimaryEmail()
	if to == "" {
		return nil
	}
	subject, body := passwordMessage(cu, cred.SetAt, changed, s.operator)
	d, created, err := s.deliveries.Queue(ctx, delivery.Delivery{CustomerID: cu.ID, Kind: delivery.Security, Method: delivery.Email, To: to,
		Language: cu.Language, Subject: subject, Body: body, Key: "space_password:" + cu.ID + ":" + strconv.Itoa(cred.Version)})
	if err != nil {
		s.log.ErrorContext(ctx, "space: the notice of a password change was not queued", "customer", cu.ID, "err", err)
		return nil
	}
	if !created {
		return d
	}
	sent, err := s.deliveries.Dispatch(ctx, d, Written{})
	if err != nil {
		s.log.ErrorContext(ctx, "space: the notice of a password change was not sent", "customer", cu.ID, "delivery", d.ID, "err", err)
		if got, gerr := s.deliveries.Get(ctx, d.ID); gerr == nil {
			return got
		}
		return d
	}
	return sent
}

// passwordMessage is the email telling a customer his space's password was
// set or changed at at, in his language and form of address. It never holds
// the password; it gives the free support number to call if he did not do
// it, and reminds him that a code by email still signs him in.
func passwordMessage(c *customer.Customer, at time.Time, changed bool, op tact.Operator) (subject, text string) {
	p := c.Person()
	phone := op.SupportPhone[c.Jurisdiction]
	local := at.In(c.Location())
	day, clock := wording.Date(local, c.Language), local.Format("15:04")
	if !wording.French(c.Language) {
		subject, what := "Your password was changed", "changed"
		if !changed {
			subject, what = "A password was set for your customer space", "set"
		}
		return subject, fmt.Sprintf("%s\n\nThe password of your customer space was %s on %s at %s. Your other sessions were signed out.\n\n"+
			"If you did it, there is nothing more to do. If you did not, call us at once, free of charge, on %s: you can still sign in with a code sent to this address.\n\n"+
			"We will never ask you for your password, by phone or otherwise.\n\n%s — free support: %s\n",
			p.Greeting(), what, day, clock, phone, op.Name, phone)
	}
	subject = p.VousTu("Votre mot de passe a été changé", "Ton mot de passe a été changé")
	what := "changé"
	if !changed {
		subject = p.VousTu("Un mot de passe a été défini pour votre espace client", "Un mot de passe a été défini pour ton espace client")
		what = "défini"
	}
	body := p.VousTu(
		"Le mot de passe de votre espace client a été %s le %s à %s. Vos autres sessions ont été déconnectées.\n\n"+
			"Si c'est vous, vous n'avez rien d'autre à faire. Sinon, appelez-nous tout de suite, gratuitement, au %s : vous pouvez toujours vous connecter avec un code envoyé à cette adresse.\n\n"+
			"Nous ne vous demanderons jamais votre mot de passe, ni par téléphone ni autrement.",
		"Le mot de passe de ton espace client a été %s le %s à %s. Tes autres sessions ont été déconnectées.\n\n"+
			"Si c'est toi, tu n'as rien d'autre à faire. Sinon, appelle-nous tout de suite, gratuitement, au %s : tu peux toujours te connecter avec un code envoyé à cette adresse.\n\n"+
			"Nous ne te demanderons jamais ton mot de passe, ni par téléphone ni autrement.")
	return subject, fmt.Sprintf("%s\n\n"+body+"\n\n%s — assistance gratuite : %s\n", p.Greeting(), what, day, clock, phone, op.Name, phone)
}
