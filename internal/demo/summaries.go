package demo

import (
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// text is a summary as an advisor would write it, in French of France, French
// of Québec (empty when the same) and English. Braces name what the generator
// fills in: {plan} (the customer's), {next} (one tier up), {device} (the
// customer's handset), {handset} (one the operator sells, of the same kind),
// {option}, {amount} (a monthly bill), {month} (the last billed month), {date}
// (a few days before), {city}, {score} (a survey mark).
type text struct{ fr, ca, en string }

// ending is one way a kind of contact ends, with its weight and its summaries.
type ending struct {
	outcome interaction.Outcome
	weight  int
	texts   []text
}

// hours says when in the customer's day a kind of contact happens.
type hours int

const (
	hoursOffice    hours = iota // customer service opening hours
	hoursSales                  // sales calls: the legal windows, with a few strays
	hoursMail                   // messages: any day, daytime
	hoursAnytime                // the customer on the web or the app
	hoursShop                   // shop opening hours
	hoursMailRound              // letters and campaigns: sent in the morning
)

// contactKind is one kind of contact in the crowd's year: who makes it, on
// which channel, why, how it ends and what the advisor wrote.
type contactKind struct {
	weight    int
	role      role
	channel   tact.Channel
	direction interaction.Direction
	purpose   tact.Purpose
	subject   string
	minutes   [2]int // duration range; zero for messages, which have no end
	hours     hours
	endings   []ending
}

var (
	noAnswer = ending{interaction.NoAnswer, 0, []text{{"Pas de réponse.", "", "No answer."}}}
	busy     = ending{interaction.Busy, 0, []text{{"Ligne occupée.", "", "Line busy."}}}
)

// delivered is the ending of a message that reached the customer.
func delivered(w int, t ...text) ending { return ending{interaction.Delivered, w, t} }

// with returns e with weight w.
func with(e ending, w int) ending { e.weight = w; return e }

// contactKinds is the crowd's year of contacts: bills and campaigns by mail,
// sales calls from the dialer and the call centre, questions by phone, chat,
// web and shop, surveys from two vendors, incident texts, reminders, letters.
var contactKinds = []contactKind{
	{weight: 14, role: roleBilling, channel: tact.ChannelEmail, direction: interaction.Outbound, purpose: tact.PurposeBilling, subject: "bill_notice", hours: hoursMailRound,
		endings: []ending{
			delivered(97, text{"Avis de facture : la facture de {month} est disponible ({amount}).", "Avis de facture : votre facture de {month} est disponible ({amount}).", "Bill notice: the {month} bill is ready ({amount})."}),
			{interaction.Failed, 3, []text{{"Avis de facture de {month} non remis : la messagerie a refusé le courriel.", "Avis de facture de {month} non remis : le courriel a été rejeté.", "{month} bill notice bounced: the mailbox refused it."}}},
		}},
	{weight: 10, role: roleMarketing, channel: tact.ChannelEmail, direction: interaction.Outbound, purpose: tact.PurposeSales, subject: "newsletter", hours: hoursMailRound,
		endings: []ending{
			delivered(98,
				text{"Lettre d'information : le {handset} à partir de 1 € avec le {next}.", "Infolettre : le {handset} à 0 $ d'acompte avec le {next}.", "Newsletter: the {handset} with nothing down on the {next}."},
				text{"Lettre d'information : les offres du moment.", "Infolettre : les promotions du moment.", "Newsletter: this month's offers."},
				text{"Offre personnalisée : {next} au prix de votre forfait actuel pendant 6 mois.", "Offre personnalisée : {next} au prix de votre forfait actuel pendant 6 mois.", "Personal offer: the {next} for the price of your plan for 6 months."}),
			{interaction.Failed, 2, []text{{"Courriel promotionnel non remis : adresse inconnue.", "Courriel promotionnel non remis : adresse inconnue.", "Promotional email bounced: unknown address."}}},
		}},
	{weight: 4, role: roleMarketing, channel: tact.ChannelSMS, direction: interaction.Outbound, purpose: tact.PurposeSales, subject: "promo_sms", hours: hoursMailRound,
		endings: []ending{delivered(100,
			text{"SMS promotionnel : option {option} offerte pendant 3 mois.", "Texto promotionnel : option {option} gratuite pendant 3 mois.", "Promotional text: the {option} option free for 3 months."},
			text{"SMS promotionnel : jusqu'à 150 € de reprise sur votre ancien mobile.", "Texto promotionnel : jusqu'à 200 $ pour votre ancien appareil.", "Promotional text: up to $200 for your old phone."})},
	},
	{weight: 7, role: roleDialer, channel: tact.ChannelPhone, direction: interaction.Outbound, purpose: tact.PurposeSales, subject: "plan_upgrade", minutes: [2]int{2, 12}, hours: hoursSales,
		endings: []ending{
			{interaction.Completed, 30, []text{
				{"Proposition de passer au {next} : le client réfléchit et rappellera.", "Proposition de passer au {next} : le client veut y penser.", "Offered the {next}: the customer will think about it."},
				{"Offre {next} présentée ; pas d'intérêt pour le moment.", "Offre {next} présentée ; pas intéressé pour l'instant.", "Presented the {next}; not interested for now."},
				{"Passage au {next} accepté, effectif au prochain cycle de facturation.", "Passage au {next} accepté, en vigueur au prochain cycle de facturation.", "Agreed to move to the {next} from the next billing cycle."},
			}},
			{interaction.Refused, 12, []text{{"Le client refuse l'offre et demande à ne plus être appelé à ce sujet.", "Le client refuse l'offre et demande qu'on cesse de l'appeler à ce sujet.", "Refused the offer and asked not to be called about it again."}}},
			with(noAnswer, 33),
			{interaction.Voicemail, 18, []text{{"Message laissé : rappel au sujet d'une offre personnalisée.", "Message laissé sur la boîte vocale au sujet d'une offre personnalisée.", "Left a voicemail about a personal offer."}}},
			with(busy, 7),
		}},
	{weight: 6, role: roleCallCentre, channel: tact.ChannelPhone, direction: interaction.Outbound, purpose: tact.PurposeSales, subject: "contract_adaptation", minutes: [2]int{3, 15}, hours: hoursSales,
		endings: []ending{
			{interaction.Completed, 30, []text{
				{"Adaptation du contrat : {next} proposé à la place du {plan}. Le client souhaite réfléchir.", "Ajustement du contrat : {next} proposé à la place du {plan}. Le client veut réfléchir.", "Contract review: offered the {next} instead of the {plan}. The customer wants to think."},
				{"Adaptation du contrat : le client accepte de recevoir l'offre par courriel.", "Ajustement du contrat : le client accepte de recevoir l'offre par courriel.", "Contract review: the customer agreed to receive the offer by email."},
			}},
			{interaction.Refused, 14, []text{{"Le client refuse la proposition d'adaptation du contrat.", "Le client refuse l'ajustement de son contrat.", "Refused the contract review offer."}}},
			with(noAnswer, 36),
			{interaction.Voicemail, 20, []text{{"Message laissé : « nous vous rappellerons pour adapter votre contrat ».", "Message laissé : « nous vous rappellerons pour ajuster votre contrat ».", "Left a voicemail: \"we will call back to review your contract\"."}}},
		}},
	{weight: 3, role: roleCallCentre, channel: tact.ChannelPhone, direction: interaction.Outbound, purpose: tact.PurposeSales, subject: "device_renewal", minutes: [2]int{2, 10}, hours: hoursSales,
		endings: []ending{
			{interaction.Completed, 40, []text{{"Renouvellement de mobile : {handset} proposé à prix préférentiel ; le client garde son {device}.", "Renouvellement d'appareil : {handset} offert à prix préférentiel ; le client garde son {device}.", "Handset renewal: offered the {handset} at a discount; the customer keeps the {device}."}}},
			{interaction.Refused, 15, []text{{"Le client refuse l'offre de renouvellement.", "Le client refuse l'offre de renouvellement.", "Refused the renewal offer."}}},
			with(noAnswer, 30), with(busy, 15),
		}},
	{weight: 2, role: roleCallCentre, channel: tact.ChannelPhone, direction: interaction.Outbound, purpose: tact.PurposeSales, subject: "retention", minutes: [2]int{4, 14}, hours: hoursSales,
		endings: []ending{
			{interaction.Completed, 60, []text{{"Fin d'engagement proche : remise de 5 € par mois proposée pendant 12 mois. Acceptée.", "Fin d'entente proche : rabais de 5 $ par mois offert pendant 12 mois. Accepté.", "Commitment ending: offered $5 off a month for 12 months. Accepted."}}},
			with(noAnswer, 40),
		}},
	{weight: 7, role: roleCustomerCare, channel: tact.ChannelPhone, direction: interaction.Inbound, purpose: tact.PurposeService, subject: "network_coverage", minutes: [2]int{4, 25}, hours: hoursOffice,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Mauvaise réception à domicile ({city}) : paramètres réseau réinitialisés, appels Wi-Fi activés.", "Mauvaise réception à la maison ({city}) : paramètres réseau réinitialisés, appels Wi-Fi activés.", "Poor reception at home ({city}): network settings reset, Wi-Fi calling turned on."},
			{"Pas de données mobiles depuis la veille : profil APN reconfiguré, résolu.", "Plus de données cellulaires depuis hier : APN reconfiguré, réglé.", "No mobile data since yesterday: APN reset, solved."},
			{"Mobile perdu : ligne suspendue, nouvelle carte SIM envoyée.", "Cellulaire perdu : ligne suspendue, nouvelle carte SIM envoyée.", "Lost phone: line suspended, new SIM sent."},
		}}}},
	{weight: 6, role: roleCustomerCare, channel: tact.ChannelPhone, direction: interaction.Inbound, purpose: tact.PurposeBilling, subject: "bill_question", minutes: [2]int{3, 18}, hours: hoursOffice,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Question sur la facture de {month} ({amount}) : hors-forfait expliqué (appel vers un numéro spécial).", "Question sur la facture de {month} ({amount}) : frais additionnels expliqués (appel interurbain).", "Question on the {month} bill ({amount}): explained an out-of-plan charge."},
			{"Demande d'échéancier pour la facture de {month} : paiement en deux fois accordé.", "Demande d'entente de paiement pour la facture de {month} : deux versements accordés.", "Asked to spread the {month} bill: two instalments granted."},
			{"Frais d'itinérance sur la facture de {month} : détail envoyé par courriel.", "Frais d'itinérance sur la facture de {month} : détail envoyé par courriel.", "Roaming charges on the {month} bill: details sent by email."},
		}}}},
	{weight: 5, role: roleChat, channel: tact.ChannelChat, direction: interaction.Inbound, purpose: tact.PurposeService, subject: "support_chat", minutes: [2]int{4, 20}, hours: hoursAnytime,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Demande de code PUK : communiqué après vérification d'identité.", "Demande de code PUK : donné après vérification d'identité.", "Asked for the PUK code: given after an identity check."},
			{"Transfert des contacts vers le {device} : procédure envoyée.", "Transfert des contacts vers le {device} : marche à suivre envoyée.", "Moving contacts to the {device}: steps sent."},
			{"Question sur l'option {option} : conditions rappelées.", "Question sur l'option {option} : conditions expliquées.", "Question on the {option} option: terms explained."},
		}}}},
	{weight: 6, role: roleApp, channel: tact.ChannelApp, direction: interaction.Inbound, purpose: tact.PurposeService, subject: "self_service", minutes: [2]int{1, 6}, hours: hoursAnytime,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Option {option} activée depuis l'application.", "Option {option} activée dans l'application.", "Turned on the {option} option in the app."},
			{"Recharge de 5 Go achetée depuis l'application.", "Ajout de 5 Go acheté dans l'application.", "Bought a 5 GB top-up in the app."},
			{"Code de portabilité demandé depuis l'application.", "Numéro de compte demandé dans l'application.", "Asked for the porting code in the app."},
		}}}},
	{weight: 5, role: roleWeb, channel: tact.ChannelWeb, direction: interaction.Inbound, purpose: tact.PurposeBilling, subject: "payment", minutes: [2]int{1, 8}, hours: hoursAnytime,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Paiement en ligne de la facture de {month} ({amount}).", "Paiement en ligne de la facture de {month} ({amount}).", "Paid the {month} bill online ({amount})."},
			{"Coordonnées bancaires mises à jour dans l'espace client.", "Informations de paiement mises à jour dans l'espace client.", "Updated payment details in the customer space."},
		}}}},
	{weight: 3, role: roleShop, channel: tact.ChannelShop, direction: interaction.Inbound, purpose: tact.PurposeService, subject: "shop_visit", minutes: [2]int{10, 45}, hours: hoursShop,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Passage en boutique : carte SIM remplacée par une eSIM sur le {device}.", "Visite en boutique : carte SIM remplacée par une eSIM sur le {device}.", "Shop visit: swapped the SIM for an eSIM on the {device}."},
			{"Passage en boutique : aide au transfert des données vers le {device}.", "Visite en boutique : aide au transfert des données vers le {device}.", "Shop visit: helped move data to the {device}."},
			{"Achat d'une coque et d'un verre trempé pour le {device}.", "Achat d'un étui et d'une protection d'écran pour le {device}.", "Bought a case and a screen protector for the {device}."},
		}}}},
	{weight: 3, role: roleSurveyA, channel: tact.ChannelEmail, direction: interaction.Outbound, purpose: tact.PurposeSurvey, subject: "satisfaction_survey", hours: hoursMailRound,
		endings: []ending{delivered(100, text{"Enquête de satisfaction envoyée après l'échange du {date}.", "Sondage de satisfaction envoyé après l'échange du {date}.", "Satisfaction survey sent after the contact of {date}."})}},
	{weight: 2, role: roleSurveyA, channel: tact.ChannelWeb, direction: interaction.Inbound, purpose: tact.PurposeSurvey, subject: "satisfaction_survey", minutes: [2]int{1, 4}, hours: hoursAnytime,
		endings: []ending{{interaction.Completed, 100, []text{{"Réponse à l'enquête de satisfaction : note {score}/10.", "Réponse au sondage de satisfaction : note {score}/10.", "Answered the satisfaction survey: {score}/10."}}}}},
	{weight: 2, role: roleSurveyB, channel: tact.ChannelPhone, direction: interaction.Outbound, purpose: tact.PurposeSurvey, subject: "satisfaction_survey", minutes: [2]int{2, 9}, hours: hoursSales,
		endings: []ending{
			{interaction.Completed, 40, []text{{"Enquête téléphonique : note {score}/10.", "Sondage téléphonique : note {score}/10.", "Phone survey: {score}/10."}}},
			{interaction.Refused, 20, []text{{"Le client refuse de répondre à l'enquête.", "Le client refuse de répondre au sondage.", "Declined the survey."}}},
			with(noAnswer, 40),
		}},
	{weight: 3, role: roleNetwork, channel: tact.ChannelSMS, direction: interaction.Outbound, purpose: tact.PurposeIncident, subject: "network_incident", hours: hoursMail,
		endings: []ending{delivered(100,
			text{"Incident réseau dans votre secteur ({city}) : rétablissement prévu avant 18 h.", "Panne réseau dans votre secteur ({city}) : rétablissement prévu avant 18 h.", "Network incident in your area ({city}): service back by 6 pm."},
			text{"Fin d'incident : le service est rétabli à {city}.", "Fin de la panne : le service est rétabli à {city}.", "Incident over: service is back in {city}."})}},
	{weight: 2, role: roleBilling, channel: tact.ChannelSMS, direction: interaction.Outbound, purpose: tact.PurposeCollection, subject: "payment_reminder", hours: hoursMailRound,
		endings: []ending{delivered(100, text{"Rappel : facture de {month} ({amount}) impayée, paiement possible en ligne.", "Rappel : facture de {month} ({amount}) impayée, paiement possible en ligne.", "Reminder: the {month} bill ({amount}) is unpaid; pay online."})}},
	{weight: 1, role: roleLetters, channel: tact.ChannelLetter, direction: interaction.Outbound, purpose: tact.PurposeCollection, subject: "dunning_letter", hours: hoursMailRound,
		endings: []ending{delivered(100, text{"Lettre de relance pour la facture de {month} ({amount}).", "Avis de retard de paiement pour la facture de {month} ({amount}).", "Dunning letter for the {month} bill ({amount})."})}},
	{weight: 1, role: roleLetters, channel: tact.ChannelLetter, direction: interaction.Outbound, purpose: tact.PurposeLegal, subject: "price_change", hours: hoursMailRound,
		endings: []ending{delivered(100, text{
			"Courrier d'information : le prix du {plan} augmente de 2 € par mois ; résiliation sans frais possible pendant quatre mois.",
			"Avis de modification du contrat : le {plan} augmente de 3 $ par mois ; résiliation sans frais possible.",
			"Notice of change: the {plan} price goes up; the customer may cancel free of charge."})}},
	{weight: 3, role: roleCustomerCare, channel: tact.ChannelPhone, direction: interaction.Outbound, purpose: tact.PurposeService, subject: "callback", minutes: [2]int{2, 10}, hours: hoursOffice,
		endings: []ending{
			{interaction.Completed, 70, []text{{"Rappel comme convenu : le problème signalé le {date} est résolu.", "Rappel tel que convenu : le problème signalé le {date} est réglé.", "Called back as agreed: the problem reported on {date} is solved."}}},
			{interaction.Voicemail, 30, []text{{"Message laissé pour le rappel convenu le {date}.", "Message laissé pour le rappel prévu le {date}.", "Left a message for the callback agreed on {date}."}}},
		}},
	{weight: 1, role: roleMarketing, channel: tact.ChannelSMS, direction: interaction.Inbound, purpose: tact.PurposeSales, subject: "opt_out", minutes: [2]int{0, 0}, hours: hoursMail,
		endings: []ending{{interaction.Completed, 100, []text{{"Réponse STOP au SMS promotionnel : désinscription enregistrée.", "Réponse ARRÊT au texto promotionnel : désabonnement enregistré.", "Replied STOP to a promotional text: unsubscribed."}}}}},
}

