package customer

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/tactcrm/tact/internal/tact"
)

// Filter selects customers. Results are ordered by name key, then id.
type Filter struct {
	// Search is the parsed free-text query; zero matches everyone.
	Search       Search
	Status       Status
	Jurisdiction tact.Jurisdiction
	AdvisorID    string
	After        tact.Cursor
	Limit        int
}

// Search is what an advisor typed, read as what it can be: an id, an account
// number, a phone number, an email address or the start of a name.
type Search struct {
	IDs      []string
	Accounts []string
	// Phones are E.164 candidates; a number typed without country code is read
	// in both French and North American plans.
	Phones []string
	Emails []string
	// NamePrefixes match the start of the name key ("family given").
	NamePrefixes []string
}

// IsZero reports whether s matches everyone.
func (s Search) IsZero() bool {
	return len(s.IDs)+len(s.Accounts)+len(s.Phones)+len(s.Emails)+len(s.NamePrefixes) == 0
}

// ParseQuery reads a free-text query.
func ParseQuery(q string) Search {
	q = strings.TrimSpace(q)
	var s Search
	switch {
	case q == "":
		return s
	case tact.HasPrefix(q, tact.PrefixCustomer):
		s.IDs = []string{q}
		return s
	case strings.Contains(q, "@"):
		s.Emails = []string{strings.ToLower(q)}
		return s
	}
	if digits := countDigits(q); digits >= 6 && digits*2 >= len(strings.ReplaceAll(q, " ", "")) {
		for _, region := range []string{"FR", "CA"} {
			if n, _, err := NormalizePhone(q, region); err == nil && !slices.Contains(s.Phones, n) {
				s.Phones = append(s.Phones, n)
			}
		}
	}
	if !strings.ContainsAny(q, " \t") && countDigits(q) > 0 {
		s.Accounts = []string{q}
	}
	if len(s.Phones) == 0 {
		words := strings.Fields(foldName(q))
		if len(words) > maxNameWords {
			words = words[:maxNameWords]
		}
		if len(words) > 0 {
			// Keys are family name first; people type "Réjean Tardif-Beaulieu"
			// or "Annick Le Brusq" given name first, and family names have
			// several words: try the words as typed, then every split of
			// given names before family names.
			s.NamePrefixes = append(s.NamePrefixes, strings.Join(words, " "))
			for i := 1; i < len(words); i++ {
				s.NamePrefixes = append(s.NamePrefixes, strings.Join(words[i:], " ")+" "+strings.Join(words[:i], " "))
			}
		}
	}
	return s
}

// maxNameWords bounds the words of a name query read: each split is one more
// index range to read.
const maxNameWords = 5

// NameKey is the sort and search key of a customer's name: family name then
// given name, lower case, accents and punctuation removed ("Lefèvre-Côté,
// Hélène" → "lefevre cote helene").
func NameKey(family, given string) string {
	return strings.TrimSpace(foldName(family) + " " + foldName(given))
}

func foldName(s string) string {
	// A transform.Chain keeps state between calls: one per call, never shared
	// between goroutines.
	stripMarks := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(stripMarks, s)
	if err != nil {
		out = s
	}
	out = strings.ToLower(out)
	out = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, out)
	return strings.Join(strings.Fields(out), " ")
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
