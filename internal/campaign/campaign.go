// Package campaign is the words and rules of outbound campaigns: which
// offers, to whom, on which channel, how many a day, for how long, and who
// is held out as a control group. Planning a campaign asks, for every
// customer, which of its offers fits him best and whether the contact policy
// lets him be contacted, and gives each target a slot within the campaign's
// daily capacity rather than dropping him: a deferred contact is scheduled,
// a denied one is suppressed with the rule that denied it (DESIGN story 4).
package campaign

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Limits of a campaign.
const (
	// MaxOffers bounds the offers of one campaign: each is assessed for every
	// customer planned.
	MaxOffers = 50
	// MaxControlPercent keeps most of the audience contacted: a control group
	// larger than half measures nothing more.
	MaxControlPercent = 50
	// MaxDays bounds a campaign's period.
	MaxDays = 366
	maxCode = 64
)

// Campaign is an outbound campaign.
type Campaign struct {
	Code         string            `json:"code"`
	Name         tact.Text         `json:"name"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	// Offers are the codes of the offers proposed; each customer targeted is
	// proposed the one that fits him best.
	Offers []string `json:"offers"`
	// Target is an expression over a line of the customer (offer.Env, the
	// same names as offers' eligibility); empty targets everyone. A customer
	// is in the audience when one of his lines in force is.
	Target  string       `json:"target,omitempty"`
	Channel tact.Channel `json:"channel"`
	Purpose tact.Purpose `json:"purpose"`
	// Source is the system that will make the contacts (a dialer, a
	// subcontracted call centre): the contact policy counts attempts across
	// every source.
	Source string `json:"source"`
	// CallerID is the number calls will show; required for phone campaigns.
	CallerID string `json:"caller_id,omitempty"`
	// Subject is what the contacts are about (e.g. contract_adaptation): a
	// customer with a pending promise on it is not contacted.
	Subject string `json:"subject,omitempty"`
	// CapacityPerDay is how many contacts can be made each day (by the
	// customer's local date).
	CapacityPerDay int `json:"capacity_per_day"`
	// Starts and Ends are the first and last days of contacts, inclusive.
	Starts tact.Date `json:"starts"`
	Ends   tact.Date `json:"ends"`
	// ControlPercent of the customers who would be targeted are held out, not
	// contacted, to measure the campaign; which ones is a hash of the
	// campaign and the customer, so the same plan holds out the same people.
	ControlPercent int       `json:"control_percent"`
	CreatedAt      time.Time `json:"created_at"`
}

// Normalize trims the campaign's codes and gives it the sales purpose when
// none is said.
func (c *Campaign) Normalize() {
	c.Code, c.Source, c.CallerID, c.Subject = strings.TrimSpace(c.Code), strings.TrimSpace(c.Source), strings.TrimSpace(c.CallerID), strings.TrimSpace(c.Subject)
	for i, o := range c.Offers {
		c.Offers[i] = strings.TrimSpace(o)
	}
	if c.Purpose == "" {
		c.Purpose = tact.PurposeSales
	}
}

// Validate checks a normalized campaign and compiles its target expression:
// one that does not compile is refused with its line and column.
func (c *Campaign) Validate() error {
	switch {
	case c.Code == "":
		return tact.FieldError(tact.CodeRequired, "code", "a campaign has a code")
	case utf8.RuneCountInString(c.Code) > maxCode || strings.Trim(c.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != "":
		return tact.FieldError(tact.CodeInvalid, "code", "a code is up to 64 letters, digits, '-', '_' or '.'")
	case strings.TrimSpace(c.Name.FR) == "" || strings.TrimSpace(c.Name.EN) == "":
		return tact.FieldError(tact.CodeRequired, "name", "a campaign is named in French and English")
	case !c.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", c.Jurisdiction)
	case len(c.Offers) == 0:
		return tact.FieldError(tact.CodeRequired, "offers", "a campaign proposes at least one offer")
	case len(c.Offers) > MaxOffers:
		return tact.FieldError(tact.CodeInvalid, "offers", "at most %d offers", MaxOffers)
	case !c.Channel.Outbound():
		return tact.FieldError(tact.CodeInvalid, "channel", "a campaign reaches customers by phone, sms, email or letter, not %q", c.Channel)
	case !c.Purpose.Valid():
		return tact.FieldError(tact.CodeInvalid, "purpose", "purpose %q is unknown", c.Purpose)
	case c.Source == "":
		return tact.FieldError(tact.CodeRequired, "source", "say which system makes the contacts: attempts are counted across every source")
	case c.Channel == tact.ChannelPhone && c.CallerID == "":
		// Checked here, not only at each decision: a phone campaign without
		// a number would be suppressed whole by caller_id_shown.
		return tact.FieldError(tact.CodeRequired, "caller_id", "a phone campaign shows a number from the operator's pool")
	case c.CapacityPerDay < 1:
		return tact.FieldError(tact.CodeInvalid, "capacity_per_day", "at least one contact a day")
	case c.Starts.IsZero():
		return tact.FieldError(tact.CodeRequired, "starts", "a campaign has a first day")
	case c.Ends.IsZero() || c.Ends.Before(c.Starts):
		return tact.FieldError(tact.CodeInvalid, "ends", "a campaign ends on or after its first day")
	case c.Starts.AddDays(MaxDays).Before(c.Ends):
		return tact.FieldError(tact.CodeInvalid, "ends", "a campaign lasts at most %d days", MaxDays)
	case c.ControlPercent < 0 || c.ControlPercent > MaxControlPercent:
		return tact.FieldError(tact.CodeInvalid, "control_percent", "from 0 to %d percent", MaxControlPercent)
	}
	seen := map[string]bool{}
	for i, o := range c.Offers {
		if o == "" || seen[o] {
			return tact.FieldError(tact.CodeInvalid, "offers", "offer %d is empty or named twice", i)
		}
		seen[o] = true
	}
	_, err := offer.CompileField("target", c.Target)
	return err
}

// Store keeps campaigns and their latest plan. Errors: not_found for a
// missing campaign; conflict when a campaign's code is taken; anything else
// is internal.
type Store interface {
	// CreateCampaign stores a new campaign.
	CreateCampaign(ctx context.Context, c *Campaign) error
	// FindCampaign returns one campaign.
	FindCampaign(ctx context.Context, code string) (*Campaign, error)
	// FindCampaigns returns every campaign, by code.
	FindCampaigns(ctx context.Context) ([]*Campaign, error)
	// SavePlan replaces the campaign's plan with p and its entries, in one
	// transaction: a reader sees the old plan or the new one, never a mix.
	SavePlan(ctx context.Context, p *Plan, entries []*Entry) error
	// FindPlan returns the campaign's latest plan; not_found when it was
	// never planned.
	FindPlan(ctx context.Context, code string) (*Plan, error)
	// FindEntries returns entries of the campaign's latest plan by customer
	// id, after the cursor's customer, of one outcome when outcome is set.
	FindEntries(ctx context.Context, code string, outcome Outcome, after string, limit int) ([]*Entry, error)
}
