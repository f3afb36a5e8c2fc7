package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// langCookie remembers the language a person chose with the switch.
const langCookie = "tact_lang"

// msg is one text of the console: French (fr-FR), its Québec wording where it
// differs (CA, "" when the same), and English.
type msg struct{ FR, CA, EN string }

// messages are the console's texts by key. Advisors are addressed "vous".
var messages = map[string]msg{
	"app.name":       {FR: "tact — console conseiller", EN: "tact — advisor console"},
	"app.skip":       {FR: "Aller au contenu", EN: "Skip to content"},
	"lang.switch":    {FR: "English", EN: "Français"},
	"lang.switchTag": {FR: "en", EN: "fr"},
	"lang.label":     {FR: "Langue", EN: "Language"},

	"login.title":      {FR: "Connexion", EN: "Sign in"},
	"login.intro":      {FR: "Connectez-vous avec votre adresse e-mail professionnelle et votre mot de passe.", CA: "Connectez-vous avec votre adresse courriel professionnelle et votre mot de passe.", EN: "Sign in with your work email address and your password."},
	"login.email":      {FR: "Adresse e-mail", CA: "Adresse courriel", EN: "Email address"},
	"login.password":   {FR: "Mot de passe", EN: "Password"},
	"login.submit":     {FR: "Se connecter", EN: "Sign in"},
	"login.wrong":      {FR: "Adresse e-mail ou mot de passe incorrect.", CA: "Adresse courriel ou mot de passe incorrect.", EN: "Wrong email address or password."},
	"login.limited":    {FR: "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans %d minutes.", EN: "Too many failed sign-in attempts. For your security, try again in %d minutes."},
	"login.expired":    {FR: "Votre session a expiré. Reconnectez-vous.", EN: "Your session has expired. Please sign in again."},
	"login.signedOut":  {FR: "Vous êtes déconnecté.", EN: "You are signed out."},
	"nav.search":       {FR: "Rechercher un client", EN: "Find a customer"},
	"nav.signOut":      {FR: "Se déconnecter", EN: "Sign out"},
	"nav.signedInAs":   {FR: "Connecté :", EN: "Signed in:"},
	"nav.main":         {FR: "Navigation principale", EN: "Main navigation"},
	"role.advisor":     {FR: "équipe conseil", EN: "advisor"},
	"role.supervisor":  {FR: "supervision", EN: "supervisor"},
	"role.admin":       {FR: "administration", EN: "admin"},
	"search.title":     {FR: "Rechercher un client", EN: "Find a customer"},
	"search.label":     {FR: "Nom, numéro de téléphone, e-mail ou numéro de compte", CA: "Nom, numéro de téléphone, courriel ou numéro de compte", EN: "Name, phone number, email or account number"},
	"search.submit":    {FR: "Rechercher", EN: "Search"},
	"search.results":   {FR: "Résultats", EN: "Results"},
	"search.none":      {FR: "Aucun client ne correspond à « %s ».", EN: "No customer matches “%s”."},
	"search.more":      {FR: "Résultats suivants", EN: "More results"},
	"search.name":      {FR: "Client", EN: "Customer"},
	"search.where":     {FR: "Territoire", EN: "Jurisdiction"},
	"search.status":    {FR: "Statut", EN: "Status"},
	"search.contact":   {FR: "Coordonnées", EN: "Contact details"},
	"brief.address":    {FR: "Comment s'adresser au client", EN: "How to address the customer"},
	"brief.since":      {FR: "Client depuis le %s", EN: "Customer since %s"},
	"brief.local":      {FR: "Heure locale du client : %s", EN: "Customer's local time: %s"},
	"brief.warnings":   {FR: "À savoir avant de parler", EN: "Know before you speak"},
	"brief.devices":    {FR: "Appareils", EN: "Devices"},
	"brief.noDevices":  {FR: "Aucun appareil connu.", EN: "No device on record."},
	"brief.lines":      {FR: "Lignes et forfaits", EN: "Lines and plans"},
	"brief.noLines":    {FR: "Aucune ligne en service.", EN: "No line in service."},
	"brief.topTier":    {FR: "Forfait le plus élevé", EN: "Largest plan"},
	"brief.tier":       {FR: "niveau %d", EN: "tier %d"},
	"brief.perMonth":   {FR: "%s par mois", EN: "%s a month"},
	"brief.dataMB":     {FR: "%s de données", EN: "%s of data"},
	"brief.unlimited":  {FR: "données illimitées", EN: "unlimited data"},
	"brief.commitment": {FR: "engagé jusqu'au %s", EN: "committed until %s"},
	"brief.cases":      {FR: "Dossiers ouverts", EN: "Open cases"},
	"brief.noCases":    {FR: "Aucun dossier ouvert.", EN: "No open case."},
	"brief.owner":      {FR: "Responsable : %s", EN: "Owner: %s"},
	"brief.whereWeAre": {FR: "Où en est-on", EN: "Where we are"},
	"brief.breached":   {FR: "Délai dépassé", EN: "Service level missed"},
	"brief.promises":   {FR: "Promesses au client", EN: "Promises to the customer"},
	"brief.noPromises": {FR: "Aucune promesse en cours.", EN: "No pending promise."},
	"brief.due":        {FR: "Échéance : %s", EN: "Due: %s"},
	"brief.overdue":    {FR: "En retard", EN: "Overdue"},
	"brief.contacts":   {FR: "Derniers contacts", EN: "Last contacts"},
	"brief.noContacts": {FR: "Aucun contact enregistré.", EN: "No contact on record."},
	"timeline.title":   {FR: "Historique", EN: "Timeline"},
	"timeline.more":    {FR: "Voir la suite de l'historique", EN: "Show more of the timeline"},
	"timeline.end":     {FR: "Début de l'historique.", EN: "Start of the timeline."},
	"timeline.by":      {FR: "par %s", EN: "by %s"},
	"zone.customer":    {FR: "Heures à l'heure du client (%s).", EN: "Times in the customer's time zone (%s)."},

	"error.title":     {FR: "Une erreur est survenue", EN: "Something went wrong"},
	"error.notFound":  {FR: "Cette page ou ce client n'existe pas.", EN: "This page or customer does not exist."},
	"error.csrf":      {FR: "Ce formulaire a expiré ou ne vient pas de cette console. Rechargez la page et recommencez.", EN: "This form has expired or does not come from this console. Reload the page and try again."},
	"error.forbidden": {FR: "Vous n'avez pas accès à cette page.", EN: "You do not have access to this page."},
	"error.internal":  {FR: "Une erreur interne est survenue. Si elle se reproduit, donnez cette référence au support : %s.", EN: "An internal error occurred. If it happens again, give support this reference: %s."},
	"error.invalid":   {FR: "La demande n'est pas valide : %s", EN: "The request is not valid: %s"},
	"error.back":      {FR: "Retour à la recherche", EN: "Back to search"},
}

