// Package app holds tact's services: what handlers, jobs, the CLI and the demo
// call. A service validates through the domain, stamps ids, times and actors,
// and calls the stores; it never writes SQL and never speaks HTTP.
package app

import (
	"context"
	"log/slog"
	"maps"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// Stores is every store an engine provides.
type Stores struct {
	Customers     customer.Store
	Interactions  interaction.Store
	Timeline      timeline.Store
	Catalog       catalog.Store
	Offers        offer.Store
	Campaigns     campaign.Store
	Bills         billing.Store
	Consents      billing.ConsentStore
	Access        access.Store
	Cases         cases.Store
	Commitments   commitment.Store
	Deliveries    delivery.Store
	Decisions     contactpolicy.DecisionStore
	Surveys       survey.Store
	Responses     survey.ResponseStore
	Facts         contactpolicy.FactsStore
	Notices       notice.Store
	Cancellations lifecycle.Store
	Sessions      session.Store
	Audit         audit.Store
	Quality       quality.Store
	Space         session.SpaceStore   // customers' sign-in codes and sessions
	Attempts      session.AttemptStore // the sign-in limits' counts, shared by every node
	Meta          Meta
	// Health answers whether the database serves reads.
	Health interface{ Ping(context.Context) error }
}

// Meta keeps the database's own bookkeeping (such as which demo built it).
// GetMeta returns not_found for a key never set.
type Meta interface {
	GetMeta(ctx context.Context, key string) (string, error)
	PutMeta(ctx context.Context, key, value string) error
}

// Options configure the services. Zero values mean the real clock, random ids
// and the default logger.
type Options struct {
	Clock  tact.Clock
	IDs    *tact.IDGen
	Logger *slog.Logger
	// Operator is who speaks in customer-facing texts; zero means
	// tact.DefaultOperator.
	Operator tact.Operator
	// ServiceLevels override cases.DefaultServiceLevels per category.
	ServiceLevels map[cases.Category]cases.ServiceLevel
	// ContactPolicy is the contact policy in force; the zero value means
	// contactpolicy.Default(), and a policy with no jurisdictions takes the
	// default's with its own caller-id pool.
	ContactPolicy contactpolicy.Policy
	// Mailer sends email; nil means none is configured (an email fails,
	// recorded as such).
	Mailer mail.Sender
	// PrintQueue is the folder letters are written to as PDF files, for the
	// print shop to collect; "" means letters cannot be sent.
	PrintQueue string
	// NoticeLeads are the days before a commitment ends that its notice is
	// due, per jurisdiction; a zero lead means notice.DefaultLeads()'s. The
	// caller checks them against the law (notice.Leads.Validate).
	NoticeLeads notice.Leads
}

// App is the set of services.
type App struct {
	Customers     *Customers
	Interactions  *Interactions
	Catalog       *Catalog
	Offers        *Offers
	Access        *Access
	Cases         *Cases
	Commitments   *Commitments
	Deliveries    *Deliveries
	Briefs        *Briefs
	Contacts      *Contacts
	Campaigns     *Campaigns
	Bills         *Bills
	Surveys       *Surveys
	Notices       *Notices
	Cancellations *Cancellations
	ThirdParty    *ThirdParty
	Erasures      *Erasures
	Sessions      *Sessions
	Audit         *Audit
	Quality       *Quality
	Space         *Space

	stores Stores
	clock  tact.Clock
	log    *slog.Logger
}

// New returns the services over the given stores.
func New(st Stores, opt Options) *App {
	if opt.Clock == nil {
		opt.Clock = tact.SystemClock{}
	}
	if opt.IDs == nil {
		opt.IDs = tact.NewIDGen(opt.Clock, nil)
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Operator.Name == "" {
		opt.Operator = tact.DefaultOperator()
	}
	levels := maps.Clone(cases.DefaultServiceLevels)
	maps.Copy(levels, opt.ServiceLevels)
	base := service{clock: opt.Clock, ids: opt.IDs, log: opt.Logger}
	a := &App{
		Customers: &Customers{service: base, store: st.Customers, catalog: st.Catalog, timeline: st.Timeline},
		Catalog:   &Catalog{service: base, store: st.Catalog},
		Access:    &Access{service: base, store: st.Access},
		stores:    st,
		clock:     opt.Clock,
		log:       opt.Logger,
	}
	mailer := opt.Mailer
	if mailer == nil {
		mailer = mail.Unconfigured{}
	}
	a.Deliveries = &Deliveries{service: base, store: st.Deliveries, customers: st.Customers, cases: st.Cases, commitments: st.Commitments,
		operator: opt.Operator, mailer: mailer, printQueue: opt.PrintQueue}
	a.Cases = &Cases{service: base, store: st.Cases, customers: st.Customers, users: st.Access, interactions: st.Interactions, levels: levels}
	a.Interactions = &Interactions{service: base, store: st.Interactions, customers: st.Customers, cases: a.Cases}
	a.Commitments = &Commitments{service: base, store: st.Commitments, customers: st.Customers, cases: st.Cases, users: st.Access,
		interactions: st.Interactions, deliveries: a.Deliveries, operator: opt.Operator}
	a.Briefs = &Briefs{service: base, stores: st}
	a.Offers = &Offers{service: base, stores: st, deliveries: a.Deliveries, commitments: a.Commitments,
		operator: opt.Operator}
	a.Catalog.offers = a.Offers
	policy := opt.ContactPolicy
	if policy.Jurisdictions == nil {
		policy = contactpolicy.Default()
		policy.CallerIDs = opt.ContactPolicy.CallerIDs
	}
	a.Contacts = &Contacts{service: base, stores: st, briefs: a.Briefs, policy: policy}
	a.Quality = &Quality{service: base, store: st.Quality, policy: policy}
	leads := opt.NoticeLeads
	if leads.FR == 0 {
		leads.FR = notice.DefaultLeads().FR
	}
	if leads.CAQC == 0 {
		leads.CAQC = notice.DefaultLeads().CAQC
	}
	a.Notices = &Notices{service: base, stores: st, deliveries: a.Deliveries, operator: opt.Operator, leads: leads, pass: noticePass}
	a.Erasures = &Erasures{service: base, store: st.Customers, pass: erasurePass}
	a.Interactions.decisions = st.Decisions
	a.Surveys = &Surveys{service: base, stores: st, cases: a.Cases, commitments: a.Commitments}
	a.Bills = &Bills{service: base, stores: st, policy: billing.DefaultPolicy(), cases: a.Cases, customers: a.Customers,
		offers: a.Offers, deliveries: a.Deliveries, commitments: a.Commitments, operator: opt.Operator}
	a.Cancellations = &Cancellations{service: base, stores: st, customers: a.Customers, deliveries: a.Deliveries, operator: opt.Operator}
	a.ThirdParty = &ThirdParty{service: base, store: st.Consents, customers: a.Customers}
	limits := newLimits(st.Attempts)
	a.Sessions = &Sessions{service: base, store: st.Sessions, space: st.Space, access: a.Access, limits: limits}
	a.Audit = &Audit{service: base, store: st.Audit, access: st.Access}
	a.Space = &Space{service: base, store: st.Space, customers: st.Customers, mailer: mailer, operator: opt.Operator, limits: limits,
		deliveries: a.Deliveries}
	a.Campaigns = &Campaigns{service: base, stores: st, offers: a.Offers, contacts: a.Contacts, briefs: a.Briefs}
	return a
}

// Ready reports whether the database answers.
func (a *App) Ready(ctx context.Context) error { return a.stores.Health.Ping(ctx) }

// Meta returns the database's bookkeeping store.
func (a *App) Meta() Meta { return a.stores.Meta }

// Clock returns the services' clock.
func (a *App) Clock() tact.Clock { return a.clock }

// service is what every service shares.
type service struct {
	clock tact.Clock
	ids   *tact.IDGen
	log   *slog.Logger
}
