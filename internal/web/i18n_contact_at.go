package web

// The texts of "may I contact him at a chosen time?" (contact_at.go): the
// question's time, its faults, the verdict about a time to come, and the
// verdict's times in the advisor's zone. Each fault takes the customer's
// zone.
func init() {
	addTexts(messages, contactAtMessages)
}

var contactAtMessages = map[string]msg{
	"contact.at": {FR: "Quand ? (heure du client, %s)", EN: "When? (customer's time, %s)"},
	"contact.atHint": {FR: "Laissez vide pour maintenant. Pour un appel ou un message prévu, un moment à venir, d'ici un an : la réponse dit s'il sera permis alors, et sinon le prochain moment permis. Une heure qui revient deux fois, quand on recule les horloges, compte pour la première.",
		EN: "Leave empty for now. For a planned call or message, a time to come, within a year: the answer says whether it will be allowed then, and if not the next time allowed. A time that comes twice, as the clocks go back, counts as the first."},
	"contact.at.unreadable": {FR: "Indiquez une date et une heure, par exemple 2026-03-21 17:59 (heure du client, %s).",
		EN: "Give a date and a time, for example 2026-03-21 17:59 (customer's time, %s)."},
	"contact.at.past": {FR: "Ce moment est passé (heure du client, %s) : la réponse ne vaut que pour maintenant ou pour un moment à venir. Laissez le champ vide pour maintenant.",
		EN: "That time has passed (customer's time, %s): the answer is only for now or for a time to come. Leave the field empty for now."},
	"contact.at.far": {FR: "Au plus un an à l'avance (heure du client, %s) : d'ici là, les préférences du client, ses dossiers et la loi auront changé.",
		EN: "At most a year ahead (customer's time, %s): by then the customer's preferences, matters and the law will have changed."},

	"contact.at.foldFirst": {FR: "À l'heure du client (%s), %s revient deux fois cette nuit-là : on recule les horloges. La question porte sur la première fois, avant le changement (%s).",
		EN: "In the customer's time (%s), %s comes twice that night: the clocks go back. The question is about the first time, before the change (%s)."},
	"contact.at.foldSecond": {FR: "À l'heure du client (%s), %s revient deux fois cette nuit-là : on recule les horloges. La question porte sur la seconde fois, après le changement (%s).",
		EN: "In the customer's time (%s), %s comes twice that night: the clocks go back. The question is about the second time, after the change (%s)."},

	"contact.verdictAt.allow": {FR: "Oui, vous pourrez contacter le client à ce moment-là.", EN: "Yes, you may contact the customer at that time."},
	"contact.verdictAt.deny":  {FR: "Non : ce contact ne sera pas permis.", EN: "No: this contact will not be allowed."},
	"contact.verdictAt.defer": {FR: "Pas à ce moment-là.", EN: "Not at that time."},
	"verdict.forYou":          {FR: "Pour vous (%s) : %s.", EN: "For you (%s): %s."},
	"verdict.forYouShort":     {FR: "pour vous, %s", EN: "for you, %s"},
}
