package web

// The texts of times an advisor types in the customer's zone (typed_time.go),
// for every form that reads one: a time the clocks skip, and, where a time
// is shown, which of a repeated one it is. Each takes the customer's zone
// first. fr-CA reads the French: "avancer, reculer l'heure" is said there
// too.
func init() {
	addTexts(messages, typedTimeMessages)
}

var typedTimeMessages = map[string]msg{
	wallGapText: {FR: "Cette heure n'existe pas ce jour-là à l'heure du client (%s) : on avance les horloges. Choisissez une heure après le changement.",
		EN: "That time does not exist on that day in the customer's time (%s): the clocks go forward. Choose a time after the change."},
	"time.foldFirst": {FR: "À l'heure du client (%s), %s revient deux fois cette nuit-là : on recule les horloges. C'est la première fois, avant le changement (%s).",
		EN: "In the customer's time (%s), %s comes twice that night: the clocks go back. This is the first time, before the change (%s)."},
	"time.foldSecond": {FR: "À l'heure du client (%s), %s revient deux fois cette nuit-là : on recule les horloges. C'est la seconde fois, après le changement (%s).",
		EN: "In the customer's time (%s), %s comes twice that night: the clocks go back. This is the second time, after the change (%s)."},
}
