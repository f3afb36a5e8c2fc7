package storetest

import (
	"testing"

	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

var offerTests = []contractTest{
	{"Offers", testOffers},
}

func offerCode(o *offer.Offer) string { return o.Code }

func testOffers(t *testing.T, f *fixture) {
	put := func(code string, j tact.Jurisdiction, kind offer.Kind, active bool) *offer.Offer {
		t.Helper()
		cur := j.Currency()
		o := &offer.Offer{Code: code, Kind: kind, Jurisdiction: j, Name: tact.Text{FR: "Offre « " + code + " »", EN: "Offer " + code},
			MonthlyPrice: tact.Money{Cents: 1999, Currency: cur}, CommitmentMonths: 12,
			ValidUntil: tact.Date{Year: 2026, Month: 12, Day: 31}, Eligibility: "usage.max_data_mb > 20000 && platform == \"ios\"", Active: active}
		switch kind {
		case offer.PlanChange:
			o.PlanCode, o.Upgrade = string(j)+"-100G", true
		case offer.DeviceSale:
			o.DeviceCode, o.AnyPlatform, o.MonthlyPrice = string(j)+"-IPHONE", true, tact.Money{}
			o.Upfront, o.Instalment, o.Instalments = tact.Money{Cents: 4900, Currency: cur}, tact.Money{Cents: 2500, Currency: cur}, 24
		}
		o.Normalize()
		must(t, "Offer.Validate", o.Validate())
		must(t, "PutOffer", f.st.Offers.PutOffer(f.ctx, o))
		return o
	}
	up := put("FR-UP", tact.FR, offer.PlanChange, true)
	phone := put("QC-PHONE", tact.CAQC, offer.DeviceSale, true)
	put("FR-OLD", tact.FR, offer.PlanChange, false)
	put("FR-A", tact.FR, offer.DeviceSale, true)

	got, err := f.st.Offers.FindOfferByCode(f.ctx, "FR-UP")
	must(t, "FindOfferByCode", err)
	diff(t, "offer read back", up, got)
	got, err = f.st.Offers.FindOfferByCode(f.ctx, "QC-PHONE")
	must(t, "FindOfferByCode", err)
	diff(t, "device offer read back", phone, got)
	if _, err := f.st.Offers.FindOfferByCode(f.ctx, "FR-NONE"); tact.ErrorCode(err) != tact.CodeNotFound {
		t.Errorf("a missing offer: %v, want not_found", err)
	}

	all, err := f.st.Offers.FindOffers(f.ctx, offer.Filter{})
	must(t, "FindOffers", err)
	diff(t, "every offer, by jurisdiction (CA-QC before FR) then code", []string{"QC-PHONE", "FR-A", "FR-OLD", "FR-UP"}, codes(all, offerCode))
	fr, err := f.st.Offers.FindOffers(f.ctx, offer.Filter{Jurisdiction: tact.FR, ActiveOnly: true})
	must(t, "FindOffers", err)
	diff(t, "active French offers", []string{"FR-A", "FR-UP"}, codes(fr, offerCode))

	// Replacing an offer withdraws it from the active list.
	up.Active, up.Name.FR = false, "Offre retirée"
	must(t, "PutOffer again", f.st.Offers.PutOffer(f.ctx, up))
	fr, err = f.st.Offers.FindOffers(f.ctx, offer.Filter{Jurisdiction: tact.FR, ActiveOnly: true})
	must(t, "FindOffers", err)
	diff(t, "active French offers after the replacement", []string{"FR-A"}, codes(fr, offerCode))
	got, err = f.st.Offers.FindOfferByCode(f.ctx, "FR-UP")
	must(t, "FindOfferByCode", err)
	diff(t, "replaced offer", up, got)
}
