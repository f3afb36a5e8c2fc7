// Package wording writes what customers read: dates, amounts and greetings in
// French (fr-FR, fr-CA) and English, addressing the customer as they asked
// ("vous" unless they chose "tu"). Text generators in the domain packages use
// it so a date reads the same in an apology, an offer and a receipt.
package wording

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

var (
	frDays   = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// French reports whether lang is French (fr-FR or fr-CA).
func French(lang tact.Language) bool { return strings.HasPrefix(string(lang), "fr") }

// Date writes a day as people write it: "mardi 19 mai 2026", "vendredi 1er mai
// 2026", "Tuesday 19 May 2026".
func Date(t time.Time, lang tact.Language) string {
	if !French(lang) {
		return t.Format("Monday 2 January 2006")
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", frDays[t.Weekday()], day, frMonths[t.Month()-1], t.Year())
}

// ShortDate writes a day without its weekday or year: "12 mai", "12 May".
func ShortDate(t time.Time, lang tact.Language) string {
	if !French(lang) {
		return t.Format("2 January")
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + frMonths[t.Month()-1]
}

// Money writes an amount as the customer's language does: "12,50 €" (fr-FR),
// "12,50 $" (fr-CA), "€12.50" and "CA$12.50" (en). Thousands are grouped with a
// narrow no-break space in French, a comma in English.
func Money(m tact.Money, lang tact.Language) string {
	neg := m.Cents < 0
	c := m.Cents
	if neg {
		c = -c
	}
	units := group(c/100, French(lang))
	cents := fmt.Sprintf("%02d", c%100)
	var s string
	switch {
	case French(lang) && m.Currency == tact.CAD:
		s = units + "," + cents + "\u00a0$"
	case French(lang):
		s = units + "," + cents + "\u00a0€"
	case m.Currency == tact.CAD:
		s = "CA$" + units + "." + cents
	default:
		s = "€" + units + "." + cents
	}
	if neg {
		s = "-" + s
	}
	return s
}

func group(n int64, french bool) string {
	s := strconv.FormatInt(n, 10)
	sep := ","
	if french {
		sep = "\u202f"
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// Person is whom a text addresses.
type Person struct {
	GivenName  string
	FamilyName string
	// Salutation is "madame", "monsieur" or "none".
	Salutation string
	// Tu is true when the customer asked to be addressed "tu".
	Tu       bool
	Language tact.Language
}

// Title returns the courtesy title and family name ("Madame Roux", "Mr
// Gagnon"), or the full name when the customer chose none.
func (p Person) Title() string {
	full := strings.TrimSpace(p.GivenName + " " + p.FamilyName)
	switch {
	case p.Salutation == "madame" && French(p.Language):
		return "Madame " + p.FamilyName
	case p.Salutation == "monsieur" && French(p.Language):
		return "Monsieur " + p.FamilyName
	case p.Salutation == "madame":
		return "Ms " + p.FamilyName
	case p.Salutation == "monsieur":
		return "Mr " + p.FamilyName
	}
	return full
}

// Greeting opens a letter or a call: "Bonjour Madame Roux," — or, for a
// customer who asked for "tu", "Bonjour Camille,".
func (p Person) Greeting() string {
	name := p.Title()
	if p.Tu && p.GivenName != "" {
		name = p.GivenName
	}
	if French(p.Language) {
		return "Bonjour " + name + ","
	}
	return "Hello " + name + ","
}

// HowToAddress is the advisor's reminder before a word is said:
// "Vouvoyer — M. Gagnon", "Tutoyer — Camille", "Address as Mr Gagnon".
func (p Person) HowToAddress() string {
	short := strings.TrimSpace(p.GivenName + " " + p.FamilyName)
	switch p.Salutation {
	case "madame":
		short = "Mme " + p.FamilyName
	case "monsieur":
		short = "M. " + p.FamilyName
	}
	switch {
	case !French(p.Language):
		return "Address as " + Person{GivenName: p.GivenName, FamilyName: p.FamilyName, Salutation: p.Salutation, Language: tact.LangEN}.Title() + " (English)"
	case p.Tu:
		name := p.GivenName
		if name == "" {
			name = short
		}
		return "Tutoyer — " + name
	}
	return "Vouvoyer — " + short
}

// VousTu returns the first text when the customer is addressed "vous" (or in
// English), the second when "tu": a sentence is written twice, never
// assembled from pieces.
func (p Person) VousTu(vous, tu string) string {
	if p.Tu && French(p.Language) {
		return tu
	}
	return vous
}
