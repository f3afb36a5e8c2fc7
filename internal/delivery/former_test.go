package delivery_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

// operator is the profile the rules are tested with: the demo's numbers,
// and two subscriber-only ones, one written with a space.
var operator = tact.Operator{
	Name:           "Opérateur Démo",
	SupportPhone:   map[tact.Jurisdiction]string{tact.FR: "0 800 940 940", tact.CAQC: "1 888 555-0140"},
	SubscriberOnly: []string{"614", "3 244"},
}

// former returns a former customer of j with the given sales consents
// (channel → granted).
func former(j tact.Jurisdiction, sales map[tact.Channel]bool) *customer.Customer {
	c := customer.New(j)
	c.Status, c.FormerSince = customer.Former, tact.DateOf(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	for ch, granted := range sales {
		c.Consents = append(c.Consents, customer.Consent{Channel: ch, Purpose: tact.PurposeSales, Granted: granted,
			Source: customer.SourceWeb, Proof: "form-1", At: time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)})
	}
	return c
}

func TestFormerCustomerText(t *testing.T) {
	fr, qc := former(tact.FR, nil), former(tact.CAQC, nil)
	active := customer.New(tact.FR)
	const support = " Notre service client vous répond gratuitement au 0 800 940 940."
	// apology is a text about his promise, which passes every rule.
	apology := delivery.Delivery{Kind: delivery.Apology, Method: delivery.Email, CommitmentID: "com_1",
		Subject: "Nos excuses", Body: "Bonjour," + support}
	with := func(edit func(d *delivery.Delivery)) delivery.Delivery {
		d := apology
		edit(&d)
		return d
	}
	body := func(b string) delivery.Delivery { return with(func(d *delivery.Delivery) { d.Body = b }) }
	offer := func(m delivery.Method) delivery.Delivery {
		return with(func(d *delivery.Delivery) { d.Kind, d.Method, d.CommitmentID = delivery.Offer, m, "" })
	}
	none := tact.Code("")
	tests := []struct {
		name string
		d    delivery.Delivery
		c    *customer.Customer
		op   tact.Operator
		code tact.Code
	}{
		{"a text about his promise, with the number", apology, fr, operator, none},
		{"not former: no rule applies", body("Rappelez le 614."), active, operator, none},
		{"not former: a notice with no matter", with(func(d *delivery.Delivery) { d.Kind, d.CommitmentID = delivery.Notice, "" }), active, operator, none},
		{"not former: an offer without opt-in", offer(delivery.Email), active, operator, none},

		// RuleFormerNoSubscriberOnly.
		{"614", body("Rappelez le 614 ou votre incident sera clos." + support), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"6 14 with a space", body("Appelez le 6 14." + support), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"6.14 with a dot", body("Appelez le 6.14." + support), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"6-14 with a dash", body("Appelez le 6-14." + support), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"3244, listed as 3 244", body("Composez le 3244 depuis votre mobile." + support), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"614 in the subject", with(func(d *delivery.Delivery) { d.Subject = "Rappelez le 614" }), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"61400 is not 614", body("Votre facture n° 61400 du 12 mai." + support), fr, operator, none},
		{"a date is not 614", body("Le 14 juin à 16 h." + support), fr, operator, none},
		{"614 before a comma", body("Appelez le 614, sinon votre incident sera clos." + support), fr, operator, tact.CodeSubscriberOnlyNumber},
		{"614 in an id", body("Référence can_01KK614AB0." + support), fr, operator, none},
		{"614 in an offer code", body("Offre QC-614G." + support), fr, operator, none},
		{"an amount of 614,00 €", body("Total estimé : 614,00\u00a0€." + support), fr, operator, none},
		{"614 after a French word", body("Numéro 614." + support), fr, operator, tact.CodeSubscriberOnlyNumber},

		// RuleFormerSupportNumber.
		{"no number at all", body("Bonjour, votre dossier avance."), fr, operator, tact.CodeSupportNumberMissing},
		{"written without spaces", body("Appelez le 0800940940."), fr, operator, none},
		{"grouped otherwise", body("Appelez le 0800 940 940."), fr, operator, none},
		{"with dots", body("Appelez le 0.800.940.940."), fr, operator, none},
		{"with dashes", body("Appelez le 0-800-940-940."), fr, operator, none},
		{"in pairs", body("Appelez le 08 00 94 09 40."), fr, operator, none},
		{"only in the subject", with(func(d *delivery.Delivery) { d.Subject, d.Body = "Appelez le 0 800 940 940", "Bonjour." }), fr, operator, none},
		{"split over a line break", body("Appelez le 0 800\n940 940."), fr, operator, tact.CodeSupportNumberMissing},
		{"a digit short", body("Appelez le 0 800 940 94."), fr, operator, tact.CodeSupportNumberMissing},
		{"a digit too many", body("Appelez le 0 800 940 9400."), fr, operator, tact.CodeSupportNumberMissing},
		{"run into other figures", body("Appelez le 0 800 940 940 7 j/7."), fr, operator, tact.CodeSupportNumberMissing},
		{"glued to a word", body("Appelez le Tel0800940940."), fr, operator, tact.CodeSupportNumberMissing},
		{"in brackets", body("Notre service client (0 800 940 940) vous répond."), fr, operator, none},
		{"France given Québec's number", body("Appelez le 1 888 555-0140."), fr, operator, tact.CodeSupportNumberMissing},
		{"Québec given France's number", body("Appelez le 0 800 940 940."), qc, operator, tact.CodeSupportNumberMissing},
		{"Québec given its own", body("Appelez le 1-888-555-0140."), qc, operator, none},
		{"no number configured for Québec", body("Appelez le 1 888 555-0140."), qc,
			tact.Operator{Name: "X", SupportPhone: map[tact.Jurisdiction]string{tact.FR: "0 800 940 940"}}, tact.CodeSupportNumberMissing},

		// RuleFormerOwnMatter.
		{"a notice about no matter", with(func(d *delivery.Delivery) { d.Kind, d.CommitmentID = delivery.Notice, "" }), fr, operator, tact.CodeFormerNoMatter},
		{"an apology about no matter", with(func(d *delivery.Delivery) { d.CommitmentID = "" }), fr, operator, tact.CodeFormerNoMatter},
		{"a notice about his case", with(func(d *delivery.Delivery) { d.Kind, d.CommitmentID, d.CaseID = delivery.Notice, "", "cas_1" }), fr, operator, none},
		{"a receipt without a case", with(func(d *delivery.Delivery) { d.Kind, d.CommitmentID = delivery.Receipt, "" }), fr, operator, none},
		{"a receipt without the number", with(func(d *delivery.Delivery) { d.Kind, d.CommitmentID, d.Body = delivery.Receipt, "", "Reçu." }), fr, operator, tact.CodeSupportNumberMissing},
		{"a security notice without a case", with(func(d *delivery.Delivery) { d.Kind, d.CommitmentID = delivery.Security, "" }), fr, operator, none},
		{"a security notice without the number", with(func(d *delivery.Delivery) {
			d.Kind, d.CommitmentID, d.Body = delivery.Security, "", "Mot de passe changé."
		}), fr, operator, tact.CodeSupportNumberMissing},

		// RuleFormerNoMarketing.
		{"an offer without opt-in", offer(delivery.Email), fr, operator, tact.CodeFormerMarketing},
		{"an offer with his opt-in by email", offer(delivery.Email), former(tact.FR, map[tact.Channel]bool{tact.ChannelEmail: true}), operator, none},
		{"an offer by email, opted in by sms only", offer(delivery.Email), former(tact.FR, map[tact.Channel]bool{tact.ChannelSMS: true}), operator, tact.CodeFormerMarketing},
		{"an offer by email, having refused by email", offer(delivery.Email), former(tact.FR, map[tact.Channel]bool{tact.ChannelEmail: false}), operator, tact.CodeFormerMarketing},
		{"a bill insert, opted in by letter", offer(delivery.BillInsert), former(tact.FR, map[tact.Channel]bool{tact.ChannelLetter: true}), operator, none},
		{"a bill insert, opted in by email only", offer(delivery.BillInsert), former(tact.FR, map[tact.Channel]bool{tact.ChannelEmail: true}), operator, tact.CodeFormerMarketing},
		{"an offer keeping his promise, no opt-in", with(func(d *delivery.Delivery) { d.Kind = delivery.Offer }), fr, operator, tact.CodeFormerMarketing},
		{"an offer with opt-in still needs the number", with(func(d *delivery.Delivery) { d.Kind, d.Body = delivery.Offer, "Notre offre." }),
			former(tact.FR, map[tact.Channel]bool{tact.ChannelEmail: true}), operator, tact.CodeSupportNumberMissing},
		{"best-tariff advice without opt-in", with(func(d *delivery.Delivery) { d.Kind = delivery.BestTariff }), fr, operator, tact.CodeFormerMarketing},
		{"commitment-end notice without opt-in", with(func(d *delivery.Delivery) { d.Kind = delivery.CommitmentEnd }), fr, operator, tact.CodeFormerMarketing},
		{"whether he may be written to comes first", with(func(d *delivery.Delivery) { d.Kind, d.Body = delivery.Offer, "Rappelez le 614." }), fr, operator, tact.CodeFormerMarketing},
	}
	field := map[tact.Code]string{tact.CodeSubscriberOnlyNumber: "body", tact.CodeSupportNumberMissing: "body",
		tact.CodeFormerNoMatter: "kind", tact.CodeFormerMarketing: "kind"}
	for _, tt := range tests {
		err := delivery.CheckFormerCustomerText(&tt.d, tt.c, tt.op)
		if got := tact.ErrorCode(err); got != tt.code {
			t.Errorf("%s: code %q, want %q (%v)", tt.name, got, tt.code, err)
			continue
		}
		if err != nil && tact.ErrorField(err) != field[tt.code] {
			t.Errorf("%s: field %q, want %q", tt.name, tact.ErrorField(err), field[tt.code])
		}
	}
}
