package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// Space is the service over customers signing in to their own space: a
// one-time code sent by email, or a password of his own (space_password.go),
// then a session of the customer's own, apart from the console's
// (session.SpaceSession). Two limits hold, each per email and per client
// address, counted in the database like the console's: codes sent
// (session.MaxFailures a quarter of an hour per email, so nobody floods a
// mailbox) and failed sign-ins, wrong codes and wrong passwords counted
// together (as many, on top of session.MaxCodeAttempts per code), and
// session.SpaceAddressLimit per client address for each.
type Space struct {
	service
	store     session.SpaceStore
	customers customer.Store
	mailer    mail.Sender
	operator  tact.Operator
	limits    *limits
	// deliveries send the notice of a password set or changed.
	deliveries *Deliveries
}

// SendCode sends a sign-in code to email when it is the address of a
// customer. It answers the same whether or not the address is known, so the
// form tells nobody who is a customer; a *RateLimitedError past the limit of
// codes sent, delivery_failed when the mail server did not take it (the
// caller logs it and still tells the customer nothing more). When several
// customers share the address, the code signs in the one in service (active,
// then cancelling, then former), the first by name among equals.
func (s *Space) SendCode(ctx context.Context, email string, c Client) error {
	now := s.clock.Now()
	email = session.NormalEmail(email)
	// Every code asked for counts, sent or not: the answer must not tell.
	if _, err := s.limits.take(ctx, now, session.LimitsOf(session.CodeSent, email, c.IP), "codes asked for"); err != nil {
		return err
	}
	who, err := s.customerOfEmail(ctx, email)
	if who == nil || err != nil {
		return err
	}
	code, secret, err := session.NewCode(email, who.ID, now, s.ids, c.IP)
	if err != nil {
		return err
	}
	if err := s.store.CreateCode(ctx, code); err != nil {
		return err
	}
	subject, text := codeMessage(who, secret, s.operator)
	if err := s.mailer.Send(ctx, mail.Message{To: email, Subject: subject, Text: text, Language: string(who.Language), ID: code.ID}); err != nil {
		return tact.Errorf(tact.CodeDeliveryFailed, "the sign-in code %s was not sent: %v", code.ID, err)
	}
	return nil
}

// customerOfEmail returns the customer an email address (lower case) signs
// in, by code or by password: the one in service (active, then cancelling,
// then former), the first by name among equals; nil when the address is no
// customer's.
func (s *Space) customerOfEmail(ctx context.Context, email string) (*customer.Customer, error) {
	if !customer.ValidEmail(email) {
		return nil, nil
	}
	found, err := s.customers.FindCustomers(ctx, customer.Filter{Search: customer.Search{Emails: []string{email}}, Limit: 20})
	if err != nil || len(found) == 0 {
		return nil, err
	}
	rank := map[customer.Status]int{customer.Active: 0, customer.Cancelling: 1, customer.Former: 2}
	return slices.MinFunc(found, func(a, b *customer.Customer) int { return rank[a.Status] - rank[b.Status] }), nil
}

// codeMessage is the email that carries a code, in the customer's language
// and form of address.
func codeMessage(c *customer.Customer, code string, op tact.Operator) (subject, text string) {
	p := c.Person()
	shown := code[:3] + " " + code[3:]
	phone := op.SupportPhone[c.Jurisdiction]
	minutes := int(session.CodeLifetime / time.Minute)
	if !strings.HasPrefix(string(c.Language), "fr") {
		return "Your sign-in code", fmt.Sprintf("%s\n\nYour code to sign in to your customer space: %s\n\n"+
			"It is valid for %d minutes and works once. If you did not ask for it, ignore this email: nobody can enter your space without it. "+
			"We will never ask you for this code, by phone or otherwise.\n\n%s — free support: %s\n", p.Greeting(), shown, minutes, op.Name, phone)
	}
	subject = p.VousTu("Votre code de connexion", "Ton code de connexion")
	body := p.VousTu(
		"Votre code pour vous connecter à votre espace client : %s\n\nIl est valable %d minutes et ne sert qu'une fois. Si vous ne l'avez pas demandé, ignorez ce message : personne ne peut entrer dans votre espace sans ce code. Nous ne vous le demanderons jamais, ni par téléphone ni autrement.",
		"Ton code pour te connecter à ton espace client : %s\n\nIl est valable %d minutes et ne sert qu'une fois. Si tu ne l'as pas demandé, ignore ce message : personne ne peut entrer dans ton espace sans ce code. Nous ne te le demanderons jamais, ni par téléphone ni autrement.")
	return subject, fmt.Sprintf("%s\n\n"+body+"\n\n%s — assistance gratuite : %s\n", p.Greeting(), shown, minutes, op.Name, phone)
}

