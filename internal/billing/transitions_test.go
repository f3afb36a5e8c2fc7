package billing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// TestRelease: only a held bill, only with a reason.
func TestRelease(t *testing.T) {
	b := bill(planLine(2000))
	b.Status = billing.OnHold
	if _, err := billing.Release(b, "  "); tact.ErrorField(err) != "reason" {
		t.Errorf("release without a reason: %v", err)
	}
	ev, err := billing.Release(b, "Erreur de tarification corrigée avec le client")
	if err != nil || b.Status != billing.Validated || ev.Kind != billing.Released || ev.From != billing.OnHold || ev.To != billing.Validated || ev.Reason == "" {
		t.Errorf("release: %v %+v %s", err, ev, b.Status)
	}
	if _, err := billing.Release(b, "encore"); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("releasing a validated bill: %v", err)
	}
}

// TestAdjust: the €149,000 line corrected, the bill reviewed again; a bill
// that has left is not adjusted.
func TestAdjust(t *testing.T) {
	history := []int64{2000, 2000, 2000}
	b := bill(planLine(2000), billing.Line{Kind: billing.Usage, Description: "Données", Amount: eur(14_898_000)})
	r := billing.ReviewBill(b, billing.Facts{Location: paris, History: history}, frRules())
	b.Review = &r
	if b.Status != billing.OnHold {
		t.Fatalf("status %s", b.Status)
	}
	fixed := []billing.Line{planLine(2000), {Kind: billing.Usage, Description: "Données", Amount: eur(1490)}}
	ev, err := billing.Adjust(b, fixed, "Relevé de consommation erroné", billing.Facts{Location: paris, History: history}, frRules())
	if err != nil || b.Status != billing.Validated || b.Total.Cents != 3490 || len(b.Review.Findings) != 0 || ev.From != billing.OnHold || ev.To != billing.Validated {
		t.Errorf("adjust: %v, %s %d %+v %+v", err, b.Status, b.Total.Cents, b.Review, ev)
	}
	bad := []billing.Line{{Kind: "gift", Description: "x", Amount: eur(1)}}
	if _, err := billing.Adjust(b, bad, "x", billing.Facts{Location: paris}, frRules()); tact.ErrorField(err) != "lines[0].kind" || b.Total.Cents != 3490 {
		t.Errorf("an invalid adjustment: %v, and the bill is left as it was (%d)", err, b.Total.Cents)
	}
	b.Status = billing.Sent
	if _, err := billing.Adjust(b, fixed, "x", billing.Facts{Location: paris}, frRules()); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("adjusting a sent bill: %v", err)
	}
}

// TestReport: what the billing system may say, in order.
func TestReport(t *testing.T) {
	for _, c := range []struct {
		name string
		from billing.Status
		to   billing.Status
		paid int64
		ok   bool
	}{
		{"validated → sent", billing.Validated, billing.Sent, 0, true},
		{"held → sent", billing.OnHold, billing.Sent, 0, false},
		{"sent → partly paid", billing.Sent, billing.PartiallyPaid, 1000, true},
		{"partly paid in full is settled", billing.Sent, billing.PartiallyPaid, 2000, false},
		{"sent → settled in full", billing.Sent, billing.Settled, 2000, true},
		{"settled one cent short", billing.Sent, billing.Settled, 1999, false},
		{"paid more than the total", billing.Sent, billing.PartiallyPaid, 2001, false},
		{"disputed → settled", billing.Disputed, billing.Settled, 2000, true},
		{"settled → sent", billing.Settled, billing.Sent, 0, false},
		{"in his favour: validated → sent", billing.Validated, billing.Sent, 0, true},
		{"in his favour: settled with nothing paid", billing.Sent, billing.Settled, 0, true},
		{"in his favour: a cent paid", billing.Sent, billing.PartiallyPaid, 1, false},
	} {
		b := bill(planLine(2000))
		if strings.HasPrefix(c.name, "in his favour") {
			b = bill(planLine(1000), billing.Line{Kind: billing.Credit, Description: "Avoir", Amount: eur(-4500)})
		}
		b.Status = c.from
		_, err := billing.Report(b, c.to, c.paid)
		if (err == nil) != c.ok || (c.ok && (b.Status != c.to || b.Paid.Cents != c.paid)) {
			t.Errorf("%s: %v, bill %s paid %d", c.name, err, b.Status, b.Paid.Cents)
		}
	}
}

// TestPendingNetsADisputeOnce: a credit issued for an open dispute is not
// netted again (the disputed amount is already frozen); once the dispute is
// closed, or for any other credit, it is.
func TestPendingNetsADisputeOnce(t *testing.T) {
	notes := []*billing.CreditNote{
		{Status: billing.CreditPending, Amount: eur(799), DisputeID: "dsp_1"},
		{Status: billing.CreditPending, Amount: eur(500)},
		{Status: billing.CreditApplied, Amount: eur(900)},
	}
	if got := billing.Pending(notes, []billing.Dispute{{ID: "dsp_1", Open: true}}); got != 500 {
		t.Errorf("with the dispute open: %d, want 500", got)
	}
	if got := billing.Pending(notes, []billing.Dispute{{ID: "dsp_1", Open: false}}); got != 1299 {
		t.Errorf("with the dispute closed: %d, want 1299", got)
	}
	if got := billing.Pending(notes, nil); got != 1299 {
		t.Errorf("a dispute of another bill: %d, want 1299", got)
	}
}

// TestResolveDispute: an open dispute ends once, with words the customer may
// read; its amount is no longer frozen.
func TestResolveDispute(t *testing.T) {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, paris)
	for _, c := range []struct {
		name       string
		open       bool
		resolution string
		code       tact.Code
	}{
		{"open, with a resolution", true, "  Avoir de 7,99 € émis.  ", ""},
		{"open, without one", true, " ", tact.CodeRequired},
		{"open, with too long a one", true, strings.Repeat("x", 501), tact.CodeRequired},
		{"already resolved", false, "Encore.", tact.CodeInvalidTransition},
	} {
		d := billing.Dispute{ID: "dsp_1", Amount: eur(799), Open: c.open}
		err := billing.ResolveDispute(&d, c.resolution, at)
		if got := tact.ErrorCode(err); got != c.code {
			t.Errorf("%s: %v, want code %q", c.name, err, c.code)
			continue
		}
		if c.code != "" {
			continue
		}
		if d.Open || d.Resolution != "Avoir de 7,99 € émis." || d.ResolvedAt == nil || !d.ResolvedAt.Equal(at) || d.ResolvedAt.Location() != time.UTC {
			t.Errorf("%s: %+v", c.name, d)
		}
		if got := billing.Frozen([]billing.Dispute{d}); got != 0 {
			t.Errorf("%s: %d still frozen", c.name, got)
		}
	}
}

// TestStatusLeft: a bill reaches its customer once its review let it go,
// never while new or held; an unknown status is not one that left.
func TestStatusLeft(t *testing.T) {
	for _, tc := range []struct {
		status billing.Status
		left   bool
	}{
		{billing.New, false}, {billing.OnHold, false}, {billing.Validated, true}, {billing.Sent, true},
		{billing.PartiallyPaid, true}, {billing.Settled, true}, {billing.Disputed, true}, {"approved", false}, {"", false},
	} {
		if got := tc.status.Left(); got != tc.left {
			t.Errorf("%q left: %v, want %v", tc.status, got, tc.left)
		}
	}
}
