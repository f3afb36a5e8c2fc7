package delivery_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

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

func TestMethodChannel(t *testing.T) {
	for m, want := range map[delivery.Method]tact.Channel{delivery.Email: tact.ChannelEmail, delivery.SMS: tact.ChannelSMS,
		delivery.Letter: tact.ChannelLetter, delivery.BillInsert: tact.ChannelLetter} {
		if got := m.Channel(); got != want {
			t.Errorf("%s.Channel() = %s, want %s", m, got, want)
		}
	}
}
