package contactpolicy

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/tact"
)

// MaxDays bounds every count of days in a policy: a century. Beyond it a
// duration would mean nothing (and overflow time.Duration).
const MaxDays Days = 36525

// lawSources names, per jurisdiction and parameter (by its key in the policy
// file), the text that sets the value Default gives it. A parameter without a
// source here is the operator's choice.
var lawSources = map[tact.Jurisdiction]map[string]string{
	tact.FR: {
		"sales_call_hours":        "décret n° 2022-1313 du 13 octobre 2022, C. conso. D.223-8",
		"sales_calls_on_holidays": "décret n° 2022-1313 du 13 octobre 2022, C. conso. D.223-8",
		"max_sales_calls":         "décret n° 2022-1313 du 13 octobre 2022, C. conso. D.223-8",
		"sales_call_window_days":  "décret n° 2022-1313 du 13 octobre 2022, C. conso. D.223-8",
		"refusal_cooldown_days":   "décret n° 2022-1313 du 13 octobre 2022, C. conso. D.223-8",
		"do_not_call_kept_days":   "C. conso. L.223-1 and RGPD art. 21: an objection to canvassing does not expire",
		"opposition_max_age_days": "C. conso. L.223-1, Bloctel: files cleaned against the list at least every 30 days",
		"provable_consent_from":   "loi n° 2025-594 du 30 juin 2025, art. 15, C. conso. L.223-1",
	},
	tact.CAQC: {
		"sales_call_hours":        "CRTC Unsolicited Telecommunications Rules, Part III, Telecom Decision CRTC 2007-48",
		"do_not_call_kept_days":   "CRTC Unsolicited Telecommunications Rules, Part II: an internal do-not-call request is honoured 3 years",
		"opposition_max_age_days": "CRTC Unsolicited Telecommunications Rules, Part II: National DNCL data at most 31 days old",
	},
}

// Validate checks p and returns every fault found, joined, each a
// *tact.Error naming its field by its path in the policy file (e.g.
// "jurisdictions.FR.sales_call_hours.mon[1]"):
//   - the rules of FR and CA-QC are both given, and no other jurisdiction;
//   - caller ids are numbers: digits (4 to 15), spaces, an optional leading +;
//   - a day's sales-call windows end after they start on the same day (none
//     wraps midnight), in order, without overlap;
//   - counts and days are not negative and at most MaxDays; a cap on sales
//     calls has the window it counts over;
//   - no parameter the law sets is laxer than the law's value in Default:
//     hours outside the law's, calls on holidays where the law forbids them,
//     more calls or a shorter window than the cap, a shorter refusal cooldown,
//     do-not-call entries forgotten sooner, opposition-list checks older, or
//     provable consent required later (or never). The error names the law.
//
// Stricter than the law is always valid; the survey cooldown and the
// caller-id pool are the operator's choice.
func (p Policy) Validate() error {
	var errs []error
	for i, n := range p.CallerIDs {
		if msg := checkNumber(n); msg != "" {
			errs = append(errs, tact.FieldError(tact.CodeInvalidPhone, fmt.Sprintf("caller_ids[%d]", i), "%q %s", n, msg))
		}
	}
	law := Default()
	for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
		r, ok := p.Jurisdictions[j]
		if !ok {
			errs = append(errs, tact.FieldError(tact.CodeRequired, "jurisdictions."+string(j), "the rules of %s are missing", j))
			continue
		}
		for _, err := range r.problems(j, law.Jurisdictions[j]) {
			errs = append(errs, tact.Prefix("jurisdictions."+string(j), err))
		}
	}
	var others []string
	for j := range p.Jurisdictions {
		if !j.Valid() {
			others = append(others, string(j))
		}
	}
	slices.Sort(others)
	for _, j := range others {
		errs = append(errs, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdictions."+j, "%q is not a jurisdiction tact knows (FR, CA-QC)", j))
	}
	return errors.Join(errs...)
}

// checkNumber returns what is wrong with a caller id, or "".
func checkNumber(n string) string {
	s := strings.TrimSpace(n)
	s = strings.TrimPrefix(s, "+")
	count := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			count++
		case r == ' ':
		default:
			return "is not a number: digits and spaces, with an optional leading +"
		}
	}
	if count < 4 || count > 15 {
		return "is not a number: it has 4 to 15 digits"
	}
	return ""
}

