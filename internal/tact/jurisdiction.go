package tact

// Jurisdiction is the legal system whose consumer and telecom rules apply.
type Jurisdiction string

// Jurisdictions tact knows.
const (
	FR   Jurisdiction = "FR"    // France
	CAQC Jurisdiction = "CA-QC" // Québec, Canada
)

// Valid reports whether j is a known jurisdiction.
func (j Jurisdiction) Valid() bool { return j == FR || j == CAQC }

// Currency returns the currency the jurisdiction bills in.
func (j Jurisdiction) Currency() Currency {
	if j == CAQC {
		return CAD
	}
	return EUR
}

// PhoneRegion returns the region phone numbers written without a country code
// belong to.
func (j Jurisdiction) PhoneRegion() string {
	if j == CAQC {
		return "CA"
	}
	return "FR"
}

// DefaultTimeZone returns the zone of the jurisdiction's main population.
func (j Jurisdiction) DefaultTimeZone() string {
	if j == CAQC {
		return "America/Toronto" // Montréal's zone in the IANA database
	}
	return "Europe/Paris"
}

// DefaultLanguage returns the language a customer of j is written to unless
// they chose another.
func (j Jurisdiction) DefaultLanguage() Language {
	if j == CAQC {
		return LangFrCA
	}
	return LangFrFR
}

// Language is the language a customer reads and is spoken to in.
type Language string

// Languages.
const (
	LangFrFR Language = "fr-FR"
	LangFrCA Language = "fr-CA"
	LangEN   Language = "en"
)

// Valid reports whether l is a known language.
func (l Language) Valid() bool { return l == LangFrFR || l == LangFrCA || l == LangEN }
