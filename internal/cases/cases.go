// Package cases owns the customer's matters: a case has one owner who follows
// it to resolution, a handoff carries a written summary so nobody re-explains
// (story 3), service levels are counted in business time, and a case is never
// closed "for lack of answer" to calls the customer could not take (story 5).
// Every change is an event with its actor and time.
package cases

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Category is what a case is about.
type Category string

// Categories.
const (
	Billing      Category = "billing"
	Technical    Category = "technical"
	Sales        Category = "sales"
	Cancellation Category = "cancellation"
	Complaint    Category = "complaint"
	Incident     Category = "incident"
)

// Categories lists every category.
var Categories = []Category{Billing, Technical, Sales, Cancellation, Complaint, Incident}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Status is where a case stands.
type Status string

// Statuses. A case moves new → in_progress → (waiting_customer |
// waiting_internal)* → resolved → closed; a resolved case may be reopened for
// 30 days; a closed one is followed by a new case linked to it.
const (
	New             Status = "new"
	InProgress      Status = "in_progress"
	WaitingCustomer Status = "waiting_customer"
	WaitingInternal Status = "waiting_internal"
	Resolved        Status = "resolved"
	Closed          Status = "closed"
)

// Statuses lists every status.
var Statuses = []Status{New, InProgress, WaitingCustomer, WaitingInternal, Resolved, Closed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Open reports whether a case in status s still needs work.
func (s Status) Open() bool { return s != Resolved && s != Closed }

// working reports whether s is a status an owner works in.
func (s Status) working() bool {
	return s == InProgress || s == WaitingCustomer || s == WaitingInternal
}

// CloseReason says why a case was closed.
type CloseReason string

// Close reasons.
const (
	// ClosedResolved closes a resolved case once its resolution stands.
	ClosedResolved CloseReason = "resolved"
	// ClosedNoAnswer closes an open case the customer never answered: allowed
	// only after a written notice and 7 days (CloseForNoAnswer).
	ClosedNoAnswer CloseReason = "no_answer"
	// ClosedDuplicate closes a case opened twice for one matter.
	ClosedDuplicate CloseReason = "duplicate"
	// ClosedWithdrawn closes a case the customer withdrew.
	ClosedWithdrawn CloseReason = "withdrawn"
)

// Case is one matter of one customer.
type Case struct {
	ID         string       `json:"id"`
	CustomerID string       `json:"customer_id"`
	Subject    string       `json:"subject"`
	Category   Category     `json:"category"`
	Channel    tact.Channel `json:"channel"`
	Status     Status       `json:"status"`
	// OwnerID is the one user who follows the case, from in_progress on.
	OwnerID string `json:"owner_id,omitempty"`
	// WhereWeAre is the last handoff's summary: what the next person reads
	// instead of asking the customer again.
	WhereWeAre  string      `json:"where_we_are,omitempty"`
	Resolution  string      `json:"resolution,omitempty"`
	CloseReason CloseReason `json:"close_reason,omitempty"`
	// ReopensCaseID links a case opened because a closed one came back.
	ReopensCaseID string `json:"reopens_case_id,omitempty"`

	OpenedAt        time.Time  `json:"opened_at"`
	FirstAnswerDue  time.Time  `json:"first_answer_due"`
	ResolutionDue   time.Time  `json:"resolution_due"`
	FirstAnsweredAt *time.Time `json:"first_answered_at,omitempty"`
	ResolvedAt      *time.Time `json:"resolved_at,omitempty"`
	ClosedAt        *time.Time `json:"closed_at,omitempty"`

	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ServiceLevel is a category's targets, in business days of the customer's
// jurisdiction.
type ServiceLevel struct {
	FirstAnswerDays int `json:"first_answer_days"`
	ResolutionDays  int `json:"resolution_days"`
}

// DefaultServiceLevels are tact's defaults: a complaint is answered within 2
// business days and resolved within 10 (the operator's published commitments
// usually read so; configurable per category), an incident faster.
var DefaultServiceLevels = map[Category]ServiceLevel{
	Billing:      {2, 10},
	Technical:    {2, 10},
	Sales:        {2, 10},
	Cancellation: {1, 5},
	Complaint:    {2, 10},
	Incident:     {1, 5},
}

// ReopenWindow is how long after resolution a case may be reopened; later, a
// new case is opened and linked to it.
const ReopenWindow = 30 * 24 * time.Hour

// NoAnswerWait is how long after a written notice a case may be closed for
// lack of answer (story 5).
const NoAnswerWait = 7 * 24 * time.Hour

// Limits on text.
const (
	maxSubject     = 200
	maxText        = 4000
	minHandoffText = 20
)

// Draft is what opening a case takes.
type Draft struct {
	CustomerID string       `json:"customer_id"`
	Subject    string       `json:"subject"`
	Category   Category     `json:"category"`
	Channel    tact.Channel `json:"channel"`
	// OwnerID, when set, puts the case in progress with that owner at once.
	OwnerID string `json:"owner_id,omitempty"`
	// Note is the first note: what the customer said.
	Note string `json:"note,omitempty"`
}

// Open makes a new case from d, with service-level dues counted in the
// customer's calendar and zone from now.
func Open(d Draft, now time.Time, cal *calendar.Calendar, loc *time.Location, levels map[Category]ServiceLevel) (*Case, []Event, error) {
	d.Subject = strings.TrimSpace(d.Subject)
	d.Note = strings.TrimSpace(d.Note)
	switch {
	case d.CustomerID == "":
		return nil, nil, tact.FieldError(tact.CodeRequired, "customer_id", "a case is a customer's")
	case d.Subject == "":
		return nil, nil, tact.FieldError(tact.CodeRequired, "subject", "say in a few words what the case is about")
	case utf8.RuneCountInString(d.Subject) > maxSubject:
		return nil, nil, tact.FieldError(tact.CodeTooLong, "subject", "at most %d characters", maxSubject)
	case !d.Category.Valid():
		return nil, nil, tact.FieldError(tact.CodeInvalid, "category", "category %q is not one of billing, technical, sales, cancellation, complaint, incident", d.Category)
	case !d.Channel.Valid():
		return nil, nil, tact.FieldError(tact.CodeInvalid, "channel", "channel %q is not a channel", d.Channel)
	case utf8.RuneCountInString(d.Note) > maxText:
		return nil, nil, tact.FieldError(tact.CodeTooLong, "note", "at most %d characters", maxText)
	}
	lvl, ok := levels[d.Category]
	if !ok {
		lvl = DefaultServiceLevels[d.Category]
	}
	c := &Case{
		CustomerID: d.CustomerID, Subject: d.Subject, Category: d.Category, Channel: d.Channel, Status: New,
		OpenedAt: now, UpdatedAt: now,
		FirstAnswerDue: cal.AddBusinessDays(now, loc, lvl.FirstAnswerDays),
		ResolutionDue:  cal.AddBusinessDays(now, loc, lvl.ResolutionDays),
	}
	evs := []Event{{Kind: EventOpened, Text: d.Note, ToStatus: New}}
	if d.OwnerID != "" {
		c.Status, c.OwnerID = InProgress, d.OwnerID
		evs = append(evs, Event{Kind: EventAssigned, ToOwner: d.OwnerID, FromStatus: New, ToStatus: InProgress})
	}
	return c, evs, nil
}

// MayAssign is the rule for opening a case with an owner: an advisor opens a
// case for themself, a supervisor for anyone; a system acting for no person
// (the operator's routing) may assign it too, as it routes calls. Take holds
// an advisor to the same rule later. Source: issue 3 (exactly one owner, chosen
// by the owner or their supervisor).
func (d Draft) MayAssign(p Person) error {
	if d.OwnerID == "" || p.UserID == "" || p.Supervisor || d.OwnerID == p.UserID {
		return nil
	}
	return tact.FieldError(tact.CodeNotOwner, "owner_id", "an advisor opens a case for themself; a supervisor assigns it to others")
}

// Person is who acts on a case: a user, and whether they may act for any owner.
type Person struct {
	UserID     string
	Supervisor bool
}

// mayActAsOwner reports whether p may take an owner's step on c: the owner
// themself, or a supervisor. After a handoff the former owner no longer can.
func (c *Case) mayActAsOwner(p Person) error {
	if p.Supervisor || (p.UserID != "" && p.UserID == c.OwnerID) {
		return nil
	}
	if p.UserID == "" {
		return tact.Errorf(tact.CodeNotOwner, "say which person acts (On-Behalf-Of): only the case's owner or a supervisor may do this")
	}
	return tact.Errorf(tact.CodeNotOwner, "case %s is owned by %s; only its owner or a supervisor may do this", c.ID, c.OwnerID)
}

func transition(c *Case, from Status, to Status) error {
	return tact.Errorf(tact.CodeInvalidTransition, "case %s is %s; it cannot become %s", c.ID, from, to)
}

func text(field, s string, min int) (string, error) {
	s = strings.TrimSpace(s)
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", tact.FieldError(tact.CodeRequired, field, "%s is required", field)
	case n < min:
		return "", tact.FieldError(tact.CodeInvalid, field, "write at least %d characters: the next person reads only this", min)
	case n > maxText:
		return "", tact.FieldError(tact.CodeTooLong, field, "at most %d characters", maxText)
	}
	return s, nil
}

// Take makes a new case in progress with owner ownerID. An advisor takes a
// case for themself; a supervisor may assign it to anyone.
func (c *Case) Take(p Person, ownerID string, now time.Time) ([]Event, error) {
	if c.Status != New {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "case %s already has an owner (%s); hand it off instead", c.ID, c.OwnerID)
	}
	if ownerID == "" {
		ownerID = p.UserID
	}
	if ownerID == "" {
		return nil, tact.FieldError(tact.CodeRequired, "owner_id", "a case in progress has one owner")
	}
	if ownerID != p.UserID && !p.Supervisor {
		return nil, tact.Errorf(tact.CodeNotOwner, "an advisor takes a case for themself; a supervisor assigns it to others")
	}
	c.Status, c.OwnerID, c.UpdatedAt = InProgress, ownerID, now
	return []Event{{Kind: EventAssigned, ToOwner: ownerID, FromStatus: New, ToStatus: InProgress}}, nil
}

