package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/mail/mailtest"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
)

// The space's tests change what they touch (a dispute, a cancellation), so
// they run over a demo of their own, apart from the console's, and each test
// works on customers no other test of the space changes.
var spaceShared struct {
	once   sync.Once
	dir    string
	stores app.Stores
	res    *demo.Result
	err    error
	// crowd are the active French customers of the crowd with an email and
	// a line in service, listed once before any test changes one.
	crowd []string
}

func spaceDB(tb testing.TB) (app.Stores, *demo.Result) {
	tb.Helper()
	spaceShared.once.Do(func() {
		ctx := context.Background()
		if spaceShared.dir, spaceShared.err = os.MkdirTemp("", "tact-space-test"); spaceShared.err != nil {
			return
		}
		db, err := sqlite.Open(ctx, filepath.Join(spaceShared.dir, "demo.db"), sqlite.Options{Synchronous: sqlite.SyncNormal})
		if err != nil {
			spaceShared.err = err
			return
		}
		if _, spaceShared.err = db.Migrate(ctx); spaceShared.err != nil {
			return
		}
		spaceShared.stores = db.Stores()
		spaceShared.res, spaceShared.err = demo.Build(ctx, spaceShared.stores, demo.Options{Seed: 1, Customers: demoCustomers, Now: demoNow})
		if spaceShared.err == nil {
			spaceShared.crowd, spaceShared.err = crowdOf(ctx, app.New(spaceShared.stores, app.Options{}), spaceShared.res)
		}
	})
	if spaceShared.err != nil {
		tb.Fatalf("demo: %v", spaceShared.err)
	}
	return spaceShared.stores, spaceShared.res
}

// space is a running server over the space's demo, sending email through a
// real SMTP server in the test.
type space struct {
	*console
	smtp *mailtest.Server
}

func newSpace(tb testing.TB) *space {
	tb.Helper()
	st, res := spaceDB(tb)
	smtp := mailtest.Start(tb)
	sender, err := mail.NewSMTP(mail.Config{URL: smtp.URL(), From: "Opérateur Démo <service-client@operateur-demo.example>"})
	must(tb, "NewSMTP", err)
	clock := tact.NewManualClock(consoleTime)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log, Mailer: sender, PrintQueue: tb.TempDir()})
	srv := httptest.NewServer(server.New(a, log).Handler())
	tb.Cleanup(srv.Close)
	return &space{console: &console{srv: srv, app: a, clock: clock, res: res}, smtp: smtp}
}

// customerOf returns a demo customer.
func (s *space) customerOf(tb testing.TB, id string) *customer.Customer {
	tb.Helper()
	c, err := s.app.Customers.Get(context.Background(), id)
	must(tb, "Customers.Get", err)
	return c
}

// crowd returns the n-th active French customer of the crowd with an email
// and a line in service: customers no story needs, one per test that changes
// them.
func (s *space) crowd(tb testing.TB, n int) *customer.Customer {
	tb.Helper()
	if n >= len(spaceShared.crowd) {
		tb.Fatalf("no %dth crowd customer among %d", n, len(spaceShared.crowd))
	}
	return s.customerOf(tb, spaceShared.crowd[n])
}

