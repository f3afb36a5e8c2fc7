package delivery_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

func TestFormerCustomerTextNeverGivesASubscriberOnlyNumber(t *testing.T) {
	list := []string{"614", "3 244"}
	tests := []struct {
		former bool
		text   string
		ok     bool
	}{
		{true, "Rappelez le 614 ou votre incident sera clos.", false},
		{true, "Appelez le 6 14.", false},
		{true, "Composez le 3244 depuis votre mobile.", false},
		{false, "Rappelez le 614.", true}, // a subscriber can call it
		{true, "Notre service client gratuit : 0 800 940 940.", true},
		{true, "Votre facture n° 61400 du 12 mai.", true}, // 61400 is not 614
		{true, "Le 14 juin à 16 h.", true},
	}
	for _, tt := range tests {
		err := delivery.CheckFormerCustomerText(tt.former, tt.text, list)
		if (err == nil) != tt.ok {
			t.Errorf("former=%v %q: %v", tt.former, tt.text, err)
		}
		if err != nil && (tact.ErrorCode(err) != tact.CodeSubscriberOnlyNumber || tact.ErrorField(err) != "body") {
			t.Errorf("code %q field %q", tact.ErrorCode(err), tact.ErrorField(err))
		}
	}
}

func TestValidate(t *testing.T) {
	ok := delivery.Delivery{CustomerID: "cus_x", Kind: delivery.Apology, Method: delivery.Email, To: "a@b.fr", Body: "x", Key: "k"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	insert := ok
	insert.Method, insert.To = delivery.BillInsert, ""
	if err := insert.Validate(); err != nil {
		t.Errorf("a bill insert needs no address: %v", err)
	}
	for field, edit := range map[string]func(*delivery.Delivery){
		"method": func(d *delivery.Delivery) { d.Method = "fax" },
		"to":     func(d *delivery.Delivery) { d.To = "" },
		"body":   func(d *delivery.Delivery) { d.Body = " " },
		"key":    func(d *delivery.Delivery) { d.Key = "" },
	} {
		d := ok
		edit(&d)
		if err := d.Validate(); tact.ErrorField(err) != field {
			t.Errorf("%s: %v", field, err)
		}
	}
}

func TestMethodFor(t *testing.T) {
	for ch, want := range map[tact.Channel]delivery.Method{tact.ChannelEmail: delivery.Email, tact.ChannelSMS: delivery.SMS,
		tact.ChannelLetter: delivery.Letter, tact.ChannelPhone: "", tact.Channel("bill_insert"): ""} {
		if got := delivery.MethodFor(ch); got != want {
			t.Errorf("MethodFor(%s) = %q, want %q", ch, got, want)
		}
	}
}
