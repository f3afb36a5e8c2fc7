package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/commitment"
)

// TestPromiseTypedTimes: the promise form's times are the customer's wall
// clock, read as "may I contact?" reads its own. Mr Tardif-Beaulieu lives in
// Montréal: 02:30 on 14 March 2027 does not exist there (the clocks go from
// 02:00 to 03:00), so it is refused next to the field it was typed in — the
// due time, the slot's start or its end, each named, all at once — in
// French, Québec French and English, and nothing is recorded; 01:30 on 1
// November 2026 comes twice (the clocks go back from 02:00 to 01:00), so it
// is the first, UTC-04:00, and the promise's page says so; an ordinary time
// is the instant its clock reads. Mme Lagarrigue lives in Toulouse, where
// 02:30 on 29 March 2026 does not exist either.
func TestPromiseTypedTimes(t *testing.T) {
	t.Parallel()
	c, _ := newOwnConsole(t)
	julie := c.staffByName(t, "Julie Morvan")
	b := c.browser(t)
	b.mustSignIn(julie.Email)
	montreal := c.story(t, "tactless").CustomerID
	path := "/console/customers/" + montreal + "/promises"
	_, page := b.get(path + "/new")
	callBack := func(fields ...string) url.Values {
		f := url.Values{"kind": {"call_back"}, "subject": {"device_renewal"}, "channel": {"phone"},
			"words": {"Je vous rappelle pour votre nouveau téléphone."}}
		for i := 0; i+1 < len(fields); i += 2 {
			f.Set(fields[i], fields[i+1])
		}
		return f
	}
	promises := func() int {
		t.Helper()
		list, _, err := c.app.Commitments.List(context.Background(), commitment.Filter{CustomerID: montreal, Limit: 100}, "")
		must(t, "Commitments.List", err)
		return len(list)
	}
	before := promises()

	const gapFR = "Cette heure n'existe pas ce jour-là à l'heure du client (America/Toronto) : on avance les horloges. Choisissez une heure après le changement."
	const gapEN = "That time does not exist on that day in the customer's time (America/Toronto): the clocks go forward. Choose a time after the change."
	for _, tc := range []struct {
		name string
		form url.Values
		// errs are the fields' faults by the id of their message; the
		// others must have none.
		errs map[string]string
	}{
		{"due in the gap", callBack("due", "2027-03-14T02:30", "slot_from", "2026-03-19T10:00", "slot_to", "2026-03-19T11:00"),
			map[string]string{"promise-due-err": gapFR}},
		{"slot start in the gap", callBack("slot_from", "2027-03-14T02:30", "slot_to", "2027-03-14T04:00"),
			map[string]string{"promise-slot-from-err": gapFR}},
		{"slot end in the gap", callBack("slot_from", "2027-03-14T01:30", "slot_to", "2027-03-14T02:00"),
			map[string]string{"promise-slot-to-err": gapFR}},
		{"all three", callBack("due", "2027-03-14T02:59", "slot_from", "2027-03-14T02:00", "slot_to", "2027-03-14T02:30"),
			map[string]string{"promise-due-err": gapFR, "promise-slot-from-err": gapFR, "promise-slot-to-err": gapFR}},
	} {
		resp, body := b.submit(page, path, tc.form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tc.name, resp.StatusCode)
			continue
		}
		for _, id := range []string{"promise-due-err", "promise-slot-from-err", "promise-slot-to-err", "promise-slot-err"} {
			if got := fieldError(body, id); got != tc.errs[id] {
				t.Errorf("%s: %s reads %q, want %q", tc.name, id, got, tc.errs[id])
			}
		}
		// What was typed is shown again, the field marked.
		for field, v := range tc.form {
			if strings.HasPrefix(field, "slot_") || field == "due" {
				contains(t, tc.name, body, `name="`+field+`" value="`+html.EscapeString(v[0])+`"`)
			}
		}
	}
	if n := promises(); n != before {
		t.Errorf("%d promises recorded for times that do not exist", n-before)
	}
	// The input itself points at its fault.
	resp, body := b.submit(page, path, callBack("slot_from", "2027-03-14T02:30", "slot_to", "2027-03-14T04:00"))
	contains(t, "the slot's start refused", body, `<input type="datetime-local" id="promise-slot-from" name="slot_from" value="2027-03-14T02:30" aria-describedby="promise-slot-from-err" aria-invalid="true">`)

	// In English, and in Québec French (which reads the French).
	_, en := b.get(path + "/new?lang=en")
	resp, body = b.submit(en, path, callBack("due", "2027-03-14T02:30", "slot_from", "2026-03-19T10:00", "slot_to", "2026-03-19T11:00"))
	if got := fieldError(body, "promise-due-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != gapEN {
		t.Errorf("in English: %d %q, want 422 and %q", resp.StatusCode, got, gapEN)
	}
	b.get(path + "/new?lang=fr")
	form := callBack("due", "2027-03-14T02:30", "slot_from", "2026-03-19T10:00", "slot_to", "2026-03-19T11:00")
	form.Set("csrf_token", csrf(t, page))
	req, err := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	must(t, "request", err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "fr-CA")
	resp, body = b.do(req)
	if got := fieldError(body, "promise-due-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != gapFR || !strings.Contains(body, `<html lang="fr-CA">`) {
		t.Errorf("in Québec French: %d %q, want 422 and %q", resp.StatusCode, got, gapFR)
	}

	// 01:30 the night his clocks go back: the first, before the change.
	resp, body = b.submit(page, path, callBack("due", "2026-11-01T01:30", "slot_from", "2026-11-01T01:00", "slot_to", "2026-11-01T01:45"))
	loc := mustRedirect(t, "a time the clocks repeat", resp, body, "/console/promises/com_")
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/console/promises/")
	p, err := c.app.Commitments.Get(context.Background(), id)
	must(t, "Commitments.Get", err)
	utc := func(h, mi int) time.Time { return time.Date(2026, 11, 1, h, mi, 0, 0, time.UTC) }
	if !p.Due.Equal(utc(5, 30)) || p.Slot == nil || !p.Slot.From.Equal(utc(5, 0)) || !p.Slot.To.Equal(utc(5, 45)) {
		t.Errorf("the stored promise is due %s, slot %+v; want the first 01:30 (05:30 UTC), 01:00–01:45 the first time (05:00–05:45 UTC)", p.Due, p.Slot)
	}
	_, page2 := b.get(loc)
	contains(t, "the promise's page", html.UnescapeString(page2),
		`<span class="muted small" id="promise-due-fold">À l'heure du client (America/Toronto), 01:30 revient deux fois cette nuit-là : on recule les horloges. C'est la première fois, avant le changement (UTC-04:00).</span>`,
		`id="promise-from-fold">À l'heure du client (America/Toronto), 01:00 revient deux fois`,
		`id="promise-to-fold">À l'heure du client (America/Toronto), 01:45 revient deux fois`)
	_, en = b.get("/console/promises/" + id + "?lang=en")
	contains(t, "the promise's page in English", html.UnescapeString(en),
		"In the customer's time (America/Toronto), 01:30 comes twice that night: the clocks go back. This is the first time, before the change (UTC-04:00).")
	b.get("/console/promises/" + id + "?lang=fr")
	// A promise made through the API may be due the second time: its page
	// says that too.
	second, err := c.app.Commitments.Make(as(julie), commitment.Draft{CustomerID: montreal, Kind: commitment.SendOffer, Subject: "plan_upgrade",
		Words: "Je vous envoie l'offre.", Channel: "email", OwnerID: julie.ID, Due: utc(6, 30)})
	must(t, "Commitments.Make", err)
	_, page2 = b.get("/console/promises/" + second.ID)
	contains(t, "a promise due the second 01:30", html.UnescapeString(page2),
		`id="promise-due-fold">À l'heure du client (America/Toronto), 01:30 revient deux fois cette nuit-là : on recule les horloges. C'est la seconde fois, après le changement (UTC-05:00).</span>`)

	// An ordinary time is the instant it reads, and its page says nothing
	// of a fold.
	resp, body = b.submit(page, path, callBack("due", "2026-11-01T02:00", "slot_from", "2026-03-19T10:00", "slot_to", "2026-03-19T11:00"))
	loc = mustRedirect(t, "an ordinary time", resp, body, "/console/promises/com_")
	id = strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/console/promises/")
	p, err = c.app.Commitments.Get(context.Background(), id)
	must(t, "Commitments.Get", err)
	if !p.Due.Equal(utc(7, 0)) || !p.Slot.From.Equal(at(t, "America/Toronto", 2026, 3, 19, 10, 0)) || !p.Slot.To.Equal(at(t, "America/Toronto", 2026, 3, 19, 11, 0)) {
		t.Errorf("the stored promise is due %s, slot %+v; want 02:00 EST (07:00 UTC), 10:00–11:00 EDT on 19 March", p.Due, p.Slot)
	}
	if _, page := b.get(loc); strings.Contains(page, "-fold") {
		t.Errorf("an ordinary time's page speaks of a fold:\n%s", bodyText(mainOf(page)))
	}

	// Toulouse: 02:30 on 29 March 2026 does not exist either.
	toulouse := c.story(t, "hostage").CustomerID
	tpath := "/console/customers/" + toulouse + "/promises"
	_, tpage := b.get(tpath + "/new")
	resp, body = b.submit(tpage, tpath, url.Values{"kind": {"send_offer"}, "subject": {"plan_upgrade"}, "channel": {"email"},
		"words": {"Je vous envoie l'offre."}, "due": {"2026-03-29T02:30"}})
	if got, want := fieldError(body, "promise-due-err"), strings.ReplaceAll(gapFR, "America/Toronto", "Europe/Paris"); resp.StatusCode != http.StatusUnprocessableEntity || got != want {
		t.Errorf("Toulouse, 02:30 on 29 March: %d %q, want 422 and %q", resp.StatusCode, got, want)
	}
	resp, body = b.submit(tpage, tpath, url.Values{"kind": {"send_offer"}, "subject": {"plan_upgrade"}, "channel": {"email"},
		"words": {"Je vous envoie l'offre."}, "due": {"2026-03-29T03:00"}})
	loc = mustRedirect(t, "Toulouse, 03:00 on 29 March", resp, body, "/console/promises/com_")
	id = strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/console/promises/")
	if p, err := c.app.Commitments.Get(context.Background(), id); err != nil || !p.Due.Equal(time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("Toulouse, 03:00 on 29 March: stored %+v %v, want due 01:00 UTC", p, err)
	}
}