// AddNote records a note. Anyone working for the operator may add one to a
// case that is not closed.
func (c *Case) AddNote(note string, now time.Time) ([]Event, error) {
	if c.Status == Closed {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "case %s is closed; open a new case", c.ID)
	}
	n, err := text("note", note, 1)
	if err != nil {
		return nil, err
	}
	c.UpdatedAt = now
	return []Event{{Kind: EventNote, Text: n}}, nil
}

// HandOff gives the case to another owner with a written summary, which
// becomes its "where we are". Only the owner or a supervisor hands off.
func (c *Case) HandOff(p Person, to, summary string, now time.Time) ([]Event, error) {
	if !c.Status.working() {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "case %s is %s; only a case in progress is handed off", c.ID, c.Status)
	}
	if err := c.mayActAsOwner(p); err != nil {
		return nil, err
	}
	if to == "" {
		return nil, tact.FieldError(tact.CodeRequired, "to_owner_id", "hand the case to someone")
	}
	if to == c.OwnerID {
		return nil, tact.FieldError(tact.CodeInvalid, "to_owner_id", "%s already owns the case", to)
	}
	s, err := text("summary", summary, minHandoffText)
	if err != nil {
		return nil, err
	}
	from := c.OwnerID
	c.OwnerID, c.WhereWeAre, c.UpdatedAt = to, s, now
	return []Event{{Kind: EventHandedOff, Text: s, FromOwner: from, ToOwner: to}}, nil
}

