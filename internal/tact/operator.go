package tact

// Operator is who speaks in what customers read: the operator's name, its free
// support number per jurisdiction (every customer-facing document shows one:
// story 1), and the numbers only subscribers can call, which no text to a
// former customer may give (story 5).
type Operator struct {
	Name           string                  `json:"name"`
	SupportPhone   map[Jurisdiction]string `json:"support_phone"`
	SubscriberOnly []string                `json:"subscriber_only_numbers"`
}

// DefaultOperator is the demo operator's profile.
func DefaultOperator() Operator {
	return Operator{
		Name:           "Opérateur Démo",
		SupportPhone:   map[Jurisdiction]string{FR: "0 800 940 940", CAQC: "1 888 555-0140"},
		SubscriberOnly: []string{"614"},
	}
}