// Kinds for the end of a relationship: the request, its receipt, and what
// follows a departure.
var (
	cancelRequest = contactKind{role: roleCustomerCare, channel: tact.ChannelPhone, direction: interaction.Inbound, purpose: tact.PurposeCancellation, subject: "cancellation", minutes: [2]int{5, 20}, hours: hoursOffice,
		endings: []ending{{interaction.Completed, 100, []text{
			{"Demande de résiliation : date de fin et frais restants expliqués.", "Demande d'annulation du service : date de fin et frais restants expliqués.", "Cancellation request: end date and remaining fees explained."},
			{"Portabilité sortante annoncée : code RIO communiqué.", "Transfert du numéro vers un autre fournisseur annoncé.", "Porting out announced: porting details given."},
		}}}}
	cancelReceipt = contactKind{role: roleBilling, channel: tact.ChannelEmail, direction: interaction.Outbound, purpose: tact.PurposeCancellation, subject: "cancellation", hours: hoursMailRound,
		endings: []ending{delivered(100, text{"Accusé de réception de la demande de résiliation.", "Confirmation de la demande d'annulation.", "Cancellation request acknowledged."})}}
	finalBill = contactKind{role: roleBilling, channel: tact.ChannelEmail, direction: interaction.Outbound, purpose: tact.PurposeBilling, subject: "final_bill", hours: hoursMailRound,
		endings: []ending{delivered(100, text{"Facture de clôture disponible ({amount}).", "Facture finale disponible ({amount}).", "Final bill ready ({amount})."})}}
	exitSurvey = contactKind{role: roleSurveyA, channel: tact.ChannelEmail, direction: interaction.Outbound, purpose: tact.PurposeSurvey, subject: "exit_survey", hours: hoursMailRound,
		endings: []ending{delivered(100, text{"Enquête après départ envoyée.", "Sondage de départ envoyé.", "Exit survey sent."})}}
)

// Month names for summaries.
var (
	monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)
