package contactpolicy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// rule is one named requirement of the policy.
type rule struct {
	id RuleID
	// check judges the contact at t: allowed, denied, or deferred until an
	// instant after t.
	check func(e *evaluation, t time.Time) result
}

// textFunc writes a reason in the advisor's words, in French and English.
type textFunc func(e *evaluation) tact.Text

// rules are every rule, in the order their reasons are listed: what forbids
// a contact outright first, then what only forbids it now.
var rules = []rule{
	callerIDShown, callerIDPool, doNotCall, consent, oppositionList, provableConsent, preferredChannel,
	promisePending, disputeOpen, creditPending, cancellingNoSales, formerCustomer,
	surveyOncePerEvent, surveyFormerOnce, surveyComplaintOpen,
	salesCallHours, quietHours, salesCallCap, salesCallRefusal, surveyCooldown,
}

// RuleIDs lists the id of every rule, in the order decisions list reasons.
func RuleIDs() []RuleID {
	out := make([]RuleID, len(rules))
	for i, r := range rules {
		out[i] = r.id
	}
	return out
}

// Explain returns what every rule says of req at the instant Decide judges,
// in order, as reasons (allowed ones included, with verdict allow): the
// decision step by step.
func Explain(req Request, f Facts, p Policy, now time.Time) []Reason {
	at, e := judgedAt(req, now), newEvaluation(req, f, p)
	out := make([]Reason, len(rules))
	for i, r := range rules {
		out[i] = e.reason(r, r.check(e, at))
	}
	return out
}

// reason is res as a decision states it.
func (e *evaluation) reason(r rule, res result) Reason {
	out := Reason{Rule: r.id, Verdict: res.verdict, Ref: res.ref}
	if res.text != nil {
		out.Text = res.text(e)
	}
	if res.verdict == Defer {
		out.Until = res.until.UTC()
	}
	return out
}

// then prefixes a reason with the instant it applies at.
func (e *evaluation) then(t time.Time, text tact.Text) tact.Text {
	return tact.Text{FR: "Au " + e.when(t, tact.LangFrFR) + " : " + text.FR, EN: "By " + e.when(t, tact.LangEN) + ": " + text.EN}
}

// when writes an instant in the customer's zone: "lundi 25 mai 2026 à 10:00".
func (e *evaluation) when(t time.Time, lang tact.Language) string {
	local := t.In(e.loc)
	if wording.French(lang) {
		return wording.Date(local, lang) + " à " + local.Format("15:04")
	}
	return wording.Date(local, lang) + " at " + local.Format("15:04")
}

var noLawfulMoment = tact.Text{
	FR: "Aucun moment permis par toutes les règles dans les 400 jours qui viennent : ce contact n'est pas possible.",
	EN: "No moment every rule permits in the next 400 days: this contact is not possible.",
}

func deny(fr, en string) result {
	return result{verdict: Deny, text: func(*evaluation) tact.Text { return tact.Text{FR: fr, EN: en} }}
}

func denyRef(ref, fr, en string) result {
	r := deny(fr, en)
	r.ref = ref
	return r
}

// deferUntil defers to until; the text, written by texts only when a
// decision states it (the search for not_before checks the rules many times
// and states none of them), gets the instant in the customer's zone.
func deferUntil(until time.Time, texts func() (fr, en string)) result {
	return result{verdict: Defer, until: until, text: func(e *evaluation) tact.Text {
		fr, en := texts()
		return tact.Text{FR: fr + " Possible à partir du " + e.when(until, tact.LangFrFR) + ".",
			EN: en + " Possible from " + e.when(until, tact.LangEN) + "."}
	}}
}

func (e *evaluation) sales() bool { return e.req.Purpose == tact.PurposeSales }
func (e *evaluation) call() bool  { return e.req.Channel == tact.ChannelPhone }
func (e *evaluation) former() bool {
	return e.facts.Customer != nil && e.facts.Customer.Status == customer.Former
}