// SetStatus moves a case between in_progress, waiting_customer and
// waiting_internal. Only the owner or a supervisor does.
func (c *Case) SetStatus(p Person, to Status, now time.Time) ([]Event, error) {
	if !to.working() {
		return nil, tact.FieldError(tact.CodeInvalid, "status", "status moves between in_progress, waiting_customer and waiting_internal; resolve or close with their own steps")
	}
	if !c.Status.working() {
		return nil, transition(c, c.Status, to)
	}
	if err := c.mayActAsOwner(p); err != nil {
		return nil, err
	}
	if to == c.Status {
		return nil, nil
	}
	from := c.Status
	c.Status, c.UpdatedAt = to, now
	return []Event{{Kind: EventStatusChanged, FromStatus: from, ToStatus: to}}, nil
}

// MarkAnswered records the customer's first answer on the case (a contact
// made about it); later answers change nothing.
func (c *Case) MarkAnswered(at time.Time) []Event {
	if c.FirstAnsweredAt != nil || c.Status == Closed {
		return nil
	}
	c.FirstAnsweredAt = &at
	c.UpdatedAt = at
	return []Event{{Kind: EventAnswered}}
}

// Resolve records the resolution of a case in progress.
func (c *Case) Resolve(p Person, resolution string, now time.Time) ([]Event, error) {
	if !c.Status.working() {
		return nil, transition(c, c.Status, Resolved)
	}
	if err := c.mayActAsOwner(p); err != nil {
		return nil, err
	}
	r, err := text("resolution", resolution, 1)
	if err != nil {
		return nil, err
	}
	from := c.Status
	c.Status, c.Resolution, c.ResolvedAt, c.UpdatedAt = Resolved, r, &now, now
	return []Event{{Kind: EventResolved, Text: r, FromStatus: from, ToStatus: Resolved}}, nil
}

