package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

// customerOffers is what tests read of GET /v1/customers/{id}/offers.
type customerOffers struct {
	Offers []struct {
		Offer struct {
			Code string `json:"code"`
		} `json:"offer"`
		LineID     string `json:"line_id"`
		Comparison struct {
			Projection []struct {
				Current struct{ Cents int64 } `json:"current"`
				Offer   struct{ Cents int64 } `json:"offer"`
			} `json:"projection"`
			Over24 struct {
				Current struct{ Cents int64 } `json:"current"`
				Offer   struct{ Cents int64 } `json:"offer"`
				Saving  struct{ Cents int64 } `json:"saving"`
			} `json:"over_24_months"`
		} `json:"comparison"`
		Reason struct{ FR, EN string } `json:"reason"`
	} `json:"offers"`
	NotOffered []struct {
		OfferCode string `json:"offer_code"`
		Reasons   []struct {
			Rule string `json:"rule"`
		} `json:"reasons"`
	} `json:"not_offered"`
}

func (c customerOffers) codes() []string {
	var out []string
	for _, o := range c.Offers {
		out = append(out, o.Offer.Code)
	}
	return out
}

func (c customerOffers) refused(code string) []string {
	var out []string
	for _, n := range c.NotOffered {
		if n.OfferCode == code {
			for _, r := range n.Reasons {
				out = append(out, r.Rule)
			}
		}
	}
	return out
}

// TestStory4Offers: the Québec iPhone owner on the largest plan, with six
// months of heavy use. The LG phone campaign's offer is not for him (his
// platform), nor the "bigger data plan" (he is on the largest, and it is
// below his use); an iPhone with his plan is, compared on his own usage.
func TestStory4Offers(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
		c, line := story4World(t, e)
		var got customerOffers
		e.get("/v1/customers/"+c.ID+"/offers").must(t, http.StatusOK, &got)
		if !slices.Equal(got.codes(), []string{"QC-IPHONE"}) {
			t.Fatalf("offers %v, want only the iPhone", got.codes())
		}
		if r := got.refused("QC-LG-PROMO"); !slices.Equal(r, []string{"device_platform"}) {
			t.Errorf("the LG phone: refused by %v, want device_platform", r)
		}
		if r := got.refused("QC-PLUS-DATA"); !slices.Equal(r, []string{"upgrade_not_above", "below_usage"}) {
			t.Errorf("the bigger plan: refused by %v, want upgrade_not_above and below_usage", r)
		}
		o := got.Offers[0]
		if o.LineID != line.ID || len(o.Comparison.Projection) != 24 {
			t.Fatalf("the iPhone offer: line %s, %d months", o.LineID, len(o.Comparison.Projection))
		}
		var cur, off int64
		for _, m := range o.Comparison.Projection {
			cur, off = cur+m.Current.Cents, off+m.Offer.Cents
		}
		if cur != 24*9500 || off != cur+9900+24*4500 || o.Comparison.Over24.Current.Cents != cur || o.Comparison.Over24.Offer.Cents != off ||
			o.Comparison.Over24.Saving.Cents != cur-off {
			t.Errorf("24 months: %+v, months add up to %d and %d", o.Comparison.Over24, cur, off)
		}
		if !strings.Contains(o.Reason.FR, "de plus sur 24 mois") || !strings.Contains(o.Reason.EN, "more over 24 months") {
			t.Errorf("reason %+v", o.Reason)
		}
	})
}

