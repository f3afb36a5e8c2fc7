package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

// campaignEntry is what tests read of a campaign's targets.
type campaignEntry struct {
	CustomerID string     `json:"customer_id"`
	Outcome    string     `json:"outcome"`
	OfferCode  string     `json:"offer_code"`
	Slot       *time.Time `json:"slot"`
	Rules      []string   `json:"rules"`
	Address    *struct {
		FormOfAddress string `json:"form_of_address"`
	} `json:"address"`
	Brief *struct {
		Address struct {
			HowTo         string `json:"how_to"`
			FormOfAddress string `json:"form_of_address"`
		} `json:"address"`
	} `json:"brief"`
}

// campaignBody is a phone campaign of the Québec world of story 4.
func campaignBody(code string, offers ...string) map[string]any {
	return map[string]any{"code": code, "name": map[string]any{"fr": "Campagne " + code, "en": "Campaign " + code},
		"jurisdiction": "CA-QC", "offers": offers, "channel": "phone", "purpose": "sales", "source": "dialer", "caller_id": "+1 514 555 0100",
		"capacity_per_day": 50, "starts": "2026-11-10", "ends": "2026-11-20", "control_percent": 0}
}

// TestStory4Campaigns: story 4 replayed as campaigns through the API. The LG
// phone campaign and the "more data" campaign do not target the Québec
// iPhone owner on the largest plan, each saying which rule kept him out; the
// iPhone campaign targets him at a moment the contact policy allows, after
// his quiet hours, with a brief that says vous.
func TestStory4Campaigns(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		// Tuesday 10 November 2026, 19:05 in Montréal: the hour of the call.
		e := newContactEnv(t, st, time.Date(2026, 11, 11, 0, 5, 0, 0, time.UTC))
		c, _ := story4World(t, e)
		e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"preferences": map[string]any{
			"quiet_hours": []map[string]any{{"from": "19:00", "to": "09:00"}}}}).must(t, http.StatusOK, nil)

		his := func(code string) campaignEntry {
			t.Helper()
			e.send("POST", "/v1/campaigns/"+code+"/plan", nil).must(t, http.StatusCreated, nil)
			var page struct{ Items []campaignEntry }
			e.get("/v1/campaigns/"+code+"/targets").must(t, http.StatusOK, &page)
			for _, x := range page.Items {
				if x.CustomerID == c.ID {
					return x
				}
			}
			t.Fatalf("%s: no entry for him in %+v", code, page.Items)
			return campaignEntry{}
		}
		for _, tc := range []struct {
			code, offer string
			rules       []string
		}{
			{"QC-LG", "QC-LG-PROMO", []string{"device_platform"}},
			{"QC-PLUS", "QC-PLUS-DATA", []string{"below_usage", "upgrade_not_above"}},
		} {
			e.send("POST", "/v1/campaigns", campaignBody(tc.code, tc.offer)).must(t, http.StatusCreated, nil)
			if got := his(tc.code); got.Outcome != "no_offer" || !slices.Equal(got.Rules, tc.rules) || got.Slot != nil {
				t.Errorf("%s: %+v, want no_offer for %v", tc.code, got, tc.rules)
			}
			var plan struct {
				Counts  map[string]int `json:"counts"`
				NoOffer map[string]int `json:"no_offer_by_rule"`
			}
			e.get("/v1/campaigns/"+tc.code+"/plan").must(t, http.StatusOK, &plan)
			if plan.Counts["target"] != 0 || plan.NoOffer[tc.rules[0]] != 1 {
				t.Errorf("%s: plan %+v", tc.code, plan)
			}
		}

		e.send("POST", "/v1/campaigns", campaignBody("QC-IPHONE", "QC-IPHONE")).must(t, http.StatusCreated, nil)
		got := his("QC-IPHONE")
		if got.Outcome != "target" || got.OfferCode != "QC-IPHONE" || got.Slot == nil {
			t.Fatalf("iPhone campaign: %+v, want him as a target with a slot", got)
		}
		if got.Address == nil || got.Address.FormOfAddress != "vous" || got.Brief == nil || got.Brief.Address.FormOfAddress != "vous" ||
			!strings.Contains(got.Brief.Address.HowTo, "Vouvoyer") {
			t.Errorf("his target does not say vous: %+v", got)
		}
		montreal, _ := time.LoadLocation("America/Toronto")
		if local := got.Slot.In(montreal); local.Format("2006-01-02 15:04") != "2026-11-11 09:00" {
			t.Errorf("slot %v, want 9:00 the next morning (his quiet hours end)", local)
		}
		var d decision
		e.send("POST", "/v1/contact-decisions", map[string]any{"customer_id": c.ID, "purpose": "sales", "channel": "phone",
			"at": got.Slot.Format(time.RFC3339), "source": "dialer", "caller_id": "+1 514 555 0100", "campaign": "QC-IPHONE"}).must(t, http.StatusCreated, &d)
		if d.Verdict != "allow" {
			t.Errorf("at his slot the contact policy says %s %+v", d.Verdict, d.Reasons)
		}
	})
}