// crowdOf lists the crowd customers the tests may change.
func crowdOf(ctx context.Context, a *app.App, res *demo.Result) ([]string, error) {
	stories := map[string]bool{}
	for _, st := range res.Stories {
		stories[st.CustomerID] = true
	}
	list, _, err := a.Customers.Search(ctx, app.SearchParams{Jurisdiction: tact.FR, Status: customer.Active, Limit: 100})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range list {
		if stories[c.ID] || len(c.Emails) == 0 || c.AccountNumber == "" {
			continue
		}
		lines, err := a.Customers.Lines(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(lines, func(l *customer.Line) bool { return l.Status == customer.LineActive }) {
			out = append(out, c.ID)
		}
	}
	return out, nil
}

// primaryEmail is a customer's primary email address.
func primaryEmail(c *customer.Customer) string {
	for _, e := range c.Emails {
		if e.Primary {
			return e.Address
		}
	}
	return c.Emails[0].Address
}

var codeInMail = regexp.MustCompile(`: (\d{3}) (\d{3})\n`)

// codeFor waits for the newest sign-in code sent to addr and returns it.
func (s *space) codeFor(tb testing.TB, addr string, after int) string {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		msgs := s.smtp.Messages()
		for i := len(msgs) - 1; i >= after; i-- {
			if slices.Contains(msgs[i].To, addr) {
				if m := codeInMail.FindStringSubmatch(msgs[i].Text); m != nil {
					return m[1] + m[2]
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("no sign-in code arrived for %s", addr)
	return ""
}

// askCode fills the space's sign-in form with an email and returns the
// answer to the post.
func (b *browser) askCode(email string) (*http.Response, string) {
	b.tb.Helper()
	_, page := b.get("/space/login")
	return b.post("/space/login/code", url.Values{"email": {email}, "csrf_token": {csrf(b.tb, page)}, "next": {"/space/"}})
}

// signInSpace signs a customer in with the code emailed to him, as he would.
func (s *space) signInSpace(tb testing.TB, b *browser, c *customer.Customer) {
	tb.Helper()
	email := primaryEmail(c)
	before := len(s.smtp.Messages())
	resp, page := b.askCode(email)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("ask a code for %s: %d\n%s", email, resp.StatusCode, page)
	}
	code := s.codeFor(tb, email, before)
	resp, page = b.post("/space/login", url.Values{"email": {email}, "code": {code}, "csrf_token": {csrf(tb, page)}, "next": {"/space/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/" {
		tb.Fatalf("sign in as %s: %d %s\n%s", email, resp.StatusCode, resp.Header.Get("Location"), page)
	}
}

// sentBill submits a bill for the customer's first line over February 2026
// with the lines given (a plan line first when none), reports it sent, and
// returns it.
func (s *space) sentBill(tb testing.TB, c *customer.Customer, lines ...billing.Line) *billing.Bill {
	tb.Helper()
	ctx := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorToken, ID: "tok_test", Name: "billing"})
	ls, err := s.app.Customers.Lines(ctx, c.ID)
	must(tb, "Lines", err)
	cur := c.Jurisdiction.Currency()
	all := append([]billing.Line{{Kind: billing.Plan, Description: "Forfait mobile, février 2026", Amount: tact.Money{Cents: 1999, Currency: cur}}}, lines...)
	var total int64
	for _, l := range all {
		total += l.Amount.Cents
	}
	res, err := s.app.Bills.Submit(ctx, "test-billing", []billing.Bill{{CustomerID: c.ID, LineID: ls[0].ID,
		From: mustDate("2026-02-01"), To: mustDate("2026-02-28"), DueOn: mustDate("2026-03-25"),
		Lines: all, Total: tact.Money{Cents: total, Currency: cur}}})
	must(tb, "Bills.Submit", err)
	b := res.Bills[0]
	if b.Status != billing.Validated {
		tb.Fatalf("bill %s: %s %+v", b.ID, b.Status, b.Review)
	}
	b, err = s.app.Bills.Report(ctx, b.ID, billing.Sent, 0)
	must(tb, "Bills.Report", err)
	return b
}

// thirdPartyCharge gives the customer a third-party charge his switch and a
// double opt-in let through, as a partner's payment page would: the switch
// on, the consent recorded, and the line citing it.
func (s *space) thirdPartyCharge(tb testing.TB, c *customer.Customer) billing.Line {
	tb.Helper()
	ctx := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorToken, ID: "tok_test", Name: "payment page"})
	_, err := s.app.Customers.Update(ctx, c.ID, customer.Update{ThirdPartyBilling: tact.Some(true)}, 0)
	must(tb, "switch on", err)
	page := mustDate("2026-02-09").In(time.UTC).Add(10 * time.Hour)
	_, _, err = s.app.ThirdParty.RecordConsent(ctx, c.ID, billing.ThirdPartyConsent{Ref: "contactplus-" + c.ID[4:14], Provider: "Phonéo Services",
		Service: "Contact+", PaymentPageAt: page, ConfirmedAt: page.Add(2 * time.Minute), ConfirmedBy: tact.ChannelSMS})
	must(tb, "RecordConsent", err)
	return billing.Line{Kind: billing.ThirdParty, Description: "Contact+ (abonnement mensuel)", Date: mustDate("2026-02-10"),
		Amount: tact.Money{Cents: 498, Currency: c.Jurisdiction.Currency()},
		Provider: &billing.Provider{Name: "Phonéo Services", Service: "Contact+", Complaints: "0 800 123 456 (appel gratuit) ou reclamations@phoneo.example",
			ConsentRef: "contactplus-" + c.ID[4:14]}}
}

// spaceContains is contains, with a hint of where the page is.
func bodyText(page string) string {
	page = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(page, " ")
	return strings.Join(strings.Fields(page), " ")
}

func mustDate(s string) tact.Date {
	d, err := tact.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// mainOf is the page's main content, without its header and footer.
func mainOf(page string) string {
	i, j := strings.Index(page, "<main"), strings.Index(page, "</main>")
	if i < 0 || j < i {
		return page
	}
	return page[i:j]
}