// SignIn checks the code typed with the email it was sent to and opens the
// customer's session, returning it with its token (for the cookie) and the
// customer. Only the latest code sent to the address counts, once, within
// session.CodeLifetime and fewer than session.MaxCodeAttempts wrong answers;
// anything else is unauthorized, the same answer whatever was wrong. Past
// session.MaxFailures wrong codes for the email (or SpaceAddressLimit from
// the address) in session.FailureWindow, an attempt is refused with a
// *RateLimitedError without looking at the code.
func (s *Space) SignIn(ctx context.Context, email, code string, c Client) (*session.SpaceSession, string, *customer.Customer, error) {
	now := s.clock.Now()
	email = session.NormalEmail(email)
	ls := session.LimitsOf(session.SpaceSignIn, email, c.IP)
	attempt, err := s.limits.take(ctx, now, ls, "wrong codes")
	if err != nil {
		return nil, "", nil, err
	}
	// A wrong code stays counted; the right one, or a fault of ours, does not.
	wrong := func() (*session.SpaceSession, string, *customer.Customer, error) {
		return nil, "", nil, tact.Errorf(tact.CodeUnauthorized, "wrong, expired or used code")
	}
	fault := func(err error) (*session.SpaceSession, string, *customer.Customer, error) {
		_ = s.limits.release(ctx, attempt)
		return nil, "", nil, err
	}
	k, err := s.store.LatestCode(ctx, email)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return wrong()
	}
	if err != nil {
		return fault(err)
	}
	if k.Usable(now) != nil {
		return wrong()
	}
	if !k.Matches(code) {
		if _, err := s.store.FailCode(ctx, k.ID); err != nil {
			return fault(err)
		}
		return wrong()
	}
	if err := s.store.UseCode(ctx, k.ID, now); tact.ErrorCode(err) == tact.CodeConflict {
		return wrong()
	} else if err != nil {
		return fault(err)
	}
	if err := s.limits.release(ctx, attempt); err != nil {
		return nil, "", nil, err
	}
	if err := s.limits.reset(ctx, ls[0].Key); err != nil {
		return nil, "", nil, err
	}
	cu, err := s.customers.FindCustomerByID(ctx, k.CustomerID)
	if err != nil {
		return nil, "", nil, err
	}
	se, token, err := s.open(ctx, cu, now, c)
	return se, token, cu, err
}

// open opens a session of customer cu at now and returns it with its token.
func (s *Space) open(ctx context.Context, cu *customer.Customer, now time.Time, c Client) (*session.SpaceSession, string, error) {
	se, token, err := session.NewSpace(cu.ID, now, s.ids, c.IP, c.UserAgent)
	if err != nil {
		return nil, "", err
	}
	if err := s.store.CreateSpaceSession(ctx, se); err != nil {
		return nil, "", err
	}
	return se, token, nil
}

// Authenticate returns the session a customer's token belongs to and the
// customer, or unauthorized when the token is not a customer's, is unknown,
// or its session has ended or expired. A console token is refused here
// before any lookup, as a customer's is by Sessions.Authenticate. It records
// the activity, at most once per session.TouchEvery.
func (s *Space) Authenticate(ctx context.Context, token string) (*session.SpaceSession, *customer.Customer, error) {
	if !strings.HasPrefix(token, session.SpaceTokenPrefix) {
		return nil, nil, tact.Errorf(tact.CodeUnauthorized, "no customer session")
	}
	now := s.clock.Now()
	se, err := s.store.FindSpaceSessionByHash(ctx, session.HashToken(token))
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, nil, tact.Errorf(tact.CodeUnauthorized, "unknown session")
	}
	if err != nil {
		return nil, nil, err
	}
	if err := se.Check(now); err != nil {
		return nil, nil, err
	}
	c, err := s.customers.FindCustomerByID(ctx, se.CustomerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, nil, tact.Errorf(tact.CodeUnauthorized, "no such customer")
	}
	if err != nil {
		return nil, nil, err
	}
	if se.NeedsTouch(now) {
		if err := s.store.TouchSpaceSession(ctx, se.ID, now); err != nil {
			return nil, nil, err
		}
		se.LastSeenAt = now
	}
	return se, c, nil
}

// SignOut ends the customer's session of token; an unknown or ended one is
// no error.
func (s *Space) SignOut(ctx context.Context, token string) error {
	if !strings.HasPrefix(token, session.SpaceTokenPrefix) {
		return nil
	}
	se, err := s.store.FindSpaceSessionByHash(ctx, session.HashToken(token))
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.EndSpaceSession(ctx, se.ID, s.clock.Now())
}

// Operator is who speaks to customers in the space, with the free support
// numbers every page gives.
func (s *Space) Operator() tact.Operator { return s.operator }
