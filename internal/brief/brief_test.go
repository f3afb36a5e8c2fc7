package brief_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var montreal, _ = time.LoadLocation("America/Toronto")

// rejean is story 4's customer: Québec, "vous", Monsieur, an iPhone on the
// largest plan, no calls after 19:00.
func rejean() brief.Facts {
	c := customer.New(tact.CAQC)
	c.ID, c.GivenName, c.FamilyName, c.Salutation = "cus_r", "Réjean", "Tardif-Beaulieu", customer.Monsieur
	c.Preferences.QuietHours = []customer.Window{{From: 19 * 60, To: 9 * 60}}
	top := &catalog.Plan{Code: "QC-TOP", Name: tact.Text{FR: "Illimité 5G+", EN: "Unlimited 5G+"}, Jurisdiction: tact.CAQC, Tier: 5,
		DataMB: catalog.Unlimited, MonthlyPrice: tact.Money{Cents: 9500, Currency: tact.CAD}, Active: true}
	return brief.Facts{
		Customer: c,
		Lines: []*customer.Line{
			{ID: "lin_1", Number: "+15142171128", PlanCode: "QC-TOP", Status: customer.LineActive},
			{ID: "lin_0", Number: "+15145550000", PlanCode: "QC-TOP", Status: customer.LineEnded},
		},
		Plans:   map[string]*catalog.Plan{"QC-TOP": top},
		TopTier: 5,
		Devices: []*customer.Device{{Brand: "Apple", Model: "iPhone 16 Pro", OS: tact.IOS}},
	}
}

func TestStoryFourBrief(t *testing.T) {
	at1905 := time.Date(2026, 10, 22, 19, 5, 0, 0, montreal)
	b := brief.Build(rejean(), at1905)
	if b.Address.HowTo != "Vouvoyer — M. Tardif-Beaulieu" || b.Address.Greeting != "Bonjour Monsieur Tardif-Beaulieu," {
		t.Errorf("address: %+v", b.Address)
	}
	if len(b.Lines) != 1 || !b.Lines[0].TopTier || b.Lines[0].PlanName.FR != "Illimité 5G+" {
		t.Errorf("lines: %+v (the ended line of an active customer is not shown)", b.Lines)
	}
	if len(b.Devices) != 1 || b.Devices[0].OS != tact.IOS {
		t.Errorf("devices: %+v", b.Devices)
	}
	if b.LocalTime != "2026-10-22 19:05 EDT" {
		t.Errorf("local time %q", b.LocalTime)
	}
	if !hasWarning(b, "Heure calme") {
		t.Errorf("at 19:05 the quiet hours are said first: %+v", b.Warnings)
	}
	if b := brief.Build(rejean(), time.Date(2026, 10, 22, 18, 59, 0, 0, montreal)); hasWarning(b, "Heure calme") {
		t.Errorf("at 18:59 there is no quiet-hours warning")
	}
}

func TestOpenMattersAndWarnings(t *testing.T) {
	now := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	f := rejean()
	f.Customer.Status, f.Customer.FormerSince = customer.Former, tact.Date{Year: 2026, Month: 4, Day: 30}
	f.OpenCases = []*cases.Case{{ID: "cas_1", Subject: "Incident fibre", Category: cases.Incident, Status: cases.InProgress,
		OwnerID: "usr_b", WhereWeAre: "Technicien passé, ligne coupée depuis.", FirstAnswerDue: now.Add(-time.Hour), ResolutionDue: now.Add(72 * time.Hour)}}
	f.Promises = []*commitment.Commitment{
		{ID: "com_2", Kind: commitment.CallBack, Subject: "incident", Words: "On vous rappelle jeudi", Due: now.Add(48 * time.Hour), Status: commitment.Pending},
		{ID: "com_1", Kind: commitment.SendOffer, Subject: "contract_adaptation", Words: "Je vous envoie l'offre", Due: now.Add(-24 * time.Hour), Status: commitment.Overdue},
		{ID: "com_0", Kind: commitment.Fix, Subject: "incident", Words: "réparé", Due: now, Status: commitment.Kept},
	}
	f.People = map[string]string{"usr_b": "Marc Delattre"}
	for i := 0; i < 8; i++ {
		f.LastContact = append(f.LastContact, &interaction.Interaction{StartedAt: now.Add(-time.Duration(i) * time.Hour), Channel: tact.ChannelPhone,
			Summary: strings.Repeat("x", 300)})
	}
	b := brief.Build(f, now)
	if len(b.Lines) != 2 {
		t.Errorf("a former customer's brief shows his ended lines: %d", len(b.Lines))
	}
	if len(b.OpenCases) != 1 || b.OpenCases[0].WhereWeAre == "" || len(b.OpenCases[0].Breached) != 1 || b.OpenCases[0].OwnerName != "Marc Delattre" {
		t.Errorf("open cases: %+v", b.OpenCases)
	}
	if len(b.Promises) != 2 || b.Promises[0].ID != "com_1" {
		t.Errorf("open promises, soonest due first: %+v", b.Promises)
	}
	if len(b.LastContacts) != brief.LastContacts || len([]rune(b.LastContacts[0].Summary)) != 200 {
		t.Errorf("last contacts: %d, summary %d runes", len(b.LastContacts), len([]rune(b.LastContacts[0].Summary)))
	}
	for _, w := range []string{"Ancien client", "Promesse en retard", "Délai dépassé"} {
		if !hasWarning(b, w) {
			t.Errorf("warning %q missing: %+v", w, b.Warnings)
		}
	}
}

func hasWarning(b brief.Brief, prefix string) bool {
	for _, w := range b.Warnings {
		if strings.HasPrefix(w.FR, prefix) {
			return true
		}
	}
	return false
}
