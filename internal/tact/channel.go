package tact

// Channel is a way of reaching, or being reached by, a customer.
type Channel string

// Channels. Phone, SMS, email and letter reach a customer; the others are where a
// customer reaches the operator.
const (
	ChannelPhone  Channel = "phone"
	ChannelSMS    Channel = "sms"
	ChannelEmail  Channel = "email"
	ChannelLetter Channel = "letter"
	ChannelChat   Channel = "chat"
	ChannelWeb    Channel = "web"
	ChannelApp    Channel = "app"
	ChannelShop   Channel = "shop"
)

// Channels lists every channel, in a stable order.
var Channels = []Channel{ChannelPhone, ChannelSMS, ChannelEmail, ChannelLetter, ChannelChat, ChannelWeb, ChannelApp, ChannelShop}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return oneOf(c, Channels) }

// Outbound reports whether the operator can start a contact on c; consents and
// preferred channels are about these.
func (c Channel) Outbound() bool {
	return c == ChannelPhone || c == ChannelSMS || c == ChannelEmail || c == ChannelLetter
}

// Purpose is why a contact is made. The contact policy judges each purpose by
// its own rules: a sales call is not a service call.
type Purpose string

// Purposes.
const (
	PurposeSales        Purpose = "sales"        // any commercial solicitation: offers, retention, upgrades
	PurposeService      Purpose = "service"      // the customer's own open matter
	PurposeBilling      Purpose = "billing"      // bills and payments, outside dunning
	PurposeCollection   Purpose = "collection"   // dunning steps
	PurposeSurvey       Purpose = "survey"       // satisfaction and opinion surveys
	PurposeIncident     Purpose = "incident"     // an outage or technical incident affecting the customer
	PurposeCancellation Purpose = "cancellation" // leaving, port-out
	PurposeLegal        Purpose = "legal"        // a notice the law requires
)

// Purposes lists every purpose, in a stable order.
var Purposes = []Purpose{PurposeSales, PurposeService, PurposeBilling, PurposeCollection, PurposeSurvey, PurposeIncident, PurposeCancellation, PurposeLegal}

// Valid reports whether p is a known purpose.
func (p Purpose) Valid() bool { return oneOf(p, Purposes) }

func oneOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// Text is a customer- or advisor-facing text in French and English. fr-FR and
// fr-CA share the French text unless a caller needs to tell them apart.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text for a language tag ("fr-FR", "fr-CA", "en"); French is the
// default.
func (t Text) In(lang string) string {
	if len(lang) >= 2 && lang[:2] == "en" && t.EN != "" {
		return t.EN
	}
	return t.FR
}