// TestCampaignErrors: what a campaign's author gets wrong is answered with the
// field at fault, and nothing is stored.
func TestCampaignErrors(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
		story4World(t, e)
		with := func(change func(b map[string]any)) map[string]any {
			b := campaignBody("QC-X", "QC-IPHONE")
			change(b)
			return b
		}
		p := e.send("POST", "/v1/campaigns", with(func(b map[string]any) { b["target"] = "platform == \"ios\" &&\n  usage.nope > 1" })).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "target")
		if !strings.Contains(p.Detail, "line 2, column") {
			t.Errorf("detail %q, want the line and column", p.Detail)
		}
		e.send("POST", "/v1/campaigns", with(func(b map[string]any) { b["offers"] = []string{"QC-NOPE"} })).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "offers")
		e.send("POST", "/v1/campaigns", with(func(b map[string]any) { b["capacity_per_day"] = 0 })).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "capacity_per_day")
		e.send("POST", "/v1/campaigns", with(func(b map[string]any) { b["control_percent"] = 51 })).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "control_percent")
		e.send("POST", "/v1/campaigns", with(func(b map[string]any) { delete(b, "caller_id") })).wantProblem(t, http.StatusUnprocessableEntity, "required", "caller_id")
		e.send("POST", "/v1/campaigns", with(func(b map[string]any) { b["capacity"] = 10 })).wantProblem(t, http.StatusBadRequest, "unknown_field", "capacity")
		var list struct{ Items []any }
		e.get("/v1/campaigns").must(t, http.StatusOK, &list)
		if len(list.Items) != 0 {
			t.Fatalf("refused campaigns were stored: %v", list.Items)
		}

		e.send("POST", "/v1/campaigns", with(func(map[string]any) {})).must(t, http.StatusCreated, nil)
		e.send("POST", "/v1/campaigns", with(func(map[string]any) {})).must(t, http.StatusOK, nil)
		e.send("POST", "/v1/campaigns", with(func(b map[string]any) { b["capacity_per_day"] = 7 })).wantProblem(t, http.StatusConflict, "conflict", "code")
		e.get("/v1/campaigns/QC-X/targets").wantProblem(t, http.StatusNotFound, "not_found", "")
		e.get("/v1/campaigns/QC-X/plan").wantProblem(t, http.StatusNotFound, "not_found", "")
		e.send("POST", "/v1/campaigns/QC-NOPE/plan", nil).wantProblem(t, http.StatusNotFound, "not_found", "")
		e.send("POST", "/v1/campaigns/QC-X/plan", nil).must(t, http.StatusCreated, nil)
		e.get("/v1/campaigns/QC-X/targets?outcome=maybe").wantProblem(t, http.StatusUnprocessableEntity, "invalid", "outcome")
	})
}