// prospect reports whether the customer has no contract in force: the
// opposition-list rules treat him as a prospect.
func (e *evaluation) prospect() bool { return !e.facts.HasContract || e.former() }

// consentOf returns the customer's consent record for channel × purpose.
func (e *evaluation) consentOf(ch tact.Channel, p tact.Purpose) (customer.Consent, bool) {
	if e.facts.Customer == nil {
		return customer.Consent{}, false
	}
	return e.facts.Customer.Consent(ch, p)
}

// callerIDShown: a call shows a number, whatever its purpose. Source: C.
// conso. art. L.221-17 (loi n° 2020-901 « Naegelen »: a canvassing call shows
// a number that can be called back); CRTC Unsolicited Telecommunications
// Rules, Part III (calls identify the caller); DESIGN §1 story 5 (a masked call
// after the customer left) and §4.
var callerIDShown = rule{id: "caller_id_shown", check: func(e *evaluation, _ time.Time) result {
	if !e.call() {
		return allowed
	}
	if masked(e.req.CallerID) {
		return deny("Un appel masque le numéro : interdit. Le numéro présenté doit être visible et rappelable.",
			"A call with a masked number is not allowed: the number shown must be visible and callable back.")
	}
	return allowed
}}

// callerIDPool: the number a call shows is one of the operator's own (its
// configured pool), so the customer can tell who calls and call back. Source:
// décret n° 2022-1313 and C. conso. L.221-17 (the number shown belongs to
// the professional); DESIGN §4 ("from the company's pool").
var callerIDPool = rule{id: "caller_id_pool", check: func(e *evaluation, _ time.Time) result {
	if !e.call() || len(e.pol.CallerIDs) == 0 || masked(e.req.CallerID) {
		return allowed
	}
	shown := digits(e.req.CallerID)
	for _, n := range e.pol.CallerIDs {
		if sameNumber(digits(n), shown) {
			return allowed
		}
	}
	return deny(fmt.Sprintf("Le numéro présenté (%s) n'est pas un numéro de l'opérateur.", e.req.CallerID),
		fmt.Sprintf("The number shown (%s) is not one of the operator's numbers.", e.req.CallerID))
}}

// masked reports whether a caller id shows no number.
func masked(callerID string) bool {
	id := strings.TrimSpace(callerID)
	return id == "" || strings.EqualFold(id, interaction.CallerIDWithheld) || strings.EqualFold(id, "anonymous")
}

// digits keeps the digits of a number as written.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sameNumber compares two numbers by digits, a national form ("0176…")
// matching its international one ("33176…").
func sameNumber(a, b string) bool {
	if a == b {
		return true
	}
	trim := func(s string) string { return strings.TrimLeft(s, "0") }
	a, b = trim(a), trim(b)
	return a != "" && b != "" && (strings.HasSuffix(a, b) || strings.HasSuffix(b, a)) && min(len(a), len(b)) >= 9
}

// doNotCall: the operator's internal do-not-call list is honoured for sales
// and survey calls, for ever in France and for 3 years in Canada
// (DoNotCallKept). Source: CRTC Unsolicited Telecommunications Rules, Part II
// (internal do-not-call list, requests honoured for 3 years); C. conso.
// L.223-1 (opposition to canvassing); DESIGN §4.
var doNotCall = rule{id: "do_not_call", check: func(e *evaluation, t time.Time) result {
	c := e.facts.Customer
	if !e.call() || (!e.sales() && e.req.Purpose != tact.PurposeSurvey) || c == nil || c.DoNotCall == nil {
		return allowed
	}
	if kept := e.rules.DoNotCallKept; kept > 0 && !t.Before(c.DoNotCall.Since.Add(kept.Duration())) {
		return allowed
	}
	return deny(fmt.Sprintf("Le client est sur la liste interne « ne pas appeler » depuis le %s.", wording.ShortDate(c.DoNotCall.Since.In(e.loc), tact.LangFrFR)),
		fmt.Sprintf("The customer is on the internal do-not-call list since %s.", wording.ShortDate(c.DoNotCall.Since.In(e.loc), tact.LangEN)))
}}

