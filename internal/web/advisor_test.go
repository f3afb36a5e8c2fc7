package web_test

import (
	"bytes"
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// TestAdvisorPagesNeedASession: every advisor page and form sends a
// signed-out browser to the sign-in page.
func TestAdvisorPagesNeedASession(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	s3 := c.story(t, "cancellation")
	for _, path := range []string{"/console/customers/" + s3.CustomerID + "/contact", "/console/cases/" + s3.CaseID,
		"/console/customers/" + s3.CustomerID + "/cases/new", "/console/customers/" + s3.CustomerID + "/promises/new",
		"/console/promises/" + s3.CommitmentID, "/console/customers/" + s3.CustomerID + "/offers"} {
		resp, _ := b.get(path)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/console/login?next=") {
			t.Errorf("GET %s signed out: %d %s, want 303 to the sign-in page", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// TestContactCheck is story 4 over HTTP: at 19:30 in Montréal, "may I call
// him now for a sale?" is deferred by his quiet hours, with his own words of
// the rule and the next lawful slot in his time; the decision is stored with
// the advisor as its actor. A service call in the morning is allowed, with
// how to address him. A form without its token is refused, a field the
// service refuses is named.
func TestContactCheck(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	// Alexandre, not Sophie: TestSignInSearchAndBrief counts Sophie's reads
	// of this customer in the shared demo.
	alexandre := c.staffByName(t, "Alexandre Nadeau")
	b := c.browser(t)
	// 19:30 in Montréal, within his quiet hours (19:00–09:00).
	c.clock.Set(at(t, "America/Toronto", 2026, 3, 17, 19, 30))
	b.mustSignIn(alexandre.Email)
	id := c.story(t, "tactless").CustomerID
	path := "/console/customers/" + id + "/contact"

	_, page := b.get("/console/customers/" + id)
	contains(t, "customer page", page, `action="`+path+`#contact-form"`, `<label for="contact-purpose">Pour quel motif ?</label>`,
		`<option value="sales">vente</option>`, `href="/console/customers/`+id+`/offers"`, `action="/console/customers/`+id+`/cases#case-form"`,
		`action="/console/customers/`+id+`/promises#promise-form"`)

	resp, _ := b.post(path, url.Values{"purpose": {"sales"}, "channel": {"phone"}, "caller_id": {"+15145550100"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a question without its CSRF token: %d, want 403", resp.StatusCode)
	}

	resp, body := b.submit(page, path, url.Values{"purpose": {"sales"}, "channel": {"phone"}, "caller_id": {"+1 514 555 0100"}, "subject": {"device_upgrade"}})
	loc := mustRedirect(t, "ask", resp, body, path+"/dec_")
	resp, page = b.get(loc)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the verdict: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "deferred verdict", page, `class="verdict verdict-defer"`, "Pas maintenant.",
		"Le client ne veut pas d&#39;appel entre 19:00 et 09:00.", "Prochain moment permis :",
		"mercredi 18 mars 2026 à 09:00", "America/Toronto", "Vouvoyer — M. Tardif-Beaulieu", "vente, par téléphone, le mardi 17 mars 2026 à 19:30")
	// The verdict's page is the stored decision's (other tests ask about him
	// too: it is read by its id).
	did := strings.TrimSuffix(strings.TrimPrefix(loc, path+"/"), "#verdict")
	d, err := c.app.Contacts.Get(context.Background(), did)
	must(t, "Contacts.Get", err)
	if d.Verdict != "defer" || d.Actor.ID != alexandre.ID || d.Request.Source != "console" || d.Request.Purpose != tact.PurposeSales ||
		d.NotBefore == nil || !d.NotBefore.Equal(at(t, "America/Toronto", 2026, 3, 18, 9, 0)) {
		t.Errorf("the stored decision: %+v", d)
	}
	// In English, the same verdict in the advisor's language.
	verdict := strings.TrimSuffix(loc, "#verdict")
	_, page = b.get(verdict + "?lang=en")
	contains(t, "English verdict", page, "Not now.", "The customer wants no calls between 19:00 and 09:00.", "Wednesday 18 March 2026 at 09:00")
	b.get(verdict + "?lang=fr")

	// In the morning, a service call is allowed.
	c.clock.Set(at(t, "America/Toronto", 2026, 3, 18, 10, 15))
	b.mustSignIn(alexandre.Email)
	_, page = b.get(path)
	resp, body = b.submit(page, path, url.Values{"purpose": {"service"}, "channel": {"phone"}, "caller_id": {"+1 514 555 0100"}})
	resp, page = b.get(mustRedirect(t, "ask again", resp, body, path+"/dec_"))
	contains(t, "allowed verdict", page, `class="verdict verdict-allow"`, "Oui, vous pouvez contacter le client maintenant.", "Avant de parler :")

	// A number longer than any: the service's fault, next to the field.
	resp, page = b.submit(page, path, url.Values{"purpose": {"sales"}, "channel": {"phone"}, "caller_id": {strings.Repeat("5", 40)}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a caller id of 40 digits: %d, want 422\n%s", resp.StatusCode, page)
	}
	if got := fieldError(page, "contact-caller-err"); got != "Un numéro a au plus 32 caractères." {
		t.Errorf("the caller id's fault reads %q", got)
	}
	contains(t, "refused form", page, `value="`+strings.Repeat("5", 40)+`"`, `<option value="sales" selected>`, `aria-invalid="true"`)
}

// TestCaseHandoff is story 3 over HTTP: Julie, who owns Mrs Le Brusq's case,
// hands it to Marc with a written summary; a summary too short is refused
// with the service's rule, and so is a handoff without its token. Marc reads
// the summary as "where we are", on the case and on the customer's page;
// Julie, no longer the owner, may not resolve it; Marc does.
func TestCaseHandoff(t *testing.T) {
	t.Parallel()
	c, _ := newOwnConsole(t)
	s3 := c.story(t, "cancellation")
	julie, marc := c.staffByName(t, "Julie Morvan"), c.staffByName(t, "Marc Delattre")
	a := c.browser(t)
	a.mustSignIn(julie.Email)
	path := "/console/cases/" + s3.CaseID

	_, page := a.get("/console/customers/" + s3.CustomerID)
	contains(t, "customer page", page, `<a href="`+path+`"><strong>Résiliation et avoir de 23,40 € en attente</strong></a>`)
	resp, page := a.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("case page: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "case page", page, `<h1 id="case-h">Résiliation et avoir de 23,40 € en attente</h1>`, "Julie Morvan", "(vous)",
		"Où en est-on", "Offre de fidélisation refusée", "Julie Morvan → Marc Delattre", "Marc Delattre → Julie Morvan",
		"Première réponse avant le", "résiliation", `action="`+path+`/handoff#handoff-form"`)

	resp, _ = a.post(path+"/handoff", url.Values{"to_owner_id": {marc.ID}, "summary": {"Assez long pour passer la règle des vingt."}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a handoff without its CSRF token: %d, want 403", resp.StatusCode)
	}
	resp, body := a.submit(page, path+"/handoff", url.Values{"to_owner_id": {marc.ID}, "summary": {"Voir avec elle."}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a summary of 15 characters: %d, want 422", resp.StatusCode)
	}
	if got := fieldError(body, "handoff-summary-err"); !strings.HasPrefix(got, "Écrivez au moins 20 caractères") {
		t.Errorf("the summary's fault reads %q", got)
	}
	contains(t, "refused handoff", body, ">Voir avec elle.</textarea>", `<option value="`+marc.ID+`" selected>`)
	resp, body = a.submit(page, path+"/handoff", url.Values{"summary": {"Un résumé bien assez long pour la suite."}})
	if got := fieldError(body, "handoff-to-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Choisissez à qui transmettre le dossier." {
		t.Errorf("a handoff to nobody: %d %q", resp.StatusCode, got)
	}

	summary := "Date de fin confirmée au 31 mars. Reste l'avoir de 23,40 € à faire verser par la facturation ; la cliente attend un courriel de confirmation."
	resp, body = a.submit(page, path+"/handoff", url.Values{"to_owner_id": {marc.ID}, "summary": {summary}})
	mustRedirect(t, "handoff", resp, body, path+"?done=handoff")
	k, err := c.app.Cases.Get(context.Background(), s3.CaseID)
	must(t, "Cases.Get", err)
	if k.OwnerID != marc.ID || k.WhereWeAre != summary {
		t.Errorf("after the handoff the case is owned by %s, where we are %q", k.OwnerID, k.WhereWeAre)
	}
	_, page = a.get(path + "?done=handoff")
	contains(t, "case after the handoff", page, "Dossier transmis, avec votre résumé.", "Ce dossier appartient à Marc Delattre")

	// Julie may no longer resolve it.
	resp, body = a.submit(page, path+"/resolve", url.Values{"resolution": {"Avoir versé."}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Seul le responsable du dossier ou un superviseur peut faire cela.") {
		t.Errorf("the former owner resolves: %d\n%s", resp.StatusCode, body)
	}

	// Marc reads where we are, on the case and on her page.
	m := c.browser(t)
	m.mustSignIn(marc.Email)
	_, page = m.get(path)
	contains(t, "Marc's case page", page, `<p class="where-text">`+html.EscapeString(summary)+`</p>`, "(vous)")
	_, cp := m.get("/console/customers/" + s3.CustomerID)
	contains(t, "Marc's customer page", cp, html.EscapeString(summary))

	// He adds a note, resolves and closes it.
	resp, body = m.submit(page, path+"/notes", url.Values{"note": {""}})
	if got := fieldError(body, "note-text-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Écrivez la note." {
		t.Errorf("an empty note: %d %q", resp.StatusCode, got)
	}
	resp, body = m.submit(page, path+"/notes", url.Values{"note": {"Facturation relancée."}})
	mustRedirect(t, "note", resp, body, path+"?done=notes")
	_, page = m.get(path)
	resp, body = m.submit(page, path+"/status", url.Values{"status": {"resolved"}})
	if got := fieldError(body, "status-to-err"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(got, "Choisissez « en cours » ou l") {
		t.Errorf("status resolved through the status form: %d %q", resp.StatusCode, got)
	}
	resp, body = m.submit(page, path+"/status", url.Values{"status": {"waiting_internal"}})
	_, page = m.get(mustRedirect(t, "status", resp, body, path+"?done=status"))
	contains(t, "waiting case", page, `<span class="badge">en attente interne</span>`, "Statut changé.")
	resp, body = m.submit(page, path+"/resolve", url.Values{"resolution": {"Avoir de 23,40 € versé, résiliation au 31 mars confirmée par courriel."}})
	mustRedirect(t, "resolve", resp, body, path+"?done=resolve")
	_, page = m.get(path)
	contains(t, "resolved case", page, "résolu", "Avoir de 23,40 € versé", `value="resolved"`)
	resp, body = m.submit(page, path+"/close", url.Values{"reason": {"resolved"}})
	mustRedirect(t, "close", resp, body, path+"?done=close")
	if k, _ := c.app.Cases.Get(context.Background(), s3.CaseID); k.Status != cases.Closed {
		t.Errorf("the case is %s, want closed", k.Status)
	}

	// A step on a version no longer current is refused, with the page up to date.
	resp, body = m.submit(page, path+"/close", url.Values{"reason": {"resolved"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Quelqu&#39;un l&#39;a modifié pendant que vous lisiez la page.") {
		t.Errorf("closing again from the old page: %d\n%s", resp.StatusCode, body)
	}
	// Reopening a closed case opens a new one that follows it.
	_, page = m.get(path)
	resp, body = m.submit(page, path+"/reopen", url.Values{"reason": {"L'avoir n'apparaît pas sur la facture finale."}})
	loc := mustRedirect(t, "reopen", resp, body, "/console/cases/cas_")
	if strings.HasPrefix(loc, path) {
		t.Errorf("reopening a closed case went to %s, want the new case", loc)
	}
	_, page = m.get(loc)
	contains(t, "the case that follows", page, `href="`+path+`"`, "le dossier clos précédent", "L&#39;avoir n&#39;apparaît pas sur la facture finale.")
}

// TestOpenCase opens a case from the customer's page: without a subject it
// is refused next to the field; with one, the advisor owns it at once.
func TestOpenCase(t *testing.T) {
	t.Parallel()
	c, _ := newOwnConsole(t)
	julie := c.staffByName(t, "Julie Morvan")
	b := c.browser(t)
	b.mustSignIn(julie.Email)
	id := c.story(t, "offer").CustomerID
	path := "/console/customers/" + id + "/cases"
	_, page := b.get("/console/customers/" + id)

	resp, _ := b.post(path, url.Values{"subject": {"Facture"}, "category": {"billing"}, "channel": {"phone"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("without its CSRF token: %d, want 403", resp.StatusCode)
	}
	resp, body := b.submit(page, path, url.Values{"subject": {"  "}, "category": {"billing"}, "channel": {"phone"}, "take": {"yes"}})
	if got := fieldError(body, "case-subject-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Dites en quelques mots de quoi il s'agit." {
		t.Errorf("no subject: %d %q", resp.StatusCode, got)
	}
	contains(t, "refused case form", body, `<option value="billing" selected>`, `<h1>Ouvrir un dossier</h1>`)
	resp, body = b.submit(page, path, url.Values{"subject": {"Facture"}, "category": {""}, "channel": {"phone"}, "take": {"yes"}})
	if got := fieldError(body, "case-category-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Choisissez une catégorie." {
		t.Errorf("no category: %d %q", resp.StatusCode, got)
	}

	resp, body = b.submit(page, path, url.Values{"subject": {"Conteste le prix de son forfait"}, "category": {"billing"}, "channel": {"phone"},
		"note": {"Le client trouve son forfait 5 Go trop cher."}, "take": {"yes"}})
	loc := mustRedirect(t, "open", resp, body, "/console/cases/cas_")
	_, page = b.get(loc)
	contains(t, "the new case", page, "Dossier ouvert.", "Conteste le prix de son forfait", "Julie Morvan", "(vous)", "Le client trouve son forfait 5 Go trop cher.")

	// Opened for nobody, it waits to be taken; she takes it.
	resp, body = b.submit(page, path, url.Values{"subject": {"Carte SIM à remplacer"}, "category": {"technical"}, "channel": {"shop"}})
	loc = mustRedirect(t, "open for nobody", resp, body, "/console/cases/cas_")
	_, page = b.get(loc)
	contains(t, "a new case", page, "Personne : le dossier attend d&#39;être pris.", `action="`+strings.SplitN(loc, "?", 2)[0]+`/take#take-form"`)
	resp, body = b.submit(page, strings.SplitN(loc, "?", 2)[0]+"/take", nil)
	_, page = b.get(mustRedirect(t, "take", resp, body, strings.SplitN(loc, "?", 2)[0]+"?done=take"))
	contains(t, "taken case", page, "Vous avez pris le dossier.", `<span class="badge">en cours</span>`, "(vous)")
}

// TestCloseForNoAnswerRefused is story 5 over HTTP: his incident case got
// phone calls only, so closing it for no answer is refused, in words, next
// to the reason; the case stays open.
func TestCloseForNoAnswerRefused(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	s5 := c.story(t, "goodbye")
	thomas := c.staffByName(t, "Thomas Renaud")
	b := c.browser(t)
	b.mustSignIn(thomas.Email)
	path := "/console/cases/" + s5.CaseID
	_, page := b.get(path)
	contains(t, "case page", page, "Plus de données mobiles à Roubaix", `value="no_answer"`, "sans réponse du client")

	resp, _ := b.post(path+"/close", url.Values{"reason": {"no_answer"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("without its CSRF token: %d, want 403", resp.StatusCode)
	}
	resp, body := b.submit(page, path+"/close", url.Values{"reason": {"no_answer"}, "note": {"Injoignable."}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("close for no answer: %d, want 422\n%s", resp.StatusCode, body)
	}
	if got := fieldError(body, "close-reason-err"); !strings.HasPrefix(got, "Ce dossier ne peut pas être clos faute de réponse : aucun avis écrit") {
		t.Errorf("the refusal reads %q", got)
	}
	contains(t, "refused close", body, `value="no_answer" checked`, ">Injoignable.</textarea>")
	resp, body = b.submit(page, path+"/close", url.Values{})
	if got := fieldError(body, "close-reason-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Indiquez le motif." {
		t.Errorf("no reason: %d %q", resp.StatusCode, got)
	}
	// In English, the service says what is missing.
	_, page = b.get(path + "?lang=en")
	_, body = b.submit(page, path+"/close", url.Values{"reason": {"no_answer"}})
	if got := fieldError(body, "close-reason-err"); !strings.Contains(got, "no written notice") || !strings.Contains(got, "calls do not count") {
		t.Errorf("the English refusal reads %q", got)
	}
	if k, _ := c.app.Cases.Get(context.Background(), s5.CaseID); k.Status == cases.Closed {
		t.Error("the case was closed")
	}
}

// TestPromises records a call back from the customer's page (refused
// without the words, without a slot, due in the past), then keeps it with
// the call that kept it; story 2's promise, past due, is marked overdue.
func TestPromises(t *testing.T) {
	t.Parallel()
	c, _ := newOwnConsole(t)
	julie := c.staffByName(t, "Julie Morvan")
	b := c.browser(t)
	b.mustSignIn(julie.Email)
	s4 := c.story(t, "tactless")
	path := "/console/customers/" + s4.CustomerID + "/promises"
	_, page := b.get("/console/customers/" + s4.CustomerID)

	resp, _ := b.post(path, url.Values{"kind": {"call_back"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("without its CSRF token: %d, want 403", resp.StatusCode)
	}
	good := url.Values{"kind": {"call_back"}, "subject": {"device_renewal"}, "channel": {"phone"},
		"words":     {"Je vous rappelle jeudi entre 10 h et 11 h pour votre nouveau téléphone."},
		"slot_from": {"2026-03-19T10:00"}, "slot_to": {"2026-03-19T11:00"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vs := range good {
			f[key] = vs
		}
		f.Set(k, v)
		return f
	}
	for _, tc := range []struct {
		form      url.Values
		errID, is string
	}{
		{with("words", ""), "promise-words-err", "Écrivez ce qui a été dit au client, avec les mots employés."},
		{with("slot_from", ""), "promise-slot-err", "Le créneau a un début et une fin, la fin après le début."},
		{with("subject", "Mon Sujet"), "promise-subject-err", "Le sujet est un code court : lettres minuscules, chiffres et « _ », par exemple contract_adaptation."},
		{func() url.Values { f := with("slot_from", ""); f.Set("slot_to", ""); return f }(), "promise-slot-err",
			"Un rappel porte le créneau choisi par le client : indiquez son début et sa fin."},
		{func() url.Values { f := with("kind", "send_offer"); f.Set("due", "2026-03-01T10:00"); return f }(), "promise-due-err",
			"L'échéance est une date et une heure à venir, dans l'année (heure du client)."},
		{with("due", "jeudi"), "promise-due-err", "L'échéance est une date et une heure à venir, dans l'année (heure du client)."},
	} {
		resp, body := b.submit(page, path, tc.form)
		if got := fieldError(body, tc.errID); resp.StatusCode != http.StatusUnprocessableEntity || got != tc.is {
			t.Errorf("%v: %d %q, want 422 and %q", tc.form, resp.StatusCode, got, tc.is)
		}
	}

	resp, body := b.submit(page, path, good)
	loc := mustRedirect(t, "make", resp, body, "/console/promises/com_")
	_, page = b.get(loc)
	contains(t, "the promise", page, "Promesse enregistrée", "« Je vous rappelle jeudi entre 10 h et 11 h pour votre nouveau téléphone. »",
		"rappeler", "19/03/2026 10:00 – 19/03/2026 11:00", "jeudi 19 mars 2026 à 11:00", "Julie Morvan", `action="`+strings.SplitN(loc, "?", 2)[0]+`/keep#keep-form"`)
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/console/promises/")
	if p, err := c.app.Commitments.Get(context.Background(), id); err != nil || p.OwnerID != julie.ID || p.Slot == nil ||
		!p.Due.Equal(at(t, "America/Toronto", 2026, 3, 19, 11, 0)) {
		t.Fatalf("the stored promise: %+v %v", p, err)
	}

	// She calls back on Thursday and records the promise kept with that call.
	c.clock.Set(at(t, "America/Toronto", 2026, 3, 19, 10, 20))
	it, _, err := c.app.Interactions.Record(as(julie), interaction.Interaction{CustomerID: s4.CustomerID, Channel: tact.ChannelPhone,
		Direction: interaction.Outbound, Purpose: tact.PurposeService, Subject: "device_renewal", Source: "console", Actor: julie.Name,
		CallerID: "+15145550100", StartedAt: c.clock.Now().Add(-5 * time.Minute), Outcome: interaction.Completed, Summary: "Rappel fait."})
	must(t, "record the call", err)
	b.mustSignIn(julie.Email) // two days later: signed in again
	_, page = b.get("/console/promises/" + id)
	keep := "/console/promises/" + id + "/keep"
	resp, body = b.submit(page, keep, url.Values{})
	if got := fieldError(body, "keep-evidence-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Choisissez ce qui prouve que la promesse est tenue." {
		t.Errorf("keep without evidence: %d %q", resp.StatusCode, got)
	}
	resp, body = b.submit(page, keep, url.Values{"evidence": {"credit_note"}})
	if got := fieldError(body, "keep-evidence-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Donnez le numéro de l'avoir." {
		t.Errorf("keep with a credit note without its number: %d %q", resp.StatusCode, got)
	}
	contains(t, "keep form", page, `value="interaction:`+it.ID+`"`)
	resp, body = b.submit(page, keep, url.Values{"evidence": {"interaction:" + it.ID}})
	mustRedirect(t, "keep", resp, body, "/console/promises/"+id+"?done=keep")
	_, page = b.get("/console/promises/" + id + "?done=keep")
	contains(t, "kept promise", page, "Promesse notée comme tenue", "tenue", "contact <code>"+it.ID+"</code>")
	if strings.Contains(page, `action="/console/promises/`+id+`/keep#keep-form"`) {
		t.Error("a kept promise still offers to keep it")
	}

	// Story 2's promise is past due: marked so, on its page and his offers.
	s2 := c.story(t, "offer")
	_, page = b.get("/console/promises/" + s2.CommitmentID)
	contains(t, "story 2's promise", page, `<span class="badge warn">En retard</span>`, `class="late"`, "envoyer l&#39;offre")
	// Once the sweep has found it, his apology is among the deliveries that
	// could show it kept.
	_, err = c.app.Commitments.Sweep(context.Background())
	must(t, "sweep", err)
	apologies, _, err := c.app.Deliveries.List(context.Background(), delivery.Filter{CustomerID: s2.CustomerID, CommitmentID: s2.CommitmentID}, "")
	must(t, "Deliveries.List", err)
	if len(apologies) != 1 {
		t.Fatalf("%d deliveries for story 2's promise after the sweep, want its apology", len(apologies))
	}
	_, page = b.get("/console/promises/" + s2.CommitmentID)
	contains(t, "story 2's promise, swept", page, `<span class="badge">en retard</span>`, `value="delivery:`+apologies[0].ID+`"`, "nouvelle date annoncée au client")

	// Story 3's credit, kept with the credit note's number.
	s3 := c.story(t, "cancellation")
	_, page = b.get("/console/promises/" + s3.CommitmentID)
	resp, body = b.submit(page, "/console/promises/"+s3.CommitmentID+"/keep", url.Values{"evidence": {"credit_note"}, "credit_note_id": {"AV-2026-0042"}})
	_, page = b.get(mustRedirect(t, "keep with a credit note", resp, body, "/console/promises/"+s3.CommitmentID+"?done=keep"))
	contains(t, "credit kept", page, "avoir <code>AV-2026-0042</code>")
	_, page = b.get("/console/promises/" + s2.CommitmentID)

	// Withdrawn, with the reason the customer reads: he is told in writing.
	cancel := "/console/promises/" + s2.CommitmentID + "/cancel"
	resp, body = b.submit(page, cancel, url.Values{"reason": {" "}})
	if got := fieldError(body, "cancel-reason-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Indiquez le motif." {
		t.Errorf("withdraw without a reason: %d %q", resp.StatusCode, got)
	}
	resp, body = b.submit(page, cancel, url.Values{"reason": {"Vous avez choisi de garder votre forfait actuel ; nous ne vous enverrons pas d'offre."}})
	_, page = b.get(mustRedirect(t, "withdraw", resp, body, "/console/promises/"+s2.CommitmentID+"?done=cancel"))
	contains(t, "withdrawn promise", page, "Promesse retirée ; le client en est informé par écrit.", "Vous avez choisi de garder votre forfait actuel")
	if p, _ := c.app.Commitments.Get(context.Background(), s2.CommitmentID); p.Status != commitment.Cancelled {
		t.Errorf("story 2's promise is %s, want cancelled", p.Status)
	}
}

// TestSendOffer is story 2 over HTTP: his page lists the offers that fit
// him (the 100 GB plan he was promised in writing) and those left out with
// the rules; the offer's page embeds the comparison he will receive and its
// PDF; sending it by email delivers a real message and keeps the promise,
// shown on the page after. An offer the rules refuse him is neither shown
// nor sent.
func TestSendOffer(t *testing.T) {
	t.Parallel()
	c, smtp := newOwnConsole(t)
	julie := c.staffByName(t, "Julie Morvan")
	b := c.browser(t)
	b.mustSignIn(julie.Email)
	s2 := c.story(t, "offer")
	base := "/console/customers/" + s2.CustomerID + "/offers"

	resp, page := b.get(base)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("offers page: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "offers page", page, `href="`+base+`/FR-PASSAGE-100G"`, "Passez au 100 Go 5G à 11,99 €", "Promesse en cours : « Je vous envoie l&#39;offre",
		"Offres écartées, et pourquoi", "Sur 24 mois")

	resp, page = b.get(base + "/FR-PASSAGE-100G")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("offer page: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "offer page", page, `<iframe class="document" id="comparison" src="`+base+`/FR-PASSAGE-100G/document"`, `href="`+base+`/FR-PASSAGE-100G/document?format=pdf"`,
		"bertrand.courtecuisse@free.example", `<span class="badge warn">En retard</span>`, `action="`+base+`/FR-PASSAGE-100G/send#send-form"`)
	resp, doc := b.get(base + "/FR-PASSAGE-100G/document")
	if resp.StatusCode != http.StatusOK || !strings.Contains(doc, `lang="fr-FR"`) || !strings.Contains(doc, "Courtecuisse") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
		t.Errorf("the comparison document: %d CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	resp, pdf := b.get(base + "/FR-PASSAGE-100G/document?format=pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix([]byte(pdf), []byte("%PDF-")) {
		t.Errorf("the PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// An offer the rules refuse him (an Android phone for an iPhone owner).
	if resp, body := b.get(base + "/FR-GALAXY-S25"); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Les règles écartent cette offre") {
		t.Errorf("an offer that does not fit: %d", resp.StatusCode)
	}
	if resp, _ := b.get(base + "/FR-GALAXY-S25/document"); resp.StatusCode != http.StatusConflict {
		t.Errorf("its document: %d, want 409", resp.StatusCode)
	}

	send := base + "/FR-PASSAGE-100G/send"
	resp, _ = b.post(send, url.Values{"method": {"email"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("without its CSRF token: %d, want 403", resp.StatusCode)
	}
	resp, body := b.submit(page, send, url.Values{})
	if got := fieldError(body, "send-method-err"); resp.StatusCode != http.StatusUnprocessableEntity || got != "Choisissez comment envoyer l'offre." {
		t.Errorf("no method: %d %q", resp.StatusCode, got)
	}
	if n := len(smtp.Messages()); n != 0 {
		t.Fatalf("%d messages before the send", n)
	}

	form := page
	resp, body = b.submit(form, send, url.Values{"method": {"email"}})
	loc := mustRedirect(t, "send", resp, body, base+"/FR-PASSAGE-100G?sent=dlv_")
	_, page = b.get(loc)
	contains(t, "page after the send", page, "Offre envoyée", "Envoyée par e-mail à bertrand.courtecuisse@free.example, avec le PDF.",
		"La promesse « Je vous envoie l&#39;offre du Forfait 100 Go 5G par courriel sous 48 heures, pour que vous la compariez à tête reposée. » est tenue.")
	msgs := smtp.Wait(t, 1, 5*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != "bertrand.courtecuisse@free.example" || len(msgs[0].Attachments) != 1 {
		t.Errorf("mail: %+v", msgs)
	}
	p, err := c.app.Commitments.Get(context.Background(), s2.CommitmentID)
	must(t, "Commitments.Get", err)
	if p.Status != commitment.Kept || p.Evidence == nil || p.Evidence.Kind != commitment.EvidenceDelivery || !strings.Contains(loc, p.Evidence.ID) {
		t.Errorf("story 2's promise: %s %+v", p.Status, p.Evidence)
	}

	// The same form posted again (a double click) sends nothing twice.
	resp, body = b.submit(form, send, url.Values{"method": {"email"}})
	if again := mustRedirect(t, "send again", resp, body, base+"/FR-PASSAGE-100G?sent=dlv_"); again != loc {
		t.Errorf("the same form sent again went to %s, not %s", again, loc)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d messages after the same form twice, want 1", n)
	}
	// A letter: no print queue failure, his postal address.
	resp, body = b.submit(page, send, url.Values{"method": {"letter"}})
	_, page = b.get(mustRedirect(t, "send a letter", resp, body, base+"/FR-PASSAGE-100G?sent=dlv_"))
	contains(t, "page after the letter", page, "Mise dans la file d&#39;impression pour un courrier à")
}

// TestAdvisorTextsExist renders every advisor page, and each form refused,
// in French, Québec French and English, and looks for a text key without a
// text.
func TestAdvisorTextsExist(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	s2, s3, s4, s5 := c.story(t, "offer"), c.story(t, "cancellation"), c.story(t, "tactless"), c.story(t, "goodbye")
	julie := c.staffByName(t, "Julie Morvan")
	d, err := c.app.Contacts.Decide(as(julie), contactpolicyRequest(s4.CustomerID))
	must(t, "Decide", err)
	paths := []string{"/console/cases/" + s3.CaseID, "/console/cases/" + s5.CaseID, "/console/promises/" + s2.CommitmentID,
		"/console/promises/" + s3.CommitmentID, "/console/customers/" + s2.CustomerID + "/offers/FR-PASSAGE-100G",
		"/console/customers/" + s4.CustomerID + "/contact/" + d.ID}
	for _, s := range c.res.Stories {
		for _, p := range []string{"/contact", "/cases/new", "/promises/new", "/offers"} {
			paths = append(paths, "/console/customers/"+s.CustomerID+p)
		}
	}
	refusals := []struct {
		page, action string
		form         url.Values
	}{
		{"/console/cases/" + s3.CaseID, "/console/cases/" + s3.CaseID + "/handoff", url.Values{"summary": {"court"}}},
		{"/console/cases/" + s5.CaseID, "/console/cases/" + s5.CaseID + "/close", url.Values{"reason": {"no_answer"}}},
		{"/console/cases/" + s5.CaseID, "/console/cases/" + s5.CaseID + "/resolve", url.Values{"resolution": {"fait"}}},
		{"/console/customers/" + s4.CustomerID, "/console/customers/" + s4.CustomerID + "/promises", url.Values{"kind": {"call_back"}}},
		{"/console/customers/" + s4.CustomerID, "/console/customers/" + s4.CustomerID + "/cases", url.Values{}},
		{"/console/customers/" + s4.CustomerID, "/console/customers/" + s4.CustomerID + "/contact", url.Values{"caller_id": {strings.Repeat("1", 33)}, "purpose": {"sales"}, "channel": {"phone"}}},
		{"/console/promises/" + s2.CommitmentID, "/console/promises/" + s2.CommitmentID + "/keep", url.Values{}},
		{"/console/customers/" + s2.CustomerID + "/offers/FR-PASSAGE-100G", "/console/customers/" + s2.CustomerID + "/offers/FR-PASSAGE-100G/send", url.Values{}},
	}
	for _, lang := range []string{"fr", "en"} {
		b := c.browser(t)
		b.get("/console/login?lang=" + lang)
		b.mustSignIn(julie.Email)
		check := func(what, page string) {
			t.Helper()
			if i := strings.Index(page, "⟦"); i >= 0 {
				t.Errorf("%s in %s: a text key without a text: %s", what, lang, page[i:min(len(page), i+60)])
			}
		}
		for _, p := range paths {
			resp, page := b.get(p)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s in %s: %d", p, lang, resp.StatusCode)
			}
			check(p, page)
			if lang == "fr" {
				_, page = b.get(p, "Accept-Language", "fr-CA")
				check(p+" (fr-CA)", page)
			}
		}
		for _, r := range refusals {
			_, page := b.get(r.page)
			resp, body := b.submit(page, r.action, r.form)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("POST %s in %s: %d, want 422", r.action, lang, resp.StatusCode)
			}
			check(r.action, body)
		}
	}
}

// contactpolicyRequest is a sales call to ask about.
func contactpolicyRequest(customerID string) contactpolicy.Request {
	return contactpolicy.Request{CustomerID: customerID, Purpose: tact.PurposeSales, Channel: tact.ChannelPhone, Source: "console", CallerID: "+15145550100"}
}

// TestAdvisorFormsNeedCSRF finds every form of the advisor's pages: each
// carries this browser's CSRF token, and each, posted without it, is
// refused with 403 and changes nothing.
func TestAdvisorFormsNeedCSRF(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	s2, s3, s4 := c.story(t, "offer"), c.story(t, "cancellation"), c.story(t, "tactless")
	b := c.browser(t)
	b.mustSignIn(c.staffByName(t, "Julie Morvan").Email)
	formTag := regexp.MustCompile(`(?s)<form method="post" action="([^"#]+)[^"]*"[^>]*>(.*?)</form>`)
	seen := map[string]bool{}
	for _, p := range []string{"/console/customers/" + s4.CustomerID, "/console/cases/" + s3.CaseID, "/console/promises/" + s3.CommitmentID,
		"/console/customers/" + s2.CustomerID + "/offers/FR-PASSAGE-100G"} {
		_, page := b.get(p)
		token := csrf(t, page)
		for _, m := range formTag.FindAllStringSubmatch(page, -1) {
			action, inner := m[1], m[2]
			if action == "/console/logout" || seen[action] {
				continue
			}
			seen[action] = true
			if !strings.Contains(inner, `name="csrf_token" value="`+token+`"`) {
				t.Errorf("the form to %s on %s has no CSRF token", action, p)
			}
			resp, body := b.post(action, url.Values{"reason": {"resolved"}, "method": {"email"}, "summary": {strings.Repeat("x", 30)}})
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Ce formulaire a expiré") {
				t.Errorf("POST %s without its token: %d, want 403", action, resp.StatusCode)
			}
		}
	}
	for _, want := range []string{"/contact", "/cases", "/promises", "/notes", "/handoff", "/status", "/resolve", "/close", "/keep", "/cancel", "/send"} {
		found := false
		for a := range seen {
			found = found || strings.HasSuffix(a, want)
		}
		if !found {
			t.Errorf("no form posting to …%s found", want)
		}
	}
	if p, _ := c.app.Commitments.Get(context.Background(), s3.CommitmentID); p.Status != commitment.Pending {
		t.Errorf("story 3's promise is %s after posts without a token", p.Status)
	}
}
