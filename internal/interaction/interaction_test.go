package interaction_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func valid() interaction.Interaction {
	return interaction.Interaction{CustomerID: "cus_x", Channel: tact.ChannelPhone, Direction: interaction.Outbound,
		Purpose: tact.PurposeSales, Source: "dialer-acme", CallerID: "+33123456789", StartedAt: now.Add(-time.Hour), Outcome: interaction.NoAnswer}
}

func TestValidate(t *testing.T) {
	if i := valid(); i.Validate(now) != nil {
		t.Fatal(i.Validate(now))
	}
	end := now.Add(-2 * time.Hour)
	tests := []struct {
		name  string
		edit  func(*interaction.Interaction)
		field string
	}{
		{"no source", func(i *interaction.Interaction) { i.Source = "" }, "source"},
		{"source with spaces", func(i *interaction.Interaction) { i.Source = "call centre" }, "source"},
		{"unknown channel", func(i *interaction.Interaction) { i.Channel = "fax" }, "channel"},
		{"unknown purpose", func(i *interaction.Interaction) { i.Purpose = "marketing" }, "purpose"},
		{"no start", func(i *interaction.Interaction) { i.StartedAt = time.Time{} }, "started_at"},
		{"in the future", func(i *interaction.Interaction) { i.StartedAt = now.Add(6 * time.Minute) }, "started_at"},
		{"ends before it starts", func(i *interaction.Interaction) { i.EndedAt = &end }, "ended_at"},
		{"voicemail on email", func(i *interaction.Interaction) { i.Channel, i.Outcome = tact.ChannelEmail, interaction.Voicemail }, "outcome"},
		{"delivered phone call", func(i *interaction.Interaction) { i.Outcome = interaction.Delivered }, "outcome"},
		{"outbound call without caller id", func(i *interaction.Interaction) { i.CallerID = "" }, "caller_id"},
		{"outbound SMS without caller id", func(i *interaction.Interaction) {
			i.Channel, i.Outcome, i.CallerID = tact.ChannelSMS, interaction.Delivered, ""
		}, "caller_id"},
	}
	for _, tt := range tests {
		i := valid()
		tt.edit(&i)
		if err := i.Validate(now); tact.ErrorField(err) != tt.field {
			t.Errorf("%s: got %v, want field %s", tt.name, err, tt.field)
		}
	}
	// The edges that must pass: 5 minutes of clock skew, an inbound call with no caller id.
	i := valid()
	i.StartedAt = now.Add(5 * time.Minute)
	if err := i.Validate(now); err != nil {
		t.Errorf("5 minutes ahead: %v", err)
	}
	i = valid()
	i.Direction, i.CallerID, i.Outcome = interaction.Inbound, "", interaction.Completed
	if err := i.Validate(now); err != nil {
		t.Errorf("inbound without caller id: %v", err)
	}
}

func TestWithheldCallerIDIsRecordedAsIs(t *testing.T) {
	i := valid()
	i.CallerID = interaction.CallerIDWithheld
	if err := i.Normalize("FR"); err != nil || i.CallerID != "withheld" {
		t.Fatalf("withheld: %q %v", i.CallerID, err)
	}
	if err := i.Validate(now); err != nil {
		t.Fatalf("a masked call is recorded, not refused: %v", err)
	}
	i = valid()
	i.CallerID = "01 23 45 67 89"
	if err := i.Normalize("FR"); err != nil || i.CallerID != "+33123456789" {
		t.Fatalf("caller id: %q %v", i.CallerID, err)
	}
	i.CallerID = "12"
	if err := i.Normalize("FR"); tact.ErrorField(err) != "caller_id" {
		t.Fatalf("bad caller id: %v", err)
	}
}

func TestSameReport(t *testing.T) {
	a, b := valid(), valid()
	b.ID, b.RecordedAt, b.ExternalID = "int_other", now, "x"
	if !interaction.SameReport(&a, &b) {
		t.Error("ids and recording times do not make a different report")
	}
	b.Summary = "another story"
	if interaction.SameReport(&a, &b) {
		t.Error("a different summary is a different report")
	}
	c := valid()
	end := now
	c.EndedAt = &end
	if interaction.SameReport(&a, &c) {
		t.Error("a different end is a different report")
	}
}