// consent: marketing by email or SMS needs the customer's consent for that
// channel, or — for an existing customer, about products like his own — no
// objection recorded (he can opt out in every message). Calls and letters are
// allowed unless the customer objected; surveys on any channel likewise.
// Source: C. P. et C. E. art. L.34-5 (prior consent for electronic
// marketing, exception for existing customers and similar products); CASL
// S.C. 2010 c. 23, s. 6 and 10 (express or implied consent); RGPD art. 21
// (right to object); DESIGN §4.
var consent = rule{id: "consent", check: func(e *evaluation, _ time.Time) result {
	p := e.req.Purpose
	if p != tact.PurposeSales && p != tact.PurposeSurvey {
		return allowed
	}
	k, recorded := e.consentOf(e.req.Channel, p)
	if recorded && !k.Granted {
		return deny(fmt.Sprintf("Le client a refusé les contacts « %s » par %s (%s, %s).", p, e.req.Channel, k.Source, wording.ShortDate(k.At.In(e.loc), tact.LangFrFR)),
			fmt.Sprintf("The customer refused %s contacts by %s (%s, %s).", p, e.req.Channel, k.Source, wording.ShortDate(k.At.In(e.loc), tact.LangEN)))
	}
	electronic := e.req.Channel == tact.ChannelEmail || e.req.Channel == tact.ChannelSMS
	if p == tact.PurposeSales && electronic && !recorded && e.prospect() {
		return deny(fmt.Sprintf("Pas de consentement aux offres par %s, et ce n'est pas un client en contrat : interdit.", e.req.Channel),
			fmt.Sprintf("No consent to offers by %s, and not a customer under contract: not allowed.", e.req.Channel))
	}
	return allowed
}}

// oppositionList: a sales call to a prospect (no contract in force, former
// customers included) needs a check against the national opposition list
// younger than OppositionMaxAge. Source: C. conso. L.223-1 (Bloctel: a
// professional has his files cleaned against the list, at least every 30
// days under the list operator's terms);
// CRTC Unsolicited Telecommunications Rules, Part II (National DNCL, a list
// at most 31 days old); DESIGN §4.
var oppositionList = rule{id: "opposition_list", check: func(e *evaluation, t time.Time) result {
	if !e.call() || !e.sales() || !e.prospect() || e.rules.OppositionMaxAge <= 0 {
		return allowed
	}
	checked := e.facts.OppositionCheckedAt
	if checked != nil && t.Before(checked.Add(e.rules.OppositionMaxAge.Duration())) {
		return allowed
	}
	list := "Bloctel"
	if e.facts.Customer != nil && e.facts.Customer.Jurisdiction == tact.CAQC {
		list = "LNNTE/DNCL"
	}
	return deny(fmt.Sprintf("Prospect ou ancien client : il faut une vérification %s de moins de %d jours avant tout appel commercial.", list, e.rules.OppositionMaxAge),
		fmt.Sprintf("Prospect or former customer: a sales call needs a %s check less than %d days old.", list, e.rules.OppositionMaxAge))
}}

// provableConsent: in France, from 11 August 2026, a sales call to a prospect
// needs his prior consent, which the operator can prove. Source: loi n°
// 2025-594 du 30 juin 2025, art. 15, amending C. conso. L.223-1 (opt-in for
// telephone canvassing, except for calls about a contract in force); DESIGN
// §4.
var provableConsent = rule{id: "provable_consent", check: func(e *evaluation, t time.Time) result {
	from := e.rules.ProvableConsentFrom
	if !e.call() || !e.sales() || !e.prospect() || from.IsZero() || tact.DateOf(t.In(e.loc)).Before(from) {
		return allowed
	}
	if k, ok := e.consentOf(tact.ChannelPhone, tact.PurposeSales); ok && k.Granted && strings.TrimSpace(k.Proof) != "" {
		return allowed
	}
	return deny(fmt.Sprintf("Depuis le %s, un appel commercial à un prospect exige son consentement préalable, prouvé : aucun n'est enregistré.", wording.ShortDate(from.In(e.loc), tact.LangFrFR)),
		fmt.Sprintf("Since %s, a sales call to a prospect needs his prior, provable consent: none is recorded.", wording.ShortDate(from.In(e.loc), tact.LangEN)))
}}