// story4World sets up, through the API, the Québec catalogue of story 4 (a
// 50 GB plan, an unlimited one, an LG phone offer, a "more data" upgrade, an
// iPhone offer) and its customer: Marc Gagnon, vous, on the unlimited plan
// with an iPhone 12 and six months of heavy use. It returns him and his line.
func story4World(t *testing.T, e *env) (customer, struct{ ID string }) {
	t.Helper()
	cad := func(c int) map[string]any { return map[string]any{"cents": c, "currency": "CAD"} }
	for _, p := range []map[string]any{
		{"code": "QC-50G", "tier": 2, "monthly_price": cad(6500), "data_mb": 50000},
		{"code": "QC-MAX", "tier": 3, "monthly_price": cad(9500), "data_mb": "unlimited"},
	} {
		p["name"] = map[string]any{"fr": p["code"], "en": p["code"]}
		p["jurisdiction"], p["voice_minutes"], p["sms"], p["active"] = "CA-QC", "unlimited", "unlimited", true
		p["tariff"] = map[string]any{"data_per_gb": cad(1500), "voice_per_minute": cad(0), "sms_each": cad(0), "roaming_data_mb": 0, "roaming_per_gb": cad(700)}
		e.send("PUT", "/v1/plans/"+p["code"].(string), p).must(t, http.StatusOK, nil)
	}
	for _, d := range []map[string]any{
		{"code": "QC-LG-VELVET", "brand": "LG", "model": "Velvet", "os": "android", "price": cad(49900)},
		{"code": "QC-IPHONE-16", "brand": "Apple", "model": "iPhone 16", "os": "ios", "price": cad(129900)},
	} {
		d["jurisdiction"], d["active"] = "CA-QC", true
		e.send("PUT", "/v1/devices/"+d["code"].(string), d).must(t, http.StatusOK, nil)
	}
	offerBody := func(code, kind string, extra map[string]any) map[string]any {
		b := map[string]any{"kind": kind, "jurisdiction": "CA-QC", "name": map[string]any{"fr": "Offre " + code, "en": "Offer " + code},
			"valid_until": "2026-12-31", "active": true}
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	e.send("PUT", "/v1/offers/QC-LG-PROMO", offerBody("QC-LG-PROMO", "device", map[string]any{"device_code": "QC-LG-VELVET",
		"instalment": cad(2000), "instalments": 24, "commitment_months": 24})).must(t, http.StatusOK, nil)
	e.send("PUT", "/v1/offers/QC-PLUS-DATA", offerBody("QC-PLUS-DATA", "plan_change", map[string]any{"plan_code": "QC-50G",
		"monthly_price": cad(6000), "upgrade": true})).must(t, http.StatusOK, nil)
	e.send("PUT", "/v1/offers/QC-IPHONE", offerBody("QC-IPHONE", "device", map[string]any{"device_code": "QC-IPHONE-16",
		"upfront": cad(9900), "instalment": cad(4500), "instalments": 24, "commitment_months": 24,
		"eligibility": "platform == \"ios\" && device_age_months >= 24"})).must(t, http.StatusOK, nil)

	body := customerBody("Gagnon")
	body["jurisdiction"], body["given_name"], body["salutation"] = "CA-QC", "Marc", "monsieur"
	body["phones"] = []map[string]any{{"number": "514 555 0199", "primary": true}}
	var c customer
	e.send("POST", "/v1/customers", body).must(t, http.StatusCreated, &c)
	var line struct{ ID string }
	e.send("POST", "/v1/customers/"+c.ID+"/lines", map[string]any{"number": "514 555 0199", "plan_code": "QC-MAX"}).must(t, http.StatusCreated, &line)
	e.send("POST", "/v1/customers/"+c.ID+"/devices", map[string]any{"brand": "Apple", "model": "iPhone 12", "os": "ios", "line_id": line.ID,
		"acquired_on": "2022-10-01"}).must(t, http.StatusCreated, nil)
	for i, mb := range []int{61000, 58000, 72000, 66000, 59000, 63000} {
		month := fmt.Sprintf("2026-%02d", 10-i)
		e.send("PUT", "/v1/lines/"+line.ID+"/usage/"+month, map[string]any{"data_mb": mb, "voice_minutes": 300, "sms": 40,
			"roaming_spend": cad(0), "third_party_spend": cad(0)}).must(t, http.StatusOK, nil)
	}

	return c, line
}

// TestOfferEligibilityRefusedAtPut: an expression that does not compile is
// refused with its line and column, and nothing is stored.
func TestOfferEligibilityRefusedAtPut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := map[string]any{"kind": "plan_change", "jurisdiction": "FR", "name": map[string]any{"fr": "x", "en": "x"}, "plan_code": "FR-X",
		"monthly_price": map[string]any{"cents": 1000, "currency": "EUR"}, "valid_until": "2026-12-31", "active": true,
		"eligibility": "usage.max_data_mb > 1000 &&\n  plan.tiers > 2"}
	p := e.send("PUT", "/v1/offers/FR-BAD", body).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "eligibility")
	if !strings.Contains(p.Detail, "line 2, column") {
		t.Errorf("detail %q does not say where", p.Detail)
	}
	e.get("/v1/offers/FR-BAD").wantProblem(t, http.StatusNotFound, "not_found", "")
}
