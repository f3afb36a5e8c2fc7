// Package brief writes what an advisor reads before saying a word to a
// customer (story 4): how to address them, what they own and use, what is open
// with them (cases and their "where we are", promises and their dates), their
// last contacts and what they agreed to. It is a pure function of facts, so
// the same brief travels with a contact decision and fills the console.
package brief

import (
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// LastContacts is how many recent contacts a brief lists.
const LastContacts = 5

// Facts are what a brief is written from.
type Facts struct {
	Customer *customer.Customer
	Lines    []*customer.Line
	// Plans holds the plans of the customer's lines, by code; TopTier the
	// highest tier on sale in the customer's jurisdiction.
	Plans       map[string]*catalog.Plan
	TopTier     int
	Devices     []*customer.Device
	OpenCases   []*cases.Case
	Promises    []*commitment.Commitment
	LastContact []*interaction.Interaction
	// People names the operator's staff by user id, for the owners of cases
	// and promises: an advisor reads "Julie Morvan", not an id.
	People map[string]string
}

// Brief is the advisor's page before a contact.
type Brief struct {
	CustomerID   string            `json:"customer_id"`
	Name         string            `json:"name"`
	Address      Address           `json:"address"`
	Status       customer.Status   `json:"status"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	TimeZone     string            `json:"time_zone"`
	// LocalTime is the customer's wall-clock time now: a 19:05 call shows "19:05".
	LocalTime     string      `json:"local_time"`
	CustomerSince tact.Date   `json:"customer_since"`
	FormerSince   tact.Date   `json:"former_since"`
	Lines         []Line      `json:"lines"`
	Devices       []Device    `json:"devices"`
	OpenCases     []Case      `json:"open_cases"`
	Promises      []Promise   `json:"promises"`
	LastContacts  []Contact   `json:"last_contacts"`
	Consents      []Consent   `json:"consents"`
	Preferences   Preferences `json:"preferences"`
	Warnings      []tact.Text `json:"warnings"`
}

// Address is how to speak to the customer.
type Address struct {
	// HowTo is the reminder shown first: "Vouvoyer — M. Gagnon".
	HowTo         string                 `json:"how_to"`
	Greeting      string                 `json:"greeting"`
	FormOfAddress customer.FormOfAddress `json:"form_of_address"`
	Salutation    customer.Salutation    `json:"salutation"`
	Language      tact.Language          `json:"language"`
}

// AddressOf is how to speak to c: what a brief shows first, and what a
// campaign's target carries.
func AddressOf(c *customer.Customer) Address {
	p := c.Person()
	return Address{HowTo: p.HowToAddress(), Greeting: p.Greeting(), FormOfAddress: c.FormOfAddress, Salutation: c.Salutation, Language: c.Language}
}

// Line is a line with what its plan means.
type Line struct {
	ID               string              `json:"id"`
	Number           string              `json:"number"`
	Status           customer.LineStatus `json:"status"`
	PlanCode         string              `json:"plan_code"`
	PlanName         tact.Text           `json:"plan_name"`
	Tier             int                 `json:"tier"`
	TopTier          bool                `json:"top_tier"`
	DataMB           catalog.Allowance   `json:"data_mb"`
	MonthlyPrice     tact.Money          `json:"monthly_price"`
	Options          []string            `json:"options"`
	CommitmentEndsOn tact.Date           `json:"commitment_ends_on"`
}

// Device is a device the customer has.
type Device struct {
	Brand string  `json:"brand"`
	Model string  `json:"model"`
	OS    tact.OS `json:"os"`
}

// Case is an open case as an advisor needs it.
type Case struct {
	ID         string         `json:"id"`
	Subject    string         `json:"subject"`
	Category   cases.Category `json:"category"`
	Status     cases.Status   `json:"status"`
	OwnerID    string         `json:"owner_id,omitempty"`
	OwnerName  string         `json:"owner_name,omitempty"`
	WhereWeAre string         `json:"where_we_are,omitempty"`
	// Breached lists the service levels already missed.
	Breached []string `json:"breached"`
}

// Promise is an open promise.
type Promise struct {
	ID        string            `json:"id"`
	Kind      commitment.Kind   `json:"kind"`
	Subject   string            `json:"subject"`
	Words     string            `json:"words"`
	Due       time.Time         `json:"due"`
	Status    commitment.Status `json:"status"`
	OwnerID   string            `json:"owner_id"`
	OwnerName string            `json:"owner_name,omitempty"`
}

// Contact is a recent contact.
type Contact struct {
	At        time.Time             `json:"at"`
	Channel   tact.Channel          `json:"channel"`
	Direction interaction.Direction `json:"direction"`
	Purpose   tact.Purpose          `json:"purpose"`
	Outcome   interaction.Outcome   `json:"outcome"`
	Source    string                `json:"source"`
	Summary   string                `json:"summary,omitempty"`
}

// Consent is the current answer on a channel and purpose.
type Consent struct {
	Channel tact.Channel `json:"channel"`
	Purpose tact.Purpose `json:"purpose"`
	Granted bool         `json:"granted"`
	At      time.Time    `json:"at"`
}

// Preferences summarises the customer's own rules.
type Preferences struct {
	QuietHours        []customer.Window `json:"quiet_hours"`
	PreferredChannel  tact.Channel      `json:"preferred_channel,omitempty"`
	DoNotCall         bool              `json:"do_not_call"`
	ThirdPartyBilling bool              `json:"third_party_billing"`
}

// summaryLength bounds a contact's summary in a brief: the timeline has the rest.
const summaryLength = 200

// Build writes the brief of f at now.
func Build(f Facts, now time.Time) Brief {
	c := f.Customer
	loc := c.Location()
	b := Brief{
		CustomerID: c.ID, Name: c.FullName(), Status: c.Status, Jurisdiction: c.Jurisdiction, TimeZone: c.TimeZone,
		LocalTime:     now.In(loc).Format("2006-01-02 15:04 MST"),
		CustomerSince: c.CustomerSince, FormerSince: c.FormerSince,
		Address: AddressOf(c),
		Preferences: Preferences{QuietHours: c.Preferences.QuietHours, PreferredChannel: c.Preferences.PreferredChannel,
			DoNotCall: c.DoNotCall != nil, ThirdPartyBilling: c.ThirdPartyBilling},
		Lines: []Line{}, Devices: []Device{}, OpenCases: []Case{}, Promises: []Promise{}, LastContacts: []Contact{}, Consents: []Consent{}, Warnings: []tact.Text{},
	}
	if b.Preferences.QuietHours == nil {
		b.Preferences.QuietHours = []customer.Window{}
	}
	for _, l := range f.Lines {
		if l.Status == customer.LineEnded && c.Status != customer.Former {
			continue
		}
		bl := Line{ID: l.ID, Number: l.Number, Status: l.Status, PlanCode: l.PlanCode, Options: l.Options, CommitmentEndsOn: l.CommitmentEndsOn}
		if bl.Options == nil {
			bl.Options = []string{}
		}
		if plan := f.Plans[l.PlanCode]; plan != nil {
			bl.PlanName, bl.Tier, bl.DataMB, bl.MonthlyPrice = plan.Name, plan.Tier, plan.DataMB, plan.MonthlyPrice
			bl.TopTier = f.TopTier > 0 && plan.Tier >= f.TopTier
		}
		b.Lines = append(b.Lines, bl)
	}
	for _, d := range f.Devices {
		b.Devices = append(b.Devices, Device{Brand: d.Brand, Model: d.Model, OS: d.OS})
	}
	for _, k := range f.OpenCases {
		bc := Case{ID: k.ID, Subject: k.Subject, Category: k.Category, Status: k.Status, OwnerID: k.OwnerID, OwnerName: f.People[k.OwnerID], WhereWeAre: k.WhereWeAre, Breached: []string{}}
		for _, br := range k.Breaches(now) {
			bc.Breached = append(bc.Breached, br.Kind)
		}
		b.OpenCases = append(b.OpenCases, bc)
	}
	for _, pr := range f.Promises {
		if pr.Status.Open() {
			b.Promises = append(b.Promises, Promise{ID: pr.ID, Kind: pr.Kind, Subject: pr.Subject, Words: pr.Words, Due: pr.Due, Status: pr.Status, OwnerID: pr.OwnerID, OwnerName: f.People[pr.OwnerID]})
		}
	}
	slices.SortFunc(b.Promises, func(x, y Promise) int { return x.Due.Compare(y.Due) })
	for i, it := range f.LastContact {
		if i == LastContacts {
			break
		}
		b.LastContacts = append(b.LastContacts, Contact{At: it.StartedAt, Channel: it.Channel, Direction: it.Direction, Purpose: it.Purpose,
			Outcome: it.Outcome, Source: it.Source, Summary: clip(it.Summary, summaryLength)})
	}
	for _, k := range c.Consents {
		b.Consents = append(b.Consents, Consent{Channel: k.Channel, Purpose: k.Purpose, Granted: k.Granted, At: k.At})
	}
	b.Warnings = warnings(f, b, now)
	return b
}

// warnings are the facts an advisor must not miss, said first.
func warnings(f Facts, b Brief, now time.Time) []tact.Text {
	out := []tact.Text{}
	c := f.Customer
	switch c.Status {
	case customer.Former:
		out = append(out, tact.Text{FR: "Ancien client : aucune vente ; seulement ses propres démarches en cours.", EN: "Former customer: no sales; only his own open matters."})
	case customer.Cancelling:
		out = append(out, tact.Text{FR: "Résiliation en cours : aucune vente.", EN: "Cancellation under way: no sales."})
	}
	for _, p := range b.Promises {
		if p.Status == commitment.Overdue {
			out = append(out, tact.Text{FR: "Promesse en retard : « " + p.Words + " ».", EN: "Overdue promise: “" + p.Words + "”."})
		}
	}
	for _, k := range b.OpenCases {
		if len(k.Breached) > 0 {
			out = append(out, tact.Text{FR: "Délai dépassé sur le dossier « " + k.Subject + " ».", EN: "Service level missed on case “" + k.Subject + "”."})
		}
	}
	if c.DoNotCall != nil {
		out = append(out, tact.Text{FR: "Inscrit sur la liste interne d'opposition au démarchage.", EN: "On the internal do-not-call list."})
	}
	for _, w := range c.Preferences.QuietHours {
		if w.Contains(tact.ClockOf(now.In(c.Location()))) {
			out = append(out, tact.Text{FR: "Heure calme du client en ce moment (" + w.From.String() + "–" + w.To.String() + ").",
				EN: "The customer's quiet hours now (" + w.From.String() + "–" + w.To.String() + ")."})
		}
	}
	return out
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