// Reopen puts a case resolved less than ReopenWindow ago back in progress with
// its owner. A closed case is not reopened: the service opens a new case
// linked to it.
func (c *Case) Reopen(p Person, reason string, now time.Time) ([]Event, error) {
	if c.Status != Resolved {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "case %s is %s; only a resolved case is reopened", c.ID, c.Status)
	}
	if c.ResolvedAt != nil && now.Sub(*c.ResolvedAt) > ReopenWindow {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "case %s was resolved more than 30 days ago; open a new case", c.ID)
	}
	r, err := text("reason", reason, 1)
	if err != nil {
		return nil, err
	}
	c.Status, c.ResolvedAt, c.Resolution, c.UpdatedAt = InProgress, nil, "", now
	return []Event{{Kind: EventReopened, Text: r, FromStatus: Resolved, ToStatus: InProgress}}, nil
}

// FollowUp returns the draft of the case that follows a closed one, linked to it.
func (c *Case) FollowUp(note string) (Draft, error) {
	if c.Status != Closed {
		return Draft{}, tact.Errorf(tact.CodeInvalidTransition, "case %s is %s; reopen it instead", c.ID, c.Status)
	}
	return Draft{CustomerID: c.CustomerID, Subject: c.Subject, Category: c.Category, Channel: c.Channel, Note: note}, nil
}

