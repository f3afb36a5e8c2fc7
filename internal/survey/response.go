package survey

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// Scale is how a survey scores.
type Scale string

// Scales.
const (
	// NPS is the Net Promoter Score question, 0 to 10.
	NPS Scale = "nps"
	// CSAT is customer satisfaction, 1 to 5.
	CSAT Scale = "csat"
)

// Scales lists every scale.
var Scales = []Scale{NPS, CSAT}

// Valid reports whether s is a known scale.
func (s Scale) Valid() bool { return slices.Contains(Scales, s) }

// Sentiment is what an answer says of the customer's mood.
type Sentiment string

// Sentiments.
const (
	Detractor Sentiment = "detractor"
	Passive   Sentiment = "passive"
	Promoter  Sentiment = "promoter"
)

// Sentiments lists every sentiment.
var Sentiments = []Sentiment{Detractor, Passive, Promoter}

// Valid reports whether s is a known sentiment.
func (s Sentiment) Valid() bool { return slices.Contains(Sentiments, s) }

// Classify reads a score. Rule survey_detractor: NPS 0–6 or CSAT 1–2 is a
// detractor, NPS 7–8 or CSAT 3 a passive, the rest promoters. Sources: the
// Net Promoter definition (Reichheld, Bain & Company: 0–6 detractors, 7–8
// passives, 9–10 promoters); CSAT's bottom two boxes as detractors, issue 7.
func Classify(s Scale, score int) Sentiment {
	switch {
	case s == NPS && score <= 6, s == CSAT && score <= 2:
		return Detractor
	case s == NPS && score <= 8, s == CSAT && score == 3:
		return Passive
	}
	return Promoter
}

// Response is a customer's answer to a survey a vendor was allowed to make.
type Response struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	// Event is the event the survey was about; Source the vendor.
	Event  string `json:"event"`
	Source string `json:"source"`
	Scale  Scale  `json:"scale"`
	Score  int    `json:"score"`
	// Verbatim is what the customer wrote or said, as he put it.
	Verbatim  string    `json:"verbatim,omitempty"`
	Sentiment Sentiment `json:"sentiment"`
	// FollowUp is where the follow-up the answer calls for stands ("" when
	// it calls for none); CaseID and CommitmentID are what was done with
	// it: the case opened and the promise to call back or follow up.
	FollowUp     FollowUpStatus `json:"follow_up,omitempty"`
	CaseID       string         `json:"case_id,omitempty"`
	CommitmentID string         `json:"commitment_id,omitempty"`
	AnsweredAt   time.Time      `json:"answered_at"`
	CreatedAt    time.Time      `json:"created_at"`
	// Version counts the answer's writes: its follow-up is carried out by
	// whoever moves it on from the version read.
	Version int `json:"version"`
}

// maxVerbatim bounds what a customer's answer says.
const maxVerbatim = 4000

// Validate checks a response as a vendor sends it, and classifies it.
func (r *Response) Validate(now time.Time) error {
	r.Event, r.Source, r.Verbatim = strings.TrimSpace(r.Event), strings.TrimSpace(r.Source), strings.TrimSpace(r.Verbatim)
	switch {
	case r.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "an answer is a customer's")
	case r.Event == "":
		return tact.FieldError(tact.CodeRequired, "event", "an answer is about the event the survey was about")
	case r.Source == "":
		return tact.FieldError(tact.CodeRequired, "source", "say which vendor made the survey")
	case !r.Scale.Valid():
		return tact.FieldError(tact.CodeInvalid, "scale", "scale %q is not nps or csat", r.Scale)
	case r.Scale == NPS && (r.Score < 0 || r.Score > 10):
		return tact.FieldError(tact.CodeInvalid, "score", "an NPS score is from 0 to 10")
	case r.Scale == CSAT && (r.Score < 1 || r.Score > 5):
		return tact.FieldError(tact.CodeInvalid, "score", "a CSAT score is from 1 to 5")
	case utf8.RuneCountInString(r.Verbatim) > maxVerbatim:
		return tact.FieldError(tact.CodeTooLong, "verbatim", "at most %d characters", maxVerbatim)
	case r.AnsweredAt.IsZero() || r.AnsweredAt.After(now):
		return tact.FieldError(tact.CodeInvalid, "answered_at", "when the customer answered, not in the future")
	}
	r.Sentiment = Classify(r.Scale, r.Score)
	return nil
}

// TimelineEvent is the customer event that puts the answer on his
// timeline, with what was done with it: the timeline shows him his words
// were heard.
func (r *Response) TimelineEvent() customer.Event {
	detail := map[string]string{"response_id": r.ID, "event": r.Event, "source": r.Source, "scale": string(r.Scale),
		"score": strconv.Itoa(r.Score), "sentiment": string(r.Sentiment)}
	if r.CaseID != "" {
		detail["case_id"] = r.CaseID
	}
	if r.CommitmentID != "" {
		detail["commitment_id"] = r.CommitmentID
	}
	return customer.Event{Kind: customer.EventSurveyAnswered, Detail: detail}
}

// ResponseStore keeps survey answers, each written with the customer events
// that go with it in one transaction. Errors: not_found naming customer_id
// for an answer of no customer, conflict naming event when the customer's
// event already has an answer, not_found for a missing answer,
// precondition_failed when an answer changed since it was read; anything
// else is internal.
type ResponseStore interface {
	// CreateResponse stores a new answer: the unique (customer, event)
	// makes its caller the only one to carry out its follow-up.
	CreateResponse(ctx context.Context, r *Response, events []customer.Event) error
	// UpdateResponse writes r if its stored version is still r.Version,
	// then increments r.Version.
	UpdateResponse(ctx context.Context, r *Response, events []customer.Event) error
	// FindResponses returns a customer's answers, newest first.
	FindResponses(ctx context.Context, customerID string) ([]*Response, error)
}
