package offer_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

func compare(t *testing.T, o *offer.Offer, s offer.Subject, cat offer.Catalog) *offer.Comparison {
	t.Helper()
	c, err := offer.Compare(o, s, cat)
	if err != nil {
		t.Fatal(err)
	}
	// The totals add up from the months, whatever the offer.
	var cur12, off12, cur24, off24 int64
	for i, m := range c.Projection {
		if i < 12 {
			cur12, off12 = cur12+m.Current.Cents, off12+m.Offer.Cents
		}
		cur24, off24 = cur24+m.Current.Cents, off24+m.Offer.Cents
	}
	if len(c.Projection) != offer.ProjectionMonths || c.Over12.Current.Cents != cur12 || c.Over12.Offer.Cents != off12 ||
		c.Over24.Current.Cents != cur24 || c.Over24.Offer.Cents != off24 ||
		c.Over12.Saving.Cents != cur12-off12 || c.Over24.Saving.Cents != cur24-off24 {
		t.Errorf("totals do not add up from the %d months: %+v %+v", len(c.Projection), c.Over12, c.Over24)
	}
	return c
}

// TestComparePlanChange: overage by started gigabyte (1 MB over is a GB, 1,000
// MB over is one, 2,500 over is three), the months repeated oldest first.
func TestComparePlanChange(t *testing.T) {
	s, cat := fixture()
	c := compare(t, planOffer("FR-100G", true), s, cat)
	wantHistory := []int64{1500, 2500, 1500, 1500, 1500, 4500} // 18.0, 21.0, 19.5, 20.0, 17.0, 22.5 GB on a 20 GB plan at €10/GB
	for i, m := range c.History {
		if m.Current.Cents != wantHistory[i] || m.Offer.Cents != 2200 || m.Month != s.Usage[i].Month {
			t.Errorf("history %d: %+v, want current %d, offer 2200", i, m, wantHistory[i])
		}
	}
	if c.Projection[0].Month != "2026-05" || c.Projection[0].Current.Cents != 4500 || c.Projection[6].Month != "2026-05" {
		t.Errorf("projection starts from the oldest month: %+v", c.Projection[:7])
	}
	if c.Over24.Current.Cents != 4*13000 || c.Over24.Offer.Cents != 24*2200 || c.Over24.Saving.Cents != -800 {
		t.Errorf("24 months: %+v", c.Over24)
	}
	if c.Monthly.Current.Cents != 13000/6 || c.Monthly.Offer.Cents != 2200 {
		t.Errorf("monthly: %+v", c.Monthly)
	}
	if len(c.Gains) != 1 || c.Gains[0].FR != "+80 Go de données par mois" || c.Gains[0].EN != "+80 GB of data a month" {
		t.Errorf("gains %+v", c.Gains)
	}
	s.Usage[0].DataMB = 20001
	if c := compare(t, planOffer("FR-100G", true), s, cat); c.History[0].Current.Cents != 2500 {
		t.Errorf("1 MB over is a started gigabyte: %+v", c.History[0])
	}
}

// TestCompareDeviceAndRoaming: the device's upfront in month 1 and its
// instalments for their months; roaming beyond the included data.
func TestCompareDeviceAndRoaming(t *testing.T) {
	s, cat := fixture()
	for _, u := range s.Usage {
		u.DataMB = 10000
	}
	s.Usage[0].RoamingDataMB = 6000 // 5 GB included: 1 GB at €7
	o := &offer.Offer{Code: "O-IPHONE", Kind: offer.DeviceSale, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"}, DeviceCode: "FR-IPHONE-16",
		Upfront: eur(4900), Instalment: eur(2000), Instalments: 10, CommitmentMonths: 24, ValidUntil: today, Active: true}
	c := compare(t, o, s, cat)
	if c.History[0].Current.Cents != 1500+700 {
		t.Errorf("roaming beyond 5 GB: %+v", c.History[0])
	}
	wantCur := int64(24*1500 + 4*700) // the roaming month comes back every six months
	if c.Over24.Current.Cents != wantCur || c.Over24.Offer.Cents != wantCur+4900+10*2000 {
		t.Errorf("24 months: %+v, want current %d and offer %d", c.Over24, wantCur, wantCur+4900+10*2000)
	}
	if c.Projection[10].Offer.Cents != c.Projection[10].Current.Cents || c.Projection[9].Offer.Cents != c.Projection[9].Current.Cents+2000 {
		t.Errorf("ten instalments: month 10 %+v, month 11 %+v", c.Projection[9], c.Projection[10])
	}
	if len(c.Losses) != 1 || c.Losses[0].EN != "A 24-month commitment" || len(c.Gains) != 1 || c.Gains[0].FR != "Un Apple iPhone 16" {
		t.Errorf("gains %+v, losses %+v", c.Gains, c.Losses)
	}
}

// TestCompareOption: a data pack raises the allowance the overage is
// counted from.
func TestCompareOption(t *testing.T) {
	s, cat := fixture()
	o := &offer.Offer{Code: "O-PACK", Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"}, OptionCode: "FR-DATA-10G",
		MonthlyPrice: eur(400), ValidUntil: today, Active: true}
	c := compare(t, o, s, cat)
	for i, m := range c.History {
		if m.Offer.Cents != 1500+400 {
			t.Errorf("month %d with the pack: %+v", i, m)
		}
	}
	if c.Over24.Saving.Cents != 4*13000-24*1900 {
		t.Errorf("saving %+v", c.Over24)
	}
}

// TestRank: the customer's saving first, then the operator's revenue, then
// the code; each with its line.
func TestRank(t *testing.T) {
	s, cat := fixture()
	pack := &offer.Offer{Code: "O-PACK", Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"}, OptionCode: "FR-DATA-10G",
		MonthlyPrice: eur(400), ValidUntil: today, Active: true}
	cheapPack := *pack
	cheapPack.Code, cheapPack.MonthlyPrice = "O-PACK-2", eur(300)
	var list []*offer.Candidate
	for _, o := range []*offer.Offer{planOffer("FR-100G", true), pack, &cheapPack} {
		list = append(list, &offer.Candidate{Offer: o, Comparison: compare(t, o, s, cat)})
	}
	offer.Rank(list)
	if list[0].Offer.Code != "O-PACK-2" || list[1].Offer.Code != "O-PACK" || list[2].Offer.Code != "O-FR-100G" {
		t.Errorf("order %s %s %s", list[0].Offer.Code, list[1].Offer.Code, list[2].Offer.Code)
	}
	if list[0].Reason.FR != "Vous économisez 88,00\u00a0€ sur 24 mois." || list[2].Reason.EN != "Costs €8.00 more over 24 months." {
		t.Errorf("reasons %q / %q", list[0].Reason.FR, list[2].Reason.EN)
	}
}
