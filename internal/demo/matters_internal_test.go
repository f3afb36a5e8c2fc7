package demo

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// says reports whether text uses one of the words (whole words, any case;
// "t'" and "m'" count as the words "t" and "m").
func says(text string, words ...string) bool {
	split := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	return slices.ContainsFunc(split, func(w string) bool { return slices.Contains(words, w) })
}

var (
	vousWords = []string{"vous", "votre", "vos"}
	tuWords   = []string{"tu", "te", "t", "ta", "ton", "tes"}
)

// TestMatterWordsSpeakAsAsked: every promise the crowd is told exists for
// "vous" and for "tu", each consistent with itself (story 4: a customer is
// addressed as they asked).
func TestMatterWordsSpeakAsAsked(t *testing.T) {
	for _, m := range matterTemplates {
		if says(m.wordsTu, vousWords...) || !says(m.wordsTu, tuWords...) {
			t.Errorf("%s: tu words %q", m.subject, m.wordsTu)
		}
		if says(m.wordsFR, tuWords...) || !says(m.wordsFR, vousWords...) {
			t.Errorf("%s: vous words %q", m.subject, m.wordsFR)
		}
	}
}
