package web

// The texts of times an advisor types in the customer's zone (typed_time.go),
// for every form that reads one: a time the clocks skip. It takes the
// customer's zone. fr-CA reads the French: "avancer, reculer l'heure" is said there
// too.
func init() {
	addTexts(messages, typedTimeMessages)
}

var typedTimeMessages = map[string]msg{
	wallGapText: {FR: "Cette heure n'existe pas ce jour-là à l'heure du client (%s) : on avance les horloges. Choisissez une heure après le changement.",
		EN: "That time does not exist on that day in the customer's time (%s): the clocks go forward. Choose a time after the change."},
}
