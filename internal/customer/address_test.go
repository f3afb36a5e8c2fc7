package customer

import (
	"slices"
	"testing"

	"github.com/tactcrm/tact/internal/tact"
)

func TestAddressLabel(t *testing.T) {
	fr := &Address{Lines: []string{"12 rue des Lilas", "Bât. B"}, PostalCode: "29200", City: "Brest", Country: "FR"}
	if got, want := fr.Label("Mme Annick Le Brusq"), "Mme Annick Le Brusq\n12 rue des Lilas\nBât. B\n29200 Brest\nFR"; got != want {
		t.Errorf("French label:\n%s\nwant\n%s", got, want)
	}
	qc := &Address{Lines: []string{"455 rue Saint-Jean"}, PostalCode: "G1R 1P3", City: "Québec", Region: "QC", Country: "CA"}
	if got, want := qc.Label("M. Réjean Tardif"), "M. Réjean Tardif\n455 rue Saint-Jean\nQuébec QC  G1R 1P3\nCA"; got != want {
		t.Errorf("Québec label:\n%s\nwant\n%s", got, want)
	}
}

// TestWrittenRoute: the preferred written channel first, then email, letter,
// SMS; never the mobile number of an ended line (it may be someone else's).
func TestWrittenRoute(t *testing.T) {
	full := func() *Customer {
		return &Customer{GivenName: "Annick", FamilyName: "Le Brusq", Salutation: Madame,
			Emails:  []Email{{Address: "a@example.fr"}, {Address: "b@example.fr", Primary: true}},
			Address: &Address{Lines: []string{"8 rue de Siam"}, PostalCode: "29200", City: "Brest", Country: "FR"},
			Phones:  []Phone{{Number: "+33612345678", Type: PhoneMobile}}}
	}
	ended := []*Line{{Number: "+33612345678", Status: LineEnded}}
	for _, tc := range []struct {
		name      string
		change    func(*Customer)
		lines     []*Line
		channel   tact.Channel
		to        string
		available []tact.Channel
	}{
		{"email first, the primary address", func(*Customer) {}, nil, tact.ChannelEmail, "b@example.fr",
			[]tact.Channel{tact.ChannelEmail, tact.ChannelLetter, tact.ChannelSMS}},
		{"a preferred letter", func(c *Customer) { c.Preferences.PreferredChannel = tact.ChannelLetter }, nil, tact.ChannelLetter,
			"Annick Le Brusq\n8 rue de Siam\n29200 Brest\nFR", []tact.Channel{tact.ChannelEmail, tact.ChannelLetter, tact.ChannelSMS}},
		{"a preferred SMS to an ended line's number", func(c *Customer) { c.Preferences.PreferredChannel = tact.ChannelSMS }, ended,
			tact.ChannelEmail, "b@example.fr", []tact.Channel{tact.ChannelEmail, tact.ChannelLetter}},
		{"a preferred phone is not written", func(c *Customer) { c.Preferences.PreferredChannel = tact.ChannelPhone }, nil,
			tact.ChannelEmail, "b@example.fr", []tact.Channel{tact.ChannelEmail, tact.ChannelLetter, tact.ChannelSMS}},
		{"only a mobile", func(c *Customer) { c.Emails, c.Address = nil, nil }, nil, tact.ChannelSMS, "+33612345678",
			[]tact.Channel{tact.ChannelSMS}},
		{"only an ended line's mobile", func(c *Customer) { c.Emails, c.Address = nil, nil }, ended, "", "", nil},
	} {
		c := full()
		tc.change(c)
		ch, to, ok := c.WrittenRoute(tc.lines)
		if ch != tc.channel || to != tc.to || ok != (tc.channel != "") {
			t.Errorf("%s: WrittenRoute = %q, %q, %v; want %q, %q", tc.name, ch, to, ok, tc.channel, tc.to)
		}
		if got := c.WrittenChannels(tc.lines); !slices.Equal(got, tc.available) {
			t.Errorf("%s: WrittenChannels = %v, want %v", tc.name, got, tc.available)
		}
	}
}
