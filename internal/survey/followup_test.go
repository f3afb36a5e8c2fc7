package survey_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// TestFollowUpOf: rule survey_follow_up at the boundaries of each scale —
// a detractor gets a complaint case with his words and a 48-hour call back,
// a passive a follow-up due in 5 business days where he lives, a promoter
// nothing — in his form of address and language.
func TestFollowUpOf(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// Tuesday 10 November 2026, 16:00 in Paris; the 11th is Armistice Day.
	now := time.Date(2026, 11, 10, 16, 0, 0, 0, paris)
	slot := &commitment.Slot{From: now.UTC(), To: now.Add(48 * time.Hour).UTC()}
	wednesday18 := time.Date(2026, 11, 18, 16, 0, 0, 0, paris)
	vous := &customer.Customer{ID: "cus_1", Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Language: tact.LangFrFR, FormOfAddress: customer.Vous}
	tu := &customer.Customer{ID: "cus_1", Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Language: tact.LangFrFR, FormOfAddress: customer.Tu}
	english := &customer.Customer{ID: "cus_1", Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Language: tact.LangEN, FormOfAddress: customer.Vous}
	callBack := func(words string) commitment.Draft {
		return commitment.Draft{CustomerID: "cus_1", Channel: tact.ChannelPhone, Kind: commitment.CallBack, Subject: "survey_detractor", Slot: slot, Words: words}
	}
	followUp := func(words string) commitment.Draft {
		return commitment.Draft{CustomerID: "cus_1", Channel: tact.ChannelPhone, Kind: commitment.Other, Subject: "survey_follow_up", Due: wednesday18, Words: words}
	}
	complaint := func(subject, note string) *cases.Draft {
		return &cases.Draft{CustomerID: "cus_1", Category: cases.Complaint, Channel: tact.ChannelPhone, Subject: subject, Note: note}
	}
	const (
		callBackVous = "Suite à votre réponse à notre enquête, nous vous rappelons sous 48 heures."
		followVous   = "Suite à votre réponse à notre enquête, nous revenons vers vous sous 5 jours ouvrés."
	)
	for _, c := range []struct {
		name     string
		customer *customer.Customer
		scale    survey.Scale
		score    int
		verbatim string
		want     *survey.FollowUp
	}{
		{"NPS 0", vous, survey.NPS, 0, "", &survey.FollowUp{
			Case:    complaint("Client mécontent : NPS 0 (exit:cus_1)", "Réponse à l'enquête (pollster, NPS 0)"),
			Promise: callBack(callBackVous)}},
		{"NPS 6, his words in the case", vous, survey.NPS, 6, "Un appel masqué.", &survey.FollowUp{
			Case:    complaint("Client mécontent : NPS 6 (exit:cus_1)", "Réponse à l'enquête (pollster, NPS 6) : « Un appel masqué. »"),
			Promise: callBack(callBackVous)}},
		{"NPS 7", vous, survey.NPS, 7, "Bof.", &survey.FollowUp{Promise: followUp(followVous)}},
		{"NPS 8", vous, survey.NPS, 8, "", &survey.FollowUp{Promise: followUp(followVous)}},
		{"NPS 9", vous, survey.NPS, 9, "Parfait.", nil},
		{"CSAT 2", vous, survey.CSAT, 2, "", &survey.FollowUp{
			Case:    complaint("Client mécontent : CSAT 2 (exit:cus_1)", "Réponse à l'enquête (pollster, CSAT 2)"),
			Promise: callBack(callBackVous)}},
		{"CSAT 3", vous, survey.CSAT, 3, "", &survey.FollowUp{Promise: followUp(followVous)}},
		{"CSAT 4", vous, survey.CSAT, 4, "", nil},
		{"a detractor addressed as tu", tu, survey.NPS, 2, "", &survey.FollowUp{
			Case:    complaint("Client mécontent : NPS 2 (exit:cus_1)", "Réponse à l'enquête (pollster, NPS 2)"),
			Promise: callBack("Suite à ta réponse à notre enquête, nous te rappelons sous 48 heures.")}},
		{"a passive addressed as tu", tu, survey.NPS, 7, "", &survey.FollowUp{
			Promise: followUp("Suite à ta réponse à notre enquête, nous revenons vers toi sous 5 jours ouvrés.")}},
		{"a detractor in English", english, survey.NPS, 2, "", &survey.FollowUp{
			Case:    complaint("Client mécontent : NPS 2 (exit:cus_1)", "Réponse à l'enquête (pollster, NPS 2)"),
			Promise: callBack("Following your answer to our survey, we will get back to you within 48 hours.")}},
		{"a passive in English", english, survey.CSAT, 3, "", &survey.FollowUp{
			Promise: followUp("Following your answer to our survey, we will get back to you within 5 business days.")}},
	} {
		r := &survey.Response{CustomerID: "cus_1", Event: "exit:cus_1", Source: "pollster", Scale: c.scale, Score: c.score, Verbatim: c.verbatim,
			AnsweredAt: now.Add(-time.Hour)}
		if err := r.Validate(now); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, ok := survey.FollowUpOf(r, c.customer, now)
		if ok != (c.want != nil) {
			t.Errorf("%s (%s): acts %v, want %v", c.name, r.Sentiment, ok, c.want != nil)
			continue
		}
		if !ok {
			continue
		}
		if d := cmp.Diff(*c.want, got); d != "" {
			t.Errorf("%s: (-want +got)\n%s", c.name, d)
		}
	}
}
