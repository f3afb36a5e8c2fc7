package survey

import (
	"fmt"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Follow-up delays of rule survey_follow_up (see FollowUpOf).
const (
	DetractorCallBack = 48 * time.Hour
	PassiveFollowUp   = 5 // business days
)

// FollowUpStatus is where the follow-up an answer calls for stands. The
// answer is stored before anything is done with it, under its unique
// (customer, event): two vendors sending it at once store it once, and only
// the one that stored it acts.
type FollowUpStatus string

// Follow-up statuses.
const (
	// FollowUpPending: being carried out by the request that stored the
	// answer (or resumed it).
	FollowUpPending FollowUpStatus = "pending"
	// FollowUpInterrupted: a failure stopped it, what was done so far
	// recorded; the same answer sent again resumes it, once.
	FollowUpInterrupted FollowUpStatus = "interrupted"
	// FollowUpDone: the case and the promise it called for exist.
	FollowUpDone FollowUpStatus = "done"
)

// FollowUpStatuses lists every status.
var FollowUpStatuses = []FollowUpStatus{FollowUpPending, FollowUpInterrupted, FollowUpDone}

// FollowUp is what an answer calls for: the records the service opens for
// it, owned by the person it names (the customer's advisor, else the quality
// desk), which the rule cannot know.
type FollowUp struct {
	// Case is the complaint case a detractor's answer opens, with his words;
	// nil for a passive.
	Case *cases.Draft
	// Promise is made to the customer: for a detractor, a call back whose
	// slot is the 48 hours from the answer's recording, about the case (its
	// CaseID is the service's to fill once the case is open); for a passive,
	// a follow-up due in 5 business days where he lives.
	Promise commitment.Draft
}

// FollowUpOf returns what answer r (validated: its sentiment classified) of
// customer c, recorded at now, calls for, and false when it calls for
// nothing: a promoter is thanked by the vendor, not followed up.
//
// Rule survey_follow_up. Source: issue 7, "a detractor (NPS ≤ 6, CSAT ≤ 2)
// opens a case with an owner, a call_back commitment due within 48 hours,
// and the verbatim in the case; passives get a follow-up within 5 business
// days" (the loop is closed while the answer is fresh: an unhappy customer
// hears from a person, story 5). The customer chose no time, so the call
// back's slot is the 48 hours the rule gives, due at its end.
func FollowUpOf(r *Response, c *customer.Customer, now time.Time) (FollowUp, bool) {
	if r.Sentiment != Detractor && r.Sentiment != Passive {
		return FollowUp{}, false
	}
	p := c.Person()
	score := fmt.Sprintf("%s %d", strings.ToUpper(string(r.Scale)), r.Score)
	f := FollowUp{Promise: commitment.Draft{CustomerID: c.ID, Channel: tact.ChannelPhone}}
	d := &f.Promise
	if r.Sentiment == Detractor {
		note := "Réponse à l'enquête (" + r.Source + ", " + score + ")"
		if r.Verbatim != "" {
			note += " : « " + r.Verbatim + " »"
		}
		f.Case = &cases.Draft{CustomerID: c.ID, Category: cases.Complaint, Channel: tact.ChannelPhone,
			Subject: "Client mécontent : " + score + " (" + r.Event + ")", Note: note}
		d.Kind, d.Subject = commitment.CallBack, "survey_detractor"
		d.Slot = &commitment.Slot{From: now.UTC(), To: now.Add(DetractorCallBack).UTC()}
		d.Words = p.VousTu("Suite à votre réponse à notre enquête, nous vous rappelons sous 48 heures.",
			"Suite à ta réponse à notre enquête, nous te rappelons sous 48 heures.")
	} else {
		d.Kind, d.Subject = commitment.Other, "survey_follow_up"
		d.Due = calendar.For(c.Jurisdiction).AddBusinessDays(now, c.Location(), PassiveFollowUp)
		d.Words = p.VousTu("Suite à votre réponse à notre enquête, nous revenons vers vous sous 5 jours ouvrés.",
			"Suite à ta réponse à notre enquête, nous revenons vers toi sous 5 jours ouvrés.")
	}
	if !wording.French(c.Language) {
		d.Words = "Following your answer to our survey, we will get back to you"
		if r.Sentiment == Detractor {
			d.Words += " within 48 hours."
		} else {
			d.Words += " within 5 business days."
		}
	}
	return f, true
}
