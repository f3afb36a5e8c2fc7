package web

import (
	"net/http"
	"strings"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// marketingChannels are the channels a customer says yes or no to offers on.
var marketingChannels = []tact.Channel{tact.ChannelEmail, tact.ChannelSMS, tact.ChannelPhone, tact.ChannelLetter}

// prefsData is the data of the preferences page.
type prefsData struct {
	Tu               bool
	English          bool
	PreferredChannel tact.Channel
	QuietFrom        string
	QuietTo          string
	// Offers says, per channel, whether he agrees to offers on it.
	Offers            map[tact.Channel]bool
	Channels          []tact.Channel
	ThirdPartyBilling bool
	Saved             bool
}

func prefsOf(c *customer.Customer) prefsData {
	d := prefsData{Tu: c.FormOfAddress == customer.Tu, English: c.Language == tact.LangEN, PreferredChannel: c.Preferences.PreferredChannel,
		Offers: map[tact.Channel]bool{}, Channels: marketingChannels, ThirdPartyBilling: c.ThirdPartyBilling}
	if len(c.Preferences.QuietHours) > 0 {
		d.QuietFrom, d.QuietTo = c.Preferences.QuietHours[0].From.String(), c.Preferences.QuietHours[0].To.String()
	}
	for _, k := range c.Consents {
		if k.Purpose == tact.PurposeSales {
			d.Offers[k.Channel] = k.Granted
		}
	}
	return d
}

func (w *Web) spacePreferences(rw http.ResponseWriter, r *http.Request) {
	d := prefsOf(me(r))
	d.Saved = r.URL.Query().Get("saved") == "1"
	p := w.spacePage(r, "space.prefs.title", d)
	if d.Saved {
		p.Flash = p.Data.(spaceData).S.T("space.prefs.saved")
	}
	w.spaceRender(rw, r, http.StatusOK, "space_preferences", p)
}

// spaceSavePreferences stores what the customer chose: how he is addressed
// and in which language, the one channel he prefers, his quiet hours, his yes
// or no to offers on each channel (recorded as consents from the web, with
// the session as their proof) and the third-party billing switch.
func (w *Web) spaceSavePreferences(rw http.ResponseWriter, r *http.Request) {
	c := me(r)
	var u customer.Update
	form := customer.Vous
	if r.PostFormValue("form_of_address") == "tu" {
		form = customer.Tu
	}
	u.FormOfAddress = tact.Some(form)
	lang := c.Jurisdiction.DefaultLanguage()
	if r.PostFormValue("language") == "en" {
		lang = tact.LangEN
	}
	u.Language = tact.Some(lang)
	prefs := c.Preferences
	prefs.PreferredChannel = tact.Channel(r.PostFormValue("preferred_channel"))
	if prefs.PreferredChannel != "" && !prefs.PreferredChannel.Outbound() {
		w.spaceFail(rw, r, tact.FieldError(tact.CodeInvalid, "preferred_channel", "%q is not a channel", prefs.PreferredChannel))
		return
	}
	from, to := strings.TrimSpace(r.PostFormValue("quiet_from")), strings.TrimSpace(r.PostFormValue("quiet_to"))
	switch {
	case from == "" && to == "":
		prefs.QuietHours = nil
	default:
		f, err1 := tact.ParseTimeOfDay(from)
		t, err2 := tact.ParseTimeOfDay(to)
		if err1 != nil || err2 != nil || f == t {
			w.spaceError(rw, r, http.StatusUnprocessableEntity, "space.prefs.badHours")
			return
		}
		prefs.QuietHours = []customer.Window{{From: f, To: t}}
	}
	u.Preferences = tact.Some(prefs)
	now := w.app.Clock().Now()
	proof := "espace client, session " + spaceVisitorOf(r).token[:12]
	current := prefsOf(c).Offers
	for _, ch := range marketingChannels {
		yes := r.PostFormValue("offers_"+string(ch)) == "on"
		if had, ok := current[ch]; ok && had == yes || !ok && !yes {
			continue
		}
		u.Consents = append(u.Consents, customer.Consent{Channel: ch, Purpose: tact.PurposeSales, Granted: yes, Source: customer.SourceWeb, Proof: proof, At: now})
	}
	u.ThirdPartyBilling = tact.Some(r.PostFormValue("third_party_billing") == "on")
	if _, err := w.app.Customers.Update(r.Context(), c.ID, u, 0); err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	http.Redirect(rw, r, SpacePrefix+"preferences?saved=1", http.StatusSeeOther)
}

// cancelData is the data of the cancellation's first step.
type cancelData struct {
	Request lifecycle.Request
	Lines   []*customer.Line
	// Chosen are the numbers ticked.
	Chosen map[string]bool
	Key    string
	// Earlier is a cancellation already confirmed.
	Earlier *lifecycle.Cancellation
}

// spaceCancelForm is step 1: what the law asks to identify the contract
// (C. conso. D.215-2), filled from his record, the lines to end (none ticked
// is all), and the end date if later. No offer stands in the way.
func (w *Web) spaceCancelForm(rw http.ResponseWriter, r *http.Request) {
	c := me(r)
	d := cancelData{Request: lifecycle.Request{GivenName: c.GivenName, FamilyName: c.FamilyName, AccountNumber: c.AccountNumber},
		Chosen: map[string]bool{}, Key: newFormKey()}
	if err := w.cancelFacts(r, &d); err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.spaceRender(rw, r, http.StatusOK, "space_cancel", w.spacePage(r, "space.cancel.title", d))
}

// cancelFacts adds the customer's lines in service and any confirmed
// cancellation to d.
func (w *Web) cancelFacts(r *http.Request, d *cancelData) error {
	lines, err := w.app.Customers.Lines(r.Context(), me(r).ID)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if l.Status != customer.LineEnded {
			d.Lines = append(d.Lines, l)
		}
	}
	xs, err := w.app.Cancellations.List(r.Context(), me(r).ID)
	if err != nil {
		return err
	}
	for _, x := range xs {
		if x.Status != lifecycle.Previewed {
			d.Earlier = x
			break
		}
	}
	return nil
}