// problems returns the faults of r, a jurisdiction's rules, with fields
// relative to the jurisdiction; law is the law's rules for it.
func (r Rules) problems(j tact.Jurisdiction, law Rules) []error {
	var errs []error
	fault := func(code tact.Code, field, format string, args ...any) {
		errs = append(errs, tact.FieldError(code, field, format, args...))
	}
	lax := func(field, format string, args ...any) {
		key, _, _ := strings.Cut(field, ".")
		fault(tact.CodeInvalid, field, "laxer than the law of "+string(j)+" ("+lawSources[j][key]+"): "+format, args...)
	}

	// The hours: a well-formed week first, then within the law's.
	days := make([]tact.Weekday, 0, len(r.SalesCallHours))
	for d := range r.SalesCallHours {
		days = append(days, d)
	}
	slices.Sort(days)
	for _, d := range days {
		if d < 0 || d > 6 {
			fault(tact.CodeInvalid, "sales_call_hours", "day %d is not a day of the week", d)
			continue
		}
		ws := r.SalesCallHours[d]
		for i, w := range ws {
			field := fmt.Sprintf("sales_call_hours.%s[%d]", d, i)
			switch {
			case w.From < 0 || w.From > 24*60 || w.To < 0 || w.To > 24*60:
				fault(tact.CodeInvalid, field, "a window lies within the day, 00:00 to 24:00")
			case w.From >= w.To:
				fault(tact.CodeInvalid, field, "%s–%s: a sales-call window ends after it starts, on the same day (it may not wrap midnight)", w.From, w.To)
			case i > 0 && w.From < ws[i-1].To:
				fault(tact.CodeInvalid, field, "%s–%s starts before the window before it ends (%s): windows are written in order and may not overlap", w.From, w.To, ws[i-1].To)
			case len(law.SalesCallHours) > 0 && !covers(law.SalesCallHours[d], w):
				lax(field, "sales calls on %s %s–%s: the law allows them only %s", dayNames[tact.LangEN][d], w.From, w.To, law.SalesCallHours.Describe(tact.LangEN))
			}
		}
	}
	if len(law.SalesCallHours) > 0 && len(r.SalesCallHours) == 0 {
		lax("sales_call_hours", "no hours at all would allow sales calls at any hour (to make none, give a day with no window: mon = []); the law allows them only %s", law.SalesCallHours.Describe(tact.LangEN))
	}
	if r.SalesCallsOnHolidays && !law.SalesCallsOnHolidays {
		lax("sales_calls_on_holidays", "sales calls on public holidays")
	}

	// Counts and days.
	for _, c := range []struct {
		field string
		n     int
	}{
		{"max_sales_calls", r.MaxSalesCalls},
		{"sales_call_window_days", int(r.SalesCallWindow)},
		{"refusal_cooldown_days", int(r.RefusalCooldown)},
		{"do_not_call_kept_days", int(r.DoNotCallKept)},
		{"opposition_max_age_days", int(r.OppositionMaxAge)},
		{"survey_cooldown_days", int(r.SurveyCooldown)},
	} {
		switch {
		case c.n < 0:
			fault(tact.CodeInvalid, c.field, "%d: may not be negative", c.n)
		case c.n > int(MaxDays):
			fault(tact.CodeInvalid, c.field, "%d: at most %d", c.n, MaxDays)
		}
	}
	if r.MaxSalesCalls > 0 && r.SalesCallWindow <= 0 {
		fault(tact.CodeRequired, "sales_call_window_days", "a cap of %d sales calls needs the number of days it counts over", r.MaxSalesCalls)
	}
	if law.MaxSalesCalls > 0 {
		if r.MaxSalesCalls == 0 || r.MaxSalesCalls > law.MaxSalesCalls {
			lax("max_sales_calls", "%s: the law allows at most %d sales calls in %d days", capWords(r.MaxSalesCalls), law.MaxSalesCalls, law.SalesCallWindow)
		}
		if r.SalesCallWindow >= 0 && r.SalesCallWindow < law.SalesCallWindow {
			lax("sales_call_window_days", "%d: the law counts sales calls over %d days (a shorter window lets more through)", r.SalesCallWindow, law.SalesCallWindow)
		}
	}
	if r.RefusalCooldown >= 0 && r.RefusalCooldown < law.RefusalCooldown {
		lax("refusal_cooldown_days", "%d: the law allows no sales call for %d days after a refusal", r.RefusalCooldown, law.RefusalCooldown)
	}
	switch {
	case law.DoNotCallKept == 0 && r.DoNotCallKept > 0:
		lax("do_not_call_kept_days", "%d: the law keeps a do-not-call request for ever (0)", r.DoNotCallKept)
	case law.DoNotCallKept > 0 && r.DoNotCallKept > 0 && r.DoNotCallKept < law.DoNotCallKept:
		lax("do_not_call_kept_days", "%d: the law keeps a do-not-call request %d days (or keep it for ever: 0)", r.DoNotCallKept, law.DoNotCallKept)
	}
	if law.OppositionMaxAge > 0 && (r.OppositionMaxAge == 0 || r.OppositionMaxAge > law.OppositionMaxAge) {
		lax("opposition_max_age_days", "%d: the law wants an opposition-list check at most %d days old (0 would need none)", r.OppositionMaxAge, law.OppositionMaxAge)
	}
	if !law.ProvableConsentFrom.IsZero() && (r.ProvableConsentFrom.IsZero() || law.ProvableConsentFrom.Before(r.ProvableConsentFrom)) {
		when := r.ProvableConsentFrom.String()
		if when == "" {
			when = "never"
		}
		lax("provable_consent_from", "%s: the law requires a prospect's provable consent to sales calls from %s", when, law.ProvableConsentFrom)
	}
	return errs
}

func capWords(n int) string {
	if n == 0 {
		return "0 (no cap)"
	}
	return fmt.Sprint(n)
}