// Close closes a case. A resolved case closes for ClosedResolved; an open one
// closes as a duplicate, as withdrawn by the customer, or for lack of answer,
// which CloseForNoAnswer must allow first.
func (c *Case) Close(p Person, reason CloseReason, note string, notice NoAnswerFacts, now time.Time) ([]Event, error) {
	if c.Status == Closed {
		return nil, transition(c, Closed, Closed)
	}
	switch reason {
	case ClosedResolved:
		if c.Status != Resolved {
			return nil, tact.Errorf(tact.CodeInvalidTransition, "case %s is %s; resolve it before closing it as resolved", c.ID, c.Status)
		}
	case ClosedNoAnswer:
		if err := CloseForNoAnswer(c, notice, now); err != nil {
			return nil, err
		}
	case ClosedDuplicate, ClosedWithdrawn:
	default:
		return nil, tact.FieldError(tact.CodeInvalid, "reason", "reason %q is not resolved, no_answer, duplicate or withdrawn", reason)
	}
	if c.OwnerID != "" {
		if err := c.mayActAsOwner(p); err != nil {
			return nil, err
		}
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxText {
		return nil, tact.FieldError(tact.CodeTooLong, "note", "at most %d characters", maxText)
	}
	from := c.Status
	c.Status, c.CloseReason, c.ClosedAt, c.UpdatedAt = Closed, reason, &now, now
	return []Event{{Kind: EventClosed, Text: note, FromStatus: from, ToStatus: Closed, Detail: map[string]string{"reason": string(reason)}}}, nil
}

// NoAnswerFacts are what the no-answer rule needs: the written notices sent to
// the customer about the case, and the channels the customer can still use.
type NoAnswerFacts struct {
	Notices []Notice
	Usable  []tact.Channel
}

// NoAnswerFactsFrom gathers the no-answer rule's facts: the channels the
// customer can still be written to on, and the contacts made about the case.
// Every outbound contact that did not fail counts as sent; CloseForNoAnswer
// keeps the written ones.
func NoAnswerFactsFrom(usable []tact.Channel, contacts []*interaction.Interaction) NoAnswerFacts {
	f := NoAnswerFacts{Usable: usable}
	for _, i := range contacts {
		if i.Direction == interaction.Outbound && i.Outcome != interaction.Failed {
			f.Notices = append(f.Notices, Notice{Channel: i.Channel, SentAt: i.StartedAt})
		}
	}
	return f
}

// Notice is a written message sent to the customer about the case.
type Notice struct {
	Channel tact.Channel
	SentAt  time.Time
}

// CloseForNoAnswer is the rule of story 5: a case may be closed for lack of
// answer only if a written notice (email, letter or SMS — calls do not count:
// the customer may have been unable to take them) was sent on a channel the
// customer can still use, and NoAnswerWait has passed since. Source: DESIGN
// §1 story 5; C. conso L.224-42-3 asks operators to offer a written trace of
// what is done with a customer's request.
func CloseForNoAnswer(c *Case, f NoAnswerFacts, now time.Time) error {
	var newest *Notice
	for i, n := range f.Notices {
		written := n.Channel == tact.ChannelEmail || n.Channel == tact.ChannelLetter || n.Channel == tact.ChannelSMS
		if written && slices.Contains(f.Usable, n.Channel) && (newest == nil || n.SentAt.After(newest.SentAt)) {
			newest = &f.Notices[i]
		}
	}
	if newest == nil {
		return tact.Errorf(tact.CodeNeedsWrittenNotice,
			"case %s cannot be closed for lack of answer: no written notice (email, letter or SMS) was sent on a channel the customer can still use; calls do not count", c.ID)
	}
	if wait := newest.SentAt.Add(NoAnswerWait); now.Before(wait) {
		return tact.Errorf(tact.CodeNeedsWrittenNotice,
			"case %s cannot be closed for lack of answer before %s: 7 days after the written notice of %s", c.ID,
			wait.UTC().Format(time.RFC3339), newest.SentAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// Breach is a missed service level.
type Breach struct {
	Kind string    `json:"kind"` // first_answer or resolution
	Due  time.Time `json:"due"`
}

// Breaches returns the service levels c has missed by now: no first answer by
// its due (or one given late), no resolution by its due (or a late one).
func (c *Case) Breaches(now time.Time) []Breach {
	var out []Breach
	if late(c.FirstAnsweredAt, c.FirstAnswerDue, now, c.Status == Closed) {
		out = append(out, Breach{Kind: "first_answer", Due: c.FirstAnswerDue})
	}
	if late(c.ResolvedAt, c.ResolutionDue, now, c.Status == Closed) {
		out = append(out, Breach{Kind: "resolution", Due: c.ResolutionDue})
	}
	return out
}

func late(done *time.Time, due, now time.Time, closed bool) bool {
	if done != nil {
		return done.After(due)
	}
	return !closed && now.After(due)
}

// EventKind names a change to a case.
type EventKind string

// Event kinds.
const (
	EventOpened        EventKind = "opened"
	EventAssigned      EventKind = "assigned"
	EventNote          EventKind = "note"
	EventHandedOff     EventKind = "handed_off"
	EventStatusChanged EventKind = "status_changed"
	EventAnswered      EventKind = "answered"
	EventResolved      EventKind = "resolved"
	EventReopened      EventKind = "reopened"
	EventClosed        EventKind = "closed"
)

// Event is one change to a case, shown on the case and on the customer's timeline.
type Event struct {
	ID         string            `json:"id"`
	CaseID     string            `json:"case_id"`
	CustomerID string            `json:"customer_id"`
	At         time.Time         `json:"at"`
	Actor      tact.Actor        `json:"actor"`
	Kind       EventKind         `json:"kind"`
	Text       string            `json:"text,omitempty"`
	FromOwner  string            `json:"from_owner,omitempty"`
	ToOwner    string            `json:"to_owner,omitempty"`
	FromStatus Status            `json:"from_status,omitempty"`
	ToStatus   Status            `json:"to_status,omitempty"`
	Detail     map[string]string `json:"detail,omitempty"`
}

// Stamp gives each event its id, case, customer, time and actor.
func Stamp(evs []Event, c *Case, at time.Time, actor tact.Actor, ids *tact.IDGen) {
	for i := range evs {
		evs[i].ID = ids.New(tact.PrefixCaseEvent)
		evs[i].CaseID, evs[i].CustomerID, evs[i].At, evs[i].Actor = c.ID, c.CustomerID, at, actor
	}
}

// Filter selects cases, newest opened first.
type Filter struct {
	CustomerID string
	OwnerID    string
	Status     Status
	// OpenOnly keeps cases not resolved or closed.
	OpenOnly bool
	// DueBefore keeps cases with a service level due before it and not met:
	// no first answer by FirstAnswerDue, or no resolution by ResolutionDue.
	DueBefore time.Time
	After     tact.Cursor
	Limit     int
}

// Store keeps cases and their events. Errors: not_found for a missing case;
// precondition_failed when an update's version is no longer current; anything
// else is internal.
type Store interface {
	// CreateCase stores a new case at version 1 with its events.
	CreateCase(ctx context.Context, c *Case, events []Event) error
	// FindCaseByID returns one case.
	FindCaseByID(ctx context.Context, id string) (*Case, error)
	// FindCases returns cases matching f, newest opened first (opened_at, id descending).
	FindCases(ctx context.Context, f Filter) ([]*Case, error)
	// UpdateCase stores c if its version is still c.Version, moves it to
	// c.Version+1 (in place), and appends the events, in one transaction.
	UpdateCase(ctx context.Context, c *Case, events []Event) error
	// FindCaseEvents returns a case's events, oldest first.
	FindCaseEvents(ctx context.Context, caseID string) ([]Event, error)
}