// preferredChannel: a customer who named one channel is contacted on it, for
// service and incidents too; only a notice the law requires in a given form
// takes another way. The customer's preference outranks the law where
// stricter. Source: issue 4 ("service and incident contacts follow the
// customer's preferences"); DESIGN §4; RGPD art. 21.
var preferredChannel = rule{id: "preferred_channel", check: func(e *evaluation, _ time.Time) result {
	c := e.facts.Customer
	if c == nil || c.Preferences.PreferredChannel == "" || c.Preferences.PreferredChannel == e.req.Channel ||
		e.req.Purpose == tact.PurposeLegal {
		return allowed
	}
	pref := c.Preferences.PreferredChannel
	return deny(fmt.Sprintf("Le client a demandé à être contacté par %s seulement.", pref),
		fmt.Sprintf("The customer asked to be contacted by %s only.", pref))
}}

// promisePending: while a promise to the customer is open on a subject, no
// sales contact about it — he is waiting for us (story 2: a written offer
// promised, and the calls went on). A sales contact that names no subject is
// held by an open promise to send an offer.
// Source: DESIGN §1 story 2 and §4 (suppression).
var promisePending = rule{id: "promise_pending", check: func(e *evaluation, _ time.Time) result {
	if !e.sales() {
		return allowed
	}
	for _, p := range e.facts.Promises {
		if !p.Status.Open() {
			continue
		}
		if p.Subject == e.req.Subject || (e.req.Subject == "" && p.Kind == commitment.SendOffer) {
			return denyRef(p.ID,
				fmt.Sprintf("Une promesse est en cours sur ce sujet (%s, %s, due le %s) : on la tient avant de solliciter le client.", p.Kind, p.Subject, wording.ShortDate(p.Due.In(e.loc), tact.LangFrFR)),
				fmt.Sprintf("A promise is open on this subject (%s, %s, due %s): keep it before soliciting the customer.", p.Kind, p.Subject, wording.ShortDate(p.Due.In(e.loc), tact.LangEN)))
		}
	}
	return allowed
}}

// disputeOpen: while a bill is disputed, neither sales nor dunning. Source:
// DESIGN §4 (suppression) and §5.
var disputeOpen = rule{id: "dispute_open", check: func(e *evaluation, _ time.Time) result {
	if e.facts.OpenDisputes == 0 || (!e.sales() && e.req.Purpose != tact.PurposeCollection) {
		return allowed
	}
	return deny("Une contestation de facture est en cours : ni sollicitation commerciale ni relance de paiement.",
		"A bill dispute is under review: no sales contact and no dunning.")
}}

// creditPending: no dunning while a credit promised to the customer is not
// issued (story 3: a formal demand to pay €0.01 while a €23.40 credit was
// pending). Source: DESIGN §1 story 3 and §5.
var creditPending = rule{id: "credit_pending", check: func(e *evaluation, _ time.Time) result {
	if e.req.Purpose != tact.PurposeCollection || e.facts.PendingCredits == 0 {
		return allowed
	}
	return deny("Un avoir promis au client n'est pas encore versé : pas de relance de paiement avant.",
		"A credit promised to the customer is not issued yet: no dunning before it is.")
}}

// cancellingNoSales: a customer leaving is not solicited (retention offers
// are made when he asks to leave, not chased afterwards). Source: DESIGN §4
// (suppression: cancellation in progress).
var cancellingNoSales = rule{id: "cancelling_no_sales", check: func(e *evaluation, _ time.Time) result {
	if !e.sales() || e.facts.Customer == nil || e.facts.Customer.Status != customer.Cancelling {
		return allowed
	}
	return deny("Résiliation en cours : pas de sollicitation commerciale.", "Cancellation in progress: no sales contact.")
}}

