package web

// a11yMessages are texts only assistive technologies read: names of table
// headers that need none on the screen.
var a11yMessages = map[string]msg{
	// The first column of an offer's comparison in the space: the rows are
	// "a month", "over 12 months", "over 24 months".
	"space.offers.period": {FR: "Période", EN: "Period"},
}

func init() { addTexts(messages, a11yMessages) }
