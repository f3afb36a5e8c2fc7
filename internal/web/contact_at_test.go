package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// TestContactCheckAtATime is "may I call him Saturday at 17:59?" over HTTP,
// on Tuesday morning: Mr Tardif-Beaulieu lives in Montréal, where sales
// calls are allowed on weekends from 10:00 to 18:00 (CRTC). Saturday 17:59,
// his time, is allowed; 18:00 is deferred to Sunday 10:00. Each verdict
// shows its times in his zone and in the advisor's (Paris, five hours
// ahead), and is stored with the time asked, as POST /v1/contact-decisions
// stores its "at". A time that has passed, one more than a year ahead, one
// the clocks skip and one unreadable are refused next to the field.
func TestContactCheckAtATime(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	// Tuesday 17 March 2026, 11:00 in Montréal.
	c.clock.Set(at(t, "America/Toronto", 2026, 3, 17, 11, 0))
	advisor := c.staffByName(t, "Alexandre Nadeau")
	b := c.browser(t)
	b.mustSignIn(advisor.Email)
	id := c.story(t, "tactless").CustomerID
	path := "/console/customers/" + id + "/contact"

	_, page := b.get("/console/customers/" + id)
	contains(t, "customer page", page, `<label for="contact-at">Quand ? (heure du client, America/Toronto)</label>`,
		`<input type="datetime-local" id="contact-at" name="at" value="" min="2026-03-17T11:00" max="2027-03-17T11:00"`,
		`<input type="hidden" name="advisor_zone" value="" data-zone>`, `/console/static/zone.js?v=`)

	ask := func(when string) (*contactpolicy.Record, string, string) {
		t.Helper()
		_, page := b.get(path)
		resp, body := b.submit(page, path, url.Values{"purpose": {"sales"}, "channel": {"phone"}, "caller_id": {"+1 514 555 0100"},
			"at": {when}, "advisor_zone": {"Europe/Paris"}})
		loc := mustRedirect(t, "ask about "+when, resp, body, path+"/dec_")
		verdict, _, _ := strings.Cut(loc, "#")
		did, query, _ := strings.Cut(strings.TrimPrefix(verdict, path+"/"), "?")
		if query != "zone=Europe%2FParis" {
			t.Errorf("the verdict's address %s does not carry the advisor's zone", loc)
		}
		resp, page = b.get(loc)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the verdict: %d\n%s", resp.StatusCode, page)
		}
		d, err := c.app.Contacts.Get(context.Background(), did)
		must(t, "Contacts.Get", err)
		return d, html.UnescapeString(page), path + "/" + did
	}

	// Saturday 17:59 his time: allowed, and said of that time.
	d, page, _ := ask("2026-03-21T17:59")
	contains(t, "Saturday 17:59", page, `class="verdict verdict-allow"`, "Oui, vous pourrez contacter le client à ce moment-là.",
		"vente, par téléphone, le samedi 21 mars 2026 à 17:59 (heure du client).", "Pour vous (Europe/Paris) : samedi 21 mars 2026 à 22:59.",
		"Avant de parler :", "Vouvoyer — M. Tardif-Beaulieu")
	saturday := at(t, "America/Toronto", 2026, 3, 21, 17, 59)
	if d.Verdict != contactpolicy.Allow || !d.Request.At.Equal(saturday) || !d.At.Equal(saturday) || d.Actor.ID != advisor.ID ||
		d.Request.Source != "console" || d.Request.Purpose != tact.PurposeSales {
		t.Errorf("the stored decision: %+v", d)
	}

	// Saturday 18:00: deferred to Sunday 10:00, his time and hers.
	d, page, verdict := ask("2026-03-21T18:00")
	contains(t, "Saturday 18:00", page, `class="verdict verdict-defer"`, "Pas à ce moment-là.",
		"vente, par téléphone, le samedi 21 mars 2026 à 18:00 (heure du client).", "Pour vous (Europe/Paris) : samedi 21 mars 2026 à 23:00.",
		"Prochain moment permis :", "dimanche 22 mars 2026 à 10:00", "(heure du client, America/Toronto)",
		"Pour vous (Europe/Paris) : dimanche 22 mars 2026 à 15:00.", "pour vous, dimanche 22 mars 2026 à 15:00")
	sunday := at(t, "America/Toronto", 2026, 3, 22, 10, 0)
	if d.Verdict != contactpolicy.Defer || d.NotBefore == nil || !d.NotBefore.Equal(sunday) || !d.Request.At.Equal(at(t, "America/Toronto", 2026, 3, 21, 18, 0)) ||
		len(d.Reasons) == 0 || d.Reasons[0].Rule != "sales_call_hours" {
		t.Errorf("the stored decision: %+v", d)
	}
	_, en := b.get(verdict + "?zone=Europe%2FParis&lang=en")
	contains(t, "in English", html.UnescapeString(en), "Not at that time.", "Sunday 22 March 2026 at 10:00", "For you (Europe/Paris): Sunday 22 March 2026 at 15:00.")
	b.get(verdict + "?lang=fr")
	// Without the advisor's zone, his times alone.
	_, plain := b.get(verdict)
	if strings.Contains(plain, "Pour vous") || !strings.Contains(plain, "dimanche 22 mars 2026 à 10:00") {
		t.Errorf("without a zone the verdict reads:\n%s", bodyText(mainOf(plain)))
	}
	// 01:30 the night his clocks go back comes twice: the first is asked,
	// and the verdict says which.
	d, page, verdict = ask("2026-11-01T01:30")
	contains(t, "01:30 twice", page, `<p id="asked-fold">À l'heure du client (America/Toronto), 01:30 revient deux fois cette nuit-là : on recule les horloges. La question porte sur la première fois, avant le changement (UTC-04:00).</p>`,
		"Pour vous (Europe/Paris) : dimanche 1")
	if first := at(t, "UTC", 2026, 11, 1, 5, 30); !d.Request.At.Equal(first) {
		t.Errorf("asked about %s, want the first 01:30, %s", d.Request.At, first)
	}
	_, en = b.get(verdict + "?lang=en")
	contains(t, "01:30 twice, in English", html.UnescapeString(en), "In the customer's time (America/Toronto), 01:30 comes twice that night: the clocks go back. The question is about the first time, before the change (UTC-04:00).")
	b.get(verdict + "?lang=fr")
	if _, page, _ := ask("2026-11-01T02:00"); strings.Contains(page, "asked-fold") {
		t.Errorf("02:00 happens once, yet the verdict speaks of a fold:\n%s", bodyText(mainOf(page)))
	}
	// An empty field is now, as before.
	d, page, _ = ask("")
	if !d.Request.At.IsZero() || !strings.Contains(page, "Oui, vous pouvez contacter le client maintenant.") {
		t.Errorf("asked about now: %+v\n%s", d.Request, bodyText(mainOf(page)))
	}

	for _, tc := range []struct{ at, fault string }{
		{"2026-03-17T10:59", "Ce moment est passé (heure du client, America/Toronto) : la réponse ne vaut que pour maintenant ou pour un moment à venir. Laissez le champ vide pour maintenant."},
		{"2027-03-17T11:01", "Au plus un an à l'avance (heure du client, America/Toronto) : d'ici là, les préférences du client, ses dossiers et la loi auront changé."},
		{"2027-03-17T11:00", ""}, // a year ahead, to the minute
		{"2027-03-14T02:30", "Cette heure n'existe pas ce jour-là à l'heure du client (America/Toronto) : on avance les horloges. Choisissez une heure après le changement."},
		{"samedi 18 h", "Indiquez une date et une heure, par exemple 2026-03-21 17:59 (heure du client, America/Toronto)."},
	} {
		_, page := b.get(path)
		resp, page := b.submit(page, path, url.Values{"purpose": {"sales"}, "channel": {"phone"}, "caller_id": {"+1 514 555 0100"}, "at": {tc.at}})
		if tc.fault == "" {
			mustRedirect(t, tc.at, resp, page, path+"/dec_")
			continue
		}
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("at %q: %d, want 422", tc.at, resp.StatusCode)
			continue
		}
		if got := fieldError(page, "contact-at-err"); got != tc.fault {
			t.Errorf("at %q: the field's fault reads %q, want %q", tc.at, got, tc.fault)
		}
		contains(t, "refused "+tc.at, page, `value="`+html.EscapeString(tc.at)+`"`, `aria-invalid="true"`, `<option value="sales" selected>`)
	}
	_, page = b.get(path + "?lang=en")
	resp, page := b.submit(page, path, url.Values{"purpose": {"sales"}, "channel": {"phone"}, "at": {"2026-03-16T18:00"}})
	if got := fieldError(page, "contact-at-err"); resp.StatusCode != http.StatusUnprocessableEntity ||
		got != "That time has passed (customer's time, America/Toronto): the answer is only for now or for a time to come. Leave the field empty for now." {
		t.Errorf("in English, a past time: %d %q", resp.StatusCode, got)
	}
	b.get(path + "?lang=fr")
}