// formerCustomer: a former customer gets no sales contact unless he opted in
// on that channel, and service contacts only about his own open matters.
// Source: DESIGN §1 story 5 and §4; RGPD art. 5(1)(b) (purpose limitation).
var formerCustomer = rule{id: "former_customer", check: func(e *evaluation, _ time.Time) result {
	if !e.former() {
		return allowed
	}
	switch e.req.Purpose {
	case tact.PurposeSales:
		if k, ok := e.consentOf(e.req.Channel, tact.PurposeSales); ok && k.Granted {
			return allowed
		}
		return deny("Ancien client : pas de sollicitation commerciale sans son accord explicite sur ce canal.",
			"Former customer: no sales contact without his explicit consent on this channel.")
	case tact.PurposeService, tact.PurposeBilling, tact.PurposeCancellation:
		if e.req.CaseID != "" && slices.ContainsFunc(e.facts.Cases, func(k *cases.Case) bool { return k.ID == e.req.CaseID && k.Status.Open() }) {
			return allowed
		}
		return deny("Ancien client : on ne le contacte qu'au sujet de ses propres dossiers ouverts (indiquez case_id).",
			"Former customer: contact him only about his own open cases (give case_id).")
	}
	return allowed
}}

// surveysMade returns the surveys made to the customer: survey contacts, whose
// subject is the event surveyed.
func (e *evaluation) surveysMade() []Attempt {
	var out []Attempt
	for _, a := range e.facts.Attempts {
		if a.Purpose == tact.PurposeSurvey {
			out = append(out, a)
		}
	}
	return out
}

// surveyOncePerEvent: one survey per event, whatever the vendor (story 5: two
// exit surveys from two vendors). Source: DESIGN §1 story 5 and §4.
var surveyOncePerEvent = rule{id: "survey_once_per_event", check: func(e *evaluation, _ time.Time) result {
	if e.req.Purpose != tact.PurposeSurvey || e.req.Event == "" {
		return allowed
	}
	for _, a := range e.surveysMade() {
		if a.Subject == e.req.Event {
			return denyRef(e.req.Event, fmt.Sprintf("Cet événement a déjà fait l'objet d'une enquête (%s, le %s).", a.Source, wording.ShortDate(a.At.In(e.loc), tact.LangFrFR)),
				fmt.Sprintf("This event was already surveyed (%s, on %s).", a.Source, wording.ShortDate(a.At.In(e.loc), tact.LangEN)))
		}
	}
	return allowed
}}

// surveyFormerOnce: a former customer gets at most the one exit survey.
// Source: DESIGN §1 story 5 and §4.
var surveyFormerOnce = rule{id: "survey_former_once", check: func(e *evaluation, _ time.Time) result {
	if e.req.Purpose != tact.PurposeSurvey || !e.former() {
		return allowed
	}
	since := e.facts.Customer.FormerSince
	for _, a := range e.surveysMade() {
		if since.IsZero() || !tact.DateOf(a.At.In(e.loc)).Before(since) {
			return deny("Ancien client : il a déjà reçu son enquête de départ, il n'en reçoit pas d'autre.",
				"Former customer: he already had his exit survey and gets no other.")
		}
	}
	return allowed
}}

// surveyComplaintOpen: no satisfaction survey while a complaint is open.
// Source: DESIGN §4.
var surveyComplaintOpen = rule{id: "survey_complaint_open", check: func(e *evaluation, _ time.Time) result {
	if e.req.Purpose != tact.PurposeSurvey {
		return allowed
	}
	for _, k := range e.facts.Cases {
		if k.Category == cases.Complaint && k.Status.Open() {
			return denyRef(k.ID, "Une réclamation est ouverte : pas d'enquête de satisfaction tant qu'elle n'est pas résolue.",
				"A complaint is open: no satisfaction survey until it is resolved.")
		}
	}
	return allowed
}}