// Lang is the language a page is written in, with the helpers templates call
// to write texts, dates and amounts in it. Loc is the zone times are shown in
// (the customer's on a customer's page).
type Lang struct {
	Tag tact.Language
	Loc *time.Location
}

// T returns the text of key, formatted with args when it has verbs. A key
// with no text shows as ⟦key⟧, which the tests look for.
func (l Lang) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return "⟦" + key + "⟧"
	}
	s := m.FR
	switch {
	case l.Tag == tact.LangEN:
		s = m.EN
	case l.Tag == tact.LangFrCA && m.CA != "":
		s = m.CA
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// HTML is the value of the page's lang attribute.
func (l Lang) HTML() string { return string(l.Tag) }

// English reports whether the page is in English.
func (l Lang) English() bool { return l.Tag == tact.LangEN }

// Text picks the language of a two-language text.
func (l Lang) Text(t tact.Text) string { return t.In(string(l.Tag)) }

// Date writes a time's day in the page's zone: "mardi 17 mars 2026".
func (l Lang) Date(t time.Time) string { return wording.Date(t.In(l.loc()), l.Tag) }

// Day writes a civil date: "mardi 17 mars 2026".
func (l Lang) Day(d tact.Date) string {
	if d.IsZero() {
		return ""
	}
	return wording.Date(d.In(time.UTC), l.Tag)
}

// When writes a time to the minute in the page's zone: "17/03/2026 19:05".
func (l Lang) When(t time.Time) string {
	if l.English() {
		return t.In(l.loc()).Format("2 Jan 2006 15:04")
	}
	return t.In(l.loc()).Format("02/01/2006 15:04")
}

// ISO writes a time for a <time datetime> attribute.
func (l Lang) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Money writes an amount: "89,00 $", "€12.50".
func (l Lang) Money(m tact.Money) string { return wording.Money(m, l.Tag) }

// Data writes a monthly data allowance as people read it: "150 Go de
// données", "données illimitées".
func (l Lang) Data(a catalog.Allowance) string {
	if a.Unlimited {
		return l.T("brief.unlimited")
	}
	unit := "Go"
	if l.English() {
		unit = "GB"
	}
	size := fmt.Sprintf("%d %s", a.Amount/1000, unit)
	if a.Amount%1000 != 0 && a.Amount < 10000 {
		size = fmt.Sprintf("%.1f %s", float64(a.Amount)/1000, unit)
		if !l.English() {
			size = strings.Replace(size, ".", ",", 1)
		}
	}
	return l.T("brief.dataMB", size)
}

// Number writes a phone number in its jurisdiction's national form.
func (l Lang) Number(e164 string, j tact.Jurisdiction) string {
	return customer.NationalNumber(e164, j)
}

// Enum names a value of a closed set (a channel, a status) in the page's
// language; a value without a name shows as is.
func (l Lang) Enum(set string, v any) string {
	s := fmt.Sprintf("%v", v)
	if m, ok := enums[set+"."+s]; ok {
		if l.English() {
			return m.EN
		}
		if l.Tag == tact.LangFrCA && m.CA != "" {
			return m.CA
		}
		return m.FR
	}
	return strings.ReplaceAll(s, "_", " ")
}

func (l Lang) loc() *time.Location {
	if l.Loc == nil {
		return time.UTC
	}
	return l.Loc
}

// enums name the values of the closed sets pages show.
var enums = map[string]msg{
	"channel.phone": {FR: "téléphone", EN: "phone"}, "channel.sms": {FR: "SMS", EN: "SMS"},
	"channel.email": {FR: "e-mail", CA: "courriel", EN: "email"}, "channel.letter": {FR: "courrier", EN: "letter"},
	"channel.chat": {FR: "chat", CA: "clavardage", EN: "chat"}, "channel.web": {FR: "site web", EN: "website"},
	"channel.app": {FR: "application", EN: "app"}, "channel.shop": {FR: "boutique", EN: "shop"},
	"direction.inbound": {FR: "entrant", EN: "inbound"}, "direction.outbound": {FR: "sortant", EN: "outbound"},
	"purpose.sales": {FR: "vente", EN: "sales"}, "purpose.service": {FR: "service", EN: "service"},
	"purpose.billing": {FR: "facturation", EN: "billing"}, "purpose.collection": {FR: "recouvrement", EN: "collection"},
	"purpose.survey": {FR: "enquête", CA: "sondage", EN: "survey"}, "purpose.incident": {FR: "incident", EN: "incident"},
	"purpose.cancellation": {FR: "résiliation", EN: "cancellation"}, "purpose.legal": {FR: "information légale", EN: "legal notice"},
	"outcome.completed": {FR: "abouti", EN: "completed"}, "outcome.delivered": {FR: "remis", EN: "delivered"},
	"outcome.no_answer": {FR: "pas de réponse", EN: "no answer"}, "outcome.busy": {FR: "occupé", EN: "busy"},
	"outcome.voicemail": {FR: "message laissé", EN: "voicemail"}, "outcome.refused": {FR: "refusé", EN: "refused"},
	"outcome.failed": {FR: "échec", EN: "failed"},
	"status.active":  {FR: "actif", EN: "active"}, "status.cancelling": {FR: "résiliation en cours", EN: "cancelling"},
	"status.former": {FR: "ancien client", EN: "former customer"},
	"case.new":      {FR: "nouveau", EN: "new"}, "case.in_progress": {FR: "en cours", EN: "in progress"},
	"case.waiting_customer": {FR: "en attente du client", EN: "waiting for the customer"},
	"case.waiting_internal": {FR: "en attente interne", EN: "waiting internally"},
	"case.resolved":         {FR: "résolu", EN: "resolved"}, "case.closed": {FR: "clos", EN: "closed"},
	"category.billing": {FR: "facturation", EN: "billing"}, "category.technical": {FR: "technique", EN: "technical"},
	"category.sales": {FR: "vente", EN: "sales"}, "category.cancellation": {FR: "résiliation", EN: "cancellation"},
	"category.complaint": {FR: "réclamation", EN: "complaint"}, "category.incident": {FR: "incident", EN: "incident"},
	"promise.pending": {FR: "en cours", EN: "pending"}, "promise.overdue": {FR: "en retard", EN: "overdue"},
	"promise.kept": {FR: "tenue", EN: "kept"}, "promise.cancelled": {FR: "annulée", EN: "cancelled"},
	"os.ios": {FR: "iOS", EN: "iOS"}, "os.android": {FR: "Android", EN: "Android"},
	"line.active": {FR: "active", EN: "active"}, "line.suspended": {FR: "suspendue", EN: "suspended"},
	"line.ended":       {FR: "résiliée", EN: "ended"},
	"kind.interaction": {FR: "contact", EN: "contact"}, "kind.event": {FR: "fiche client", EN: "customer record"},
	"kind.case_event": {FR: "dossier", EN: "case"}, "kind.promise_event": {FR: "promesse", EN: "promise"},
	"event.created": {FR: "fiche créée", EN: "record created"}, "event.updated": {FR: "fiche modifiée", EN: "record updated"},
	"event.status_changed": {FR: "statut changé", EN: "status changed"}, "event.consent_recorded": {FR: "consentement enregistré", EN: "consent recorded"},
	"event.do_not_call_changed":         {FR: "opposition au démarchage changée", EN: "do-not-call changed"},
	"event.third_party_billing_changed": {FR: "facturation par des tiers changée", EN: "third-party billing changed"},
	"event.opposition_checked":          {FR: "liste d'opposition vérifiée", EN: "opposition list checked"},
	"event.line_added":                  {FR: "ligne ajoutée", EN: "line added"}, "event.line_updated": {FR: "ligne modifiée", EN: "line updated"},
	"event.device_added":          {FR: "appareil ajouté", EN: "device added"},
	"event.marketing_data_erased": {FR: "données de prospection effacées", EN: "marketing data erased"},
	"event.survey_answered":       {FR: "réponse à une enquête", CA: "réponse à un sondage", EN: "survey answered"},
	"caseev.opened":               {FR: "dossier ouvert", EN: "case opened"}, "caseev.assigned": {FR: "dossier attribué", EN: "case assigned"},
	"caseev.note": {FR: "note", EN: "note"}, "caseev.handed_off": {FR: "dossier transmis", EN: "case handed off"},
	"caseev.status_changed": {FR: "statut du dossier", EN: "case status"}, "caseev.answered": {FR: "première réponse", EN: "first answer"},
	"caseev.resolved": {FR: "dossier résolu", EN: "case resolved"}, "caseev.reopened": {FR: "dossier rouvert", EN: "case reopened"},
	"caseev.closed":  {FR: "dossier clos", EN: "case closed"},
	"promiseev.made": {FR: "promesse faite", EN: "promise made"}, "promiseev.kept": {FR: "promesse tenue", EN: "promise kept"},
	"promiseev.cancelled": {FR: "promesse annulée", EN: "promise cancelled"}, "promiseev.overdue": {FR: "promesse en retard", EN: "promise overdue"},
	"jurisdiction.FR": {FR: "France", EN: "France"}, "jurisdiction.CA-QC": {FR: "Québec", EN: "Québec"},
}

// pickLang returns the language of a request: the switch (?lang=fr|en, which
// the caller remembers in a cookie), else the remembered choice, else French.
// French is fr-CA when the browser asks for Canadian French, fr-FR otherwise.
func pickLang(r *http.Request) (l tact.Language, chosen string) {
	choice := r.URL.Query().Get("lang")
	if choice == "fr" || choice == "en" {
		chosen = choice
	} else if c, err := r.Cookie(langCookie); err == nil && (c.Value == "fr" || c.Value == "en") {
		choice = c.Value
	} else {
		choice = "fr"
	}
	if choice == "en" {
		return tact.LangEN, chosen
	}
	if strings.Contains(strings.ToLower(r.Header.Get("Accept-Language")), "fr-ca") {
		return tact.LangFrCA, chosen
	}
	return tact.LangFrFR, chosen
}

// addTexts adds a page family's texts to a table at start, refusing a key
// already there: texts come from several files (advisor, supervision,
// space), and one silently replacing another's would change what a page
// says.
func addTexts(to, from map[string]msg) {
	for k, m := range from {
		if _, dup := to[k]; dup {
			panic(fmt.Sprintf("web: text %q defined twice", k))
		}
		to[k] = m
	}
}
