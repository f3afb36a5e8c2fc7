package demo

import (
	"github.com/tactcrm/tact/internal/tact"
)

// role is the part a system or company plays in the operator's contacts. Each
// jurisdiction has its own company in each role: the French operator
// subcontracts sales calls to one call centre, the Québec one to another.
type role int

const (
	roleDialer       role = iota // the operator's own outbound dialer
	roleCallCentre               // the subcontracted sales call centre
	roleCustomerCare             // the operator's customer service
	roleShop                     // the shops
	roleWeb                      // the customer space on the web
	roleApp                      // the mobile app
	roleChat                     // the chat on the web site
	roleBilling                  // bill notices and reminders
	roleMarketing                // email and SMS campaigns
	roleNetwork                  // network supervision: incident notices
	roleSurveyA                  // the first survey vendor
	roleSurveyB                  // the second survey vendor
	roleLetters                  // the printing house that posts letters
	numRoles
)

// source is a system or company as interactions name it. Outbound calls and
// texts show one of its numbers, all from the operator's declared pool (French
// décret 2022-1313: the caller id is shown and belongs to the company).
type source struct {
	name string
	// ext prefixes the source's own ids for contacts; "" when it sends none.
	ext     string
	callers []string
	actors  []string
}

// sources lists the companies of each jurisdiction, by role. The numbers are
// checked against the numbering plan by the tests.
var sources = map[tact.Jurisdiction][numRoles]source{
	tact.FR: {
		roleDialer:       {name: "dialer", ext: "DLR", callers: []string{"+33170361200", "+33170361201", "+33170361202"}, actors: []string{"Sandrine P.", "Mathieu L.", "Aïcha B.", "Romain G."}},
		roleCallCentre:   {name: "atlas-contact", ext: "ATL", callers: []string{"+33359612040", "+33428293050"}, actors: []string{"Yassine M.", "Inès B.", "Karim T.", "Salma E.", "Youssef A.", "Nour H."}},
		roleCustomerCare: {name: "service-client", callers: []string{"+33970804510"}, actors: []string{"Nadia K.", "Thomas R.", "Julie M.", "Marc D.", "Éloïse V.", "Samir O."}},
		roleShop:         {name: "boutique", actors: []string{"Léo (boutique)", "Clara (boutique)", "Hugo (boutique)", "Anissa (boutique)"}},
		roleWeb:          {name: "espace-client", ext: "WEB"},
		roleApp:          {name: "appli-mobile", ext: "APP"},
		roleChat:         {name: "chat", ext: "CHT", actors: []string{"assistant virtuel", "Emma (chat)", "Lucas (chat)"}},
		roleBilling:      {name: "facturation", ext: "FAC", callers: []string{"+33644600000"}},
		roleMarketing:    {name: "crm-campagnes", ext: "CMP", callers: []string{"+33644600001"}},
		roleNetwork:      {name: "supervision-reseau", ext: "INC", callers: []string{"+33644600002"}},
		roleSurveyA:      {name: "sondexa", ext: "SDX", callers: []string{"+33184882200"}, actors: []string{"enquêteur Sondexa"}},
		roleSurveyB:      {name: "panelia", ext: "PNL", callers: []string{"+33252598010"}, actors: []string{"Chloé (Panelia)", "Bastien (Panelia)"}},
		roleLetters:      {name: "imprimerie", ext: "LET"},
	},
	tact.CAQC: {
		roleDialer:       {name: "composeur", ext: "CPS", callers: []string{"+15143901200", "+15143901201"}, actors: []string{"Isabelle R.", "Patrick D.", "Amélie C."}},
		roleCallCentre:   {name: "centre-laurentides", ext: "CLA", callers: []string{"+14509332100", "+14509332101"}, actors: []string{"Kevin L.", "Marie-Pier G.", "Jonathan B.", "Vanessa T.", "agent 3312"}},
		roleCustomerCare: {name: "service-clientele", callers: []string{"+14187805500"}, actors: []string{"Sophie B.", "Alexandre N.", "Caroline F.", "Jean-Sébastien M."}},
		roleShop:         {name: "boutique", actors: []string{"Maxime (boutique)", "Laurie (boutique)", "Dominic (boutique)"}},
		roleWeb:          {name: "espace-client", ext: "WEB"},
		roleApp:          {name: "appli-mobile", ext: "APP"},
		roleChat:         {name: "clavardage", ext: "CLV", actors: []string{"agent virtuel", "Rosalie (clavardage)"}},
		roleBilling:      {name: "facturation", ext: "FAC", callers: []string{"+15143901299"}},
		roleMarketing:    {name: "crm-campagnes", ext: "CMP", callers: []string{"+15143901298"}},
		roleNetwork:      {name: "reseau", ext: "RES", callers: []string{"+15143901297"}},
		roleSurveyA:      {name: "sondages-boreal", ext: "BOR", callers: []string{"+15148473300"}, actors: []string{"intervieweur Boréal"}},
		roleSurveyB:      {name: "northpoll-research", ext: "NPR", callers: []string{"+14388001200"}, actors: []string{"Emily (NorthPoll)", "Marc-Antoine (NorthPoll)"}},
		roleLetters:      {name: "postes-imprimerie", ext: "LET"},
	},
}