// salesCallHours: sales calls only in the jurisdiction's hours, in the
// customer's wall-clock time: in France Monday to Friday 10:00–13:00 and
// 14:00–20:00, never on a public holiday; in Canada 9:00–21:30 on weekdays and
// 10:00–18:00 on weekends. Source: décret n° 2022-1313 du 13 octobre 2022
// (C. conso. D.223-8); CRTC Unsolicited Telecommunications Rules, Part III,
// s. 2 (Telecom Decision CRTC 2007-48); DESIGN §4.
var salesCallHours = rule{id: "sales_call_hours", check: func(e *evaluation, t time.Time) result {
	if !e.call() || !e.sales() || len(e.rules.SalesCallHours) == 0 {
		return allowed
	}
	next, ok := e.nextOpening(t)
	if next.Equal(t) {
		return allowed
	}
	if !ok {
		return deny("Aucun créneau d'appel commercial n'est ouvert dans la politique.", "The policy opens no window for sales calls.")
	}
	return deferUntil(next, func() (string, string) {
		return "Hors des heures permises pour un appel commercial (" + e.hoursText(tact.LangFrFR) + ").",
			"Outside the hours allowed for a sales call (" + e.hoursText(tact.LangEN) + ")."
	})
}}

// nextOpening returns the first instant at or after t inside the sales-call
// windows, skipping public holidays unless allowed; ok is false when none
// opens within two weeks.
func (e *evaluation) nextOpening(t time.Time) (time.Time, bool) {
	local := t.In(e.loc)
	day := tact.DateOf(local)
	for range 15 {
		if e.rules.SalesCallsOnHolidays || e.cal == nil || e.cal.Holiday(day) == "" {
			noon := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, e.loc)
			for _, w := range e.rules.SalesCallHours[tact.Weekday(noon.Weekday())] {
				start, end := wallClock(day, w.From, e.loc), wallClock(day, w.To, e.loc)
				if !t.Before(end) {
					continue
				}
				if t.Before(start) {
					return start, true
				}
				return t, true
			}
		}
		day = day.AddDays(1)
	}
	return time.Time{}, false
}

// wallClock is the instant of a wall-clock time on a day in loc.
func wallClock(d tact.Date, tod tact.TimeOfDay, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(tod)/60, int(tod)%60, 0, 0, loc)
}

// hoursText describes the sales-call windows in force for the customer, with
// what the policy says of public holidays.
func (e *evaluation) hoursText(lang tact.Language) string {
	text := e.rules.SalesCallHours.Describe(lang)
	switch {
	case e.rules.SalesCallsOnHolidays:
	case wording.French(lang):
		text += ", jamais un jour férié"
	default:
		text += ", never on a public holiday"
	}
	if wording.French(lang) {
		return text + ", heure du client"
	}
	return text + ", customer's time"
}

// quietHours: the customer's own quiet hours hold calls, whatever their
// purpose, until they end. Source: DESIGN §1 story 4 and §4 (preferences
// outrank the law where stricter).
var quietHours = rule{id: "quiet_hours", check: func(e *evaluation, t time.Time) result {
	c := e.facts.Customer
	if !e.call() || c == nil || len(c.Preferences.QuietHours) == 0 || e.req.Purpose == tact.PurposeLegal {
		return allowed
	}
	local := t.In(e.loc)
	clock := tact.ClockOf(local)
	for _, w := range c.Preferences.QuietHours {
		if !w.Contains(clock) {
			continue
		}
		day := tact.DateOf(local)
		if w.From > w.To && clock >= w.From {
			day = day.AddDays(1)
		}
		end := wallClock(day, w.To, e.loc)
		return deferUntil(end, func() (string, string) {
			return fmt.Sprintf("Le client ne veut pas d'appel entre %s et %s.", w.From, w.To),
				fmt.Sprintf("The customer wants no calls between %s and %s.", w.From, w.To)
		})
	}
	return allowed
}}

