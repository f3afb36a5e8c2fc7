package offer_test

import (
	"errors"
	"testing"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

func TestCheckItems(t *testing.T) {
	_, cat := fixture()
	cat.Plans["QC-10G"] = &catalog.Plan{Code: "QC-10G", Jurisdiction: tact.CAQC}
	tests := []struct {
		name string
		o    offer.Offer
		want map[string]string // field → message
	}{
		{"plan of the catalogue", offer.Offer{Jurisdiction: tact.FR, PlanCode: "FR-100G"}, nil},
		{"bundle of the catalogue", offer.Offer{Jurisdiction: tact.FR, PlanCode: "FR-100G", DeviceCode: "FR-IPHONE-16"}, nil},
		{"option of the catalogue", offer.Offer{Jurisdiction: tact.FR, OptionCode: "FR-DATA-10G"}, nil},
		{"missing plan", offer.Offer{Jurisdiction: tact.FR, PlanCode: "FR-1T"}, map[string]string{"plan_code": "plan FR-1T is not in the catalogue"}},
		{"plan of Québec in a French offer", offer.Offer{Jurisdiction: tact.FR, PlanCode: "QC-10G"},
			map[string]string{"plan_code": "plan QC-10G is of the CA-QC catalogue, the offer of FR"}},
		{"both items of a bundle wrong, both named", offer.Offer{Jurisdiction: tact.CAQC, PlanCode: "QC-10G", DeviceCode: "FR-IPHONE-16", OptionCode: "nope"},
			map[string]string{"device_code": "device FR-IPHONE-16 is of the FR catalogue, the offer of CA-QC", "option_code": "option nope is not in the catalogue"}},
	}
	for _, tt := range tests {
		err := tt.o.CheckItems(cat)
		got := map[string]string{}
		if err != nil {
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var te *tact.Error
				if !errors.As(e, &te) || te.Code != tact.CodeInvalid {
					t.Fatalf("%s: %v is not an invalid *tact.Error", tt.name, e)
				}
				got[te.Field] = te.Message
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
		for f, m := range tt.want {
			if got[f] != m {
				t.Errorf("%s: %s: got %q, want %q", tt.name, f, got[f], m)
			}
		}
	}
}
