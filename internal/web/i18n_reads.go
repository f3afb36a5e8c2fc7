package web

// The texts of the audit of reads (supervision_reads.go), added to the
// console's at start.
func init() {
	addTexts(messages, readsMessages)
	addTexts(enums, readsEnums)
}

var readsMessages = map[string]msg{
	"sup.reads": {FR: "Consultations de fiches", EN: "Records read"},
	"sup.reads.intro": {FR: "Chaque ouverture d'une fiche client dans la console est enregistrée : qui, quand, quelle fiche et pourquoi (la page ouverte). La plus récente d'abord.",
		EN: "Every opening of a customer's record in the console is recorded: who, when, which record and why (the page opened). Newest first."},
	"sup.reads.who":      {FR: "Qui", EN: "Who"},
	"sup.reads.when":     {FR: "Quand", EN: "When"},
	"sup.reads.why":      {FR: "Pourquoi", EN: "Why"},
	"sup.reads.customer": {FR: "Client (identifiant)", EN: "Customer (id)"},
	"sup.reads.customerHint": {FR: "L'identifiant de sa fiche, à la fin de l'adresse de sa page (cus_…), ou cliquez sur un nom ci-dessous.",
		EN: "His record's id, at the end of his page's address (cus_…), or click a name below."},
	"sup.reads.from":         {FR: "Du", EN: "From"},
	"sup.reads.to":           {FR: "Au (inclus)", EN: "To (included)"},
	"sup.reads.where":        {FR: "Heure locale", EN: "Local time"},
	"sup.reads.of":           {FR: "Consultations de la fiche de %s", EN: "Reads of %s's record"},
	"sup.reads.allCustomers": {FR: "Toutes les fiches", EN: "Every record"},
	"sup.reads.onlyPerson":   {FR: "Seulement les consultations de %s", EN: "Only the reads by %s"},
	"sup.reads.onlyCustomer": {FR: "Seulement la fiche de %s", EN: "Only %s's record"},
	"sup.reads.gone":         {FR: "client supprimé", EN: "customer gone"},
	"sup.reads.none":         {FR: "Aucune consultation ne correspond à ces filtres.", EN: "No read matches these filters."},
	"sup.reads.zone":         {FR: "Dates et heures en heure locale : %s (%s).", EN: "Dates and times in local time: %s (%s)."},
	"sup.reads.badDate":      {FR: "Une date n'est pas valide : écrivez-la AAAA-MM-JJ. Rien n'a été cherché.", EN: "A date is not valid: write it YYYY-MM-DD. Nothing was searched."},
	"sup.reads.badPeriod":    {FR: "La période se termine avant de commencer. Rien n'a été cherché.", EN: "The period ends before it starts. Nothing was searched."},
	"sup.reads.badCustomer": {FR: "Ce n'est pas l'identifiant d'une fiche client (cus_…) : copiez-le depuis l'adresse de sa page. Rien n'a été cherché.",
		EN: "This is not a customer record's id (cus_…): copy it from his page's address. Nothing was searched."},
	"sup.reads.badUser":   {FR: "Cette personne n'existe pas. Rien n'a été cherché.", EN: "This person does not exist. Nothing was searched."},
	"sup.reads.badFilter": {FR: "Ces filtres ne sont pas valides. Rien n'a été cherché.", EN: "These filters are not valid. Nothing was searched."},
}

// readsEnums name the reasons of reads (audit.Reasons): the page opened.
var readsEnums = map[string]msg{
	"reason.brief":         {FR: "fiche et synthèse", EN: "record and brief"},
	"reason.timeline":      {FR: "historique", EN: "timeline"},
	"reason.contact_check": {FR: "« Puis-je le contacter ? »", EN: "“May I contact him now?”"},
	"reason.case":          {FR: "dossier", EN: "case"},
	"reason.promise":       {FR: "promesse", EN: "promise"},
	"reason.offers":        {FR: "offres", EN: "offers"},
	"reason.bill":          {FR: "facture (supervision)", EN: "bill (supervision)"},
}