// salesAttempts returns the sales calls made in the window before t, oldest
// first: every source counts, answered or not.
func (e *evaluation) salesAttempts(t time.Time, window time.Duration) []Attempt {
	var out []Attempt
	for _, a := range e.facts.Attempts {
		if a.Purpose == tact.PurposeSales && a.Channel == tact.ChannelPhone && a.At.After(t.Add(-window)) && !a.At.After(t) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b Attempt) int { return a.At.Compare(b.At) })
	return out
}

// salesCallCap: at most MaxSalesCalls sales call attempts within
// SalesCallWindow, by the operator and its subcontractors together; the next
// is held until the oldest leaves the window. Source: décret n° 2022-1313
// (C. conso. D.223-8: at most 4 attempts in 30 days); DESIGN §4.
var salesCallCap = rule{id: "sales_call_cap", check: func(e *evaluation, t time.Time) result {
	limit, window := e.rules.MaxSalesCalls, e.rules.SalesCallWindow.Duration()
	if !e.call() || !e.sales() || limit <= 0 {
		return allowed
	}
	made := e.salesAttempts(t, window)
	if len(made) < limit {
		return allowed
	}
	until := made[len(made)-limit].At.Add(window)
	return deferUntil(until, func() (string, string) {
		return fmt.Sprintf("Déjà %d appels commerciaux en %d jours (toutes sources) : le maximum est %d.", len(made), e.rules.SalesCallWindow, limit),
			fmt.Sprintf("Already %d sales calls in %d days (every source): the most is %d.", len(made), e.rules.SalesCallWindow, limit)
	})
}}

// salesCallRefusal: after a customer refused a sales call, none for
// RefusalCooldown. Source: décret n° 2022-1313 (C. conso. D.223-8: no new
// solicitation for 60 days after a refusal); DESIGN §4.
var salesCallRefusal = rule{id: "sales_call_refusal", check: func(e *evaluation, t time.Time) result {
	cool := e.rules.RefusalCooldown.Duration()
	if !e.call() || !e.sales() || cool <= 0 {
		return allowed
	}
	var last *Attempt
	made := e.salesAttempts(t, cool)
	for i, a := range made {
		if a.Outcome == interaction.Refused {
			last = &made[i]
		}
	}
	if last == nil {
		return allowed
	}
	return deferUntil(last.At.Add(cool), func() (string, string) {
		return fmt.Sprintf("Le client a refusé un appel commercial le %s : pas d'autre pendant %d jours.", wording.ShortDate(last.At.In(e.loc), tact.LangFrFR), e.rules.RefusalCooldown),
			fmt.Sprintf("The customer refused a sales call on %s: no other for %d days.", wording.ShortDate(last.At.In(e.loc), tact.LangEN), e.rules.RefusalCooldown)
	})
}}

// surveyCooldown: at most one survey per SurveyCooldown per customer,
// whatever the vendor. Source: DESIGN §4.
var surveyCooldown = rule{id: "survey_cooldown", check: func(e *evaluation, t time.Time) result {
	cool := e.rules.SurveyCooldown.Duration()
	if e.req.Purpose != tact.PurposeSurvey || cool <= 0 {
		return allowed
	}
	var last time.Time
	for _, a := range e.surveysMade() {
		if !a.At.After(t) && a.At.After(last) {
			last = a.At
		}
	}
	if last.IsZero() || !t.Before(last.Add(cool)) {
		return allowed
	}
	return deferUntil(last.Add(cool), func() (string, string) {
		return fmt.Sprintf("Une enquête a déjà été faite le %s : une par %d jours au plus.", wording.ShortDate(last.In(e.loc), tact.LangFrFR), e.rules.SurveyCooldown),
			fmt.Sprintf("A survey was made on %s: at most one every %d days.", wording.ShortDate(last.In(e.loc), tact.LangEN), e.rules.SurveyCooldown)
	})
}}