// spaceRequestCancel records step 1 and shows step 2, the preview, once
// per form (its key).
func (w *Web) spaceRequestCancel(rw http.ResponseWriter, r *http.Request) {
	c := me(r)
	req := lifecycle.Request{GivenName: r.PostFormValue("given_name"), FamilyName: r.PostFormValue("family_name"),
		AccountNumber: r.PostFormValue("account_number"), Lines: r.PostForm["lines"]}
	d := cancelData{Request: req, Chosen: map[string]bool{}, Key: r.PostFormValue("key")}
	for _, n := range req.Lines {
		d.Chosen[n] = true
	}
	if end := strings.TrimSpace(r.PostFormValue("wanted_end_date")); end != "" {
		day, err := tact.ParseDate(end)
		if err != nil {
			w.cancelAgain(rw, r, d, tact.FieldError(tact.CodeInvalid, "wanted_end_date", "%q is not a date", end))
			return
		}
		d.Request.WantedEndDate = day
	}
	x, _, err := w.app.Cancellations.Request(r.Context(), c.ID, d.Request, d.Key)
	if err != nil {
		w.cancelAgain(rw, r, d, err)
		return
	}
	http.Redirect(rw, r, SpacePrefix+"cancellations/"+x.ID, http.StatusSeeOther)
}

// cancelAgain shows step 1 again with what was typed and what is wrong.
func (w *Web) cancelAgain(rw http.ResponseWriter, r *http.Request, d cancelData, err error) {
	code := tact.ErrorCode(err)
	if code != tact.CodeInvalid && code != tact.CodeRequired && code != tact.CodeConflict && code != tact.CodeInvalidTransition && code != tact.CodeIdempotencyMismatch {
		w.spaceFail(rw, r, err)
		return
	}
	if code == tact.CodeIdempotencyMismatch {
		d.Key = newFormKey()
	}
	if ferr := w.cancelFacts(r, &d); ferr != nil {
		w.spaceFail(rw, r, ferr)
		return
	}
	p := w.spacePage(r, "space.cancel.title", d)
	msg := err.Error()
	if te, ok := err.(*tact.Error); ok {
		msg = te.Message
	}
	p.Alert = p.Data.(spaceData).S.T("space.cancel.refused", msg)
	w.spaceRender(rw, r, http.StatusUnprocessableEntity, "space_cancel", p)
}

// spaceCancellation is step 2, the preview with the confirm button; once
// confirmed, where it stands and the receipt.
func (w *Web) spaceCancellation(rw http.ResponseWriter, r *http.Request) {
	x, err := w.ownCancellation(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.spaceRender(rw, r, http.StatusOK, "space_cancellation", w.spacePage(r, "space.preview.title", x))
}

// spaceConfirmCancel is step 3: confirmed, the receipt is shown (and sent by
// email with its PDF, else by letter, once).
func (w *Web) spaceConfirmCancel(rw http.ResponseWriter, r *http.Request) {
	x, err := w.ownCancellation(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	if _, _, err := w.app.Cancellations.Confirm(r.Context(), x.ID); err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	http.Redirect(rw, r, SpacePrefix+"cancellations/"+x.ID+"/receipt", http.StatusSeeOther)
}

// receiptData is the data of the receipt page.
type receiptData struct {
	X            *lifecycle.Cancellation
	SupportPhone string
}

func (w *Web) spaceReceipt(rw http.ResponseWriter, r *http.Request) {
	x, err := w.ownCancellation(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	if x.ReceivedAt == nil {
		http.Redirect(rw, r, SpacePrefix+"cancellations/"+x.ID, http.StatusSeeOther)
		return
	}
	w.spaceRender(rw, r, http.StatusOK, "space_receipt", w.spacePage(r, "space.receipt.title", receiptData{X: x, SupportPhone: w.supportPhone(me(r))}))
}

func (w *Web) spaceReceiptDocument(rw http.ResponseWriter, r *http.Request) {
	x, err := w.ownCancellation(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	doc, err := w.app.Cancellations.Receipt(r.Context(), x.ID, x)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.serveDocument(rw, r, "accuse-resiliation-"+x.ID, doc)
}
