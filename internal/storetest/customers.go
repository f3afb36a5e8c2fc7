package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

var customerTests = []contractTest{
	{"CreateFind", testCustomerCreateFind},
	{"NotFound", testCustomerNotFound},
	{"AccountNumberConflict", testAccountNumberConflict},
	{"Update", testCustomerUpdate},
	{"UpdateConflicts", testCustomerUpdateConflicts},
	{"Find", testFindCustomers},
	{"FindPages", testFindCustomersPages},
}

// full is a customer with every field set, as an advisor would fill it in.
func full(f *fixture) customer.Update {
	return customer.Update{
		AccountNumber: tact.Some("FR-000123"),
		GivenName:     tact.Some("Hélène"),
		FamilyName:    tact.Some("Lefèvre-Côté"),
		Salutation:    tact.Some(customer.Madame),
		FormOfAddress: tact.Some(customer.Tu),
		Language:      tact.Some(tact.LangFrFR),
		Jurisdiction:  tact.Some(tact.FR),
		TimeZone:      tact.Some("Europe/Paris"),
		CustomerSince: tact.Some(date(2019, time.April, 1)),
		Phones: tact.Some([]customer.Phone{
			{Number: "06 12 34 56 78", Label: "perso", Primary: true},
			{Number: "01 42 68 53 00", Label: "bureau"},
		}),
		Emails: tact.Some([]customer.Email{
			{Address: "Helene.Lefevre@Example.fr", Primary: true},
			{Address: "hlc@example.org"},
		}),
		Address: tact.Some(&customer.Address{Lines: []string{"12  rue des Lilas", "Bâtiment B"}, PostalCode: "75011", City: "Paris", Country: "fr"}),
		Consents: []customer.Consent{
			{Channel: tact.ChannelPhone, Purpose: tact.PurposeSurvey, Granted: false, Source: customer.SourcePhone,
				At: f.now().Add(-3*time.Hour + 5*time.Microsecond)},
			{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb,
				Proof: "form-2026-0042", At: f.now().Add(-48*time.Hour + 17*time.Microsecond)},
		},
		Preferences: tact.Some(customer.Preferences{
			QuietHours:       []customer.Window{{From: 19 * 60, To: 9 * 60}},
			PreferredSlots:   []customer.Slot{{Days: []tact.Weekday{1, 3}, Window: customer.Window{From: 10 * 60, To: 12 * 60}}},
			PreferredChannel: tact.ChannelEmail,
		}),
		DoNotCall:         tact.Some(&customer.DoNotCall{Source: "asked on the phone"}),
		ThirdPartyBilling: tact.Some(true),
		AdvisorID:         tact.Some("usr_01JADVISOR000000000000000"),
		// Found clear on Bloctel yesterday.
		OppositionCheckedAt: tact.Some(f.now().Add(-24*time.Hour + 11*time.Microsecond)),
	}
}

func testCustomerCreateFind(t *testing.T, f *fixture) {
	c, evs := f.createCustomer(t, full(f))
	if c.Version != 1 {
		t.Errorf("CreateCustomer left version %d, want 1", c.Version)
	}
	got := f.find(t, c.ID)
	diff(t, "customer read back", c, got)
	if got.Version != 1 {
		t.Errorf("stored version %d, want 1", got.Version)
	}
	// The fixture went through the domain: the store keeps what it normalized.
	if got.Phones[0].Number != "+33612345678" || got.Phones[0].Type != customer.PhoneMobile || got.Emails[0].Address != "helene.lefevre@example.fr" {
		t.Errorf("contact points read back as %+v %+v", got.Phones, got.Emails)
	}
	if len(got.Consents) != 2 {
		t.Errorf("got %d consents, want 2", len(got.Consents))
	}
	if got.OppositionCheckedAt == nil || !got.OppositionCheckedAt.Equal(f.now().Add(-24*time.Hour+11*time.Microsecond)) {
		t.Errorf("opposition_checked_at read back as %v", got.OppositionCheckedAt)
	}
	for what, tm := range map[string]time.Time{"created_at": got.CreatedAt, "updated_at": got.UpdatedAt, "do_not_call.since": got.DoNotCall.Since,
		"opposition_checked_at": *got.OppositionCheckedAt} {
		wantUTC(t, what, tm)
	}
	for _, k := range got.Consents {
		wantUTC(t, "consent time", k.At)
	}
	f.wantEvents(t, c.ID, evs)

	// A minimal customer keeps its empty fields empty.
	m, _ := f.createCustomer(t, person(tact.CAQC, "", "Tremblay"))
	gotM := f.find(t, m.ID)
	diff(t, "minimal customer read back", m, gotM)
	if gotM.Address != nil || gotM.DoNotCall != nil || gotM.AccountNumber != "" || gotM.AdvisorID != "" || gotM.OppositionCheckedAt != nil {
		t.Errorf("minimal customer read back with fields set: %+v", gotM)
	}
}

func testCustomerNotFound(t *testing.T, f *fixture) {
	f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	for _, id := range []string{f.ids.New(tact.PrefixCustomer), "cus_nope", ""} {
		_, err := f.st.Customers.FindCustomerByID(f.ctx, id)
		wantCode(t, "FindCustomerByID("+id+")", err, tact.CodeNotFound, "")
	}
}

func testAccountNumberConflict(t *testing.T, f *fixture) {
	u := person(tact.FR, "Jean", "Dupont")
	u.AccountNumber = tact.Some("ACC-1")
	first, _ := f.createCustomer(t, u)

	v := person(tact.FR, "Jeanne", "Durand")
	v.AccountNumber = tact.Some("ACC-1")
	second, evs := f.newCustomer(t, v)
	err := f.st.Customers.CreateCustomer(f.ctx, second, evs)
	wantCode(t, "second customer with account ACC-1", err, tact.CodeConflict, "account_number")
	_, err = f.st.Customers.FindCustomerByID(f.ctx, second.ID)
	wantCode(t, "customer refused for a conflict", err, tact.CodeNotFound, "")
	f.noEvents(t, second.ID, evs)
	diff(t, "first customer", first, f.find(t, first.ID))

	// Customers without an account number do not collide.
	f.createCustomer(t, person(tact.FR, "Anne", "Sans-Numéro"))
	f.createCustomer(t, person(tact.FR, "Paul", "Sans-Numéro"))
}

func testCustomerUpdate(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, full(f))
	stale := f.find(t, c.ID)

	f.tick()
	cur := f.find(t, c.ID)
	evs := f.update(t, cur, customer.Update{
		FamilyName: tact.Some("Martin"),
		Phones:     tact.Some([]customer.Phone{{Number: "07 81 11 22 33", Primary: true}}),
		Emails:     tact.Some([]customer.Email{}),
		Address:    tact.Some[*customer.Address](nil),
		Status:     tact.Some(customer.Cancelling), CancellingSince: tact.Some(date(2026, time.March, 2)),
		Consents: []customer.Consent{
			// A newer answer for email/sales replaces the current one; phone/survey stays.
			{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: false, Source: customer.SourceApp, At: f.now()},
			{Channel: tact.ChannelSMS, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceSMS, Proof: "sms-reply-88", At: f.now()},
		},
		DoNotCall: tact.Some[*customer.DoNotCall](nil),
		// The check is withdrawn: the number changed.
		OppositionCheckedAt: tact.Optional[time.Time]{Set: true, Null: true},
	})
	if len(evs) < 3 {
		t.Fatalf("the update made %d events, want at least 3", len(evs))
	}
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, cur, evs))
	if cur.Version != 2 {
		t.Errorf("UpdateCustomer left version %d, want 2", cur.Version)
	}
	got := f.find(t, c.ID)
	diff(t, "updated customer read back", cur, got)
	if got.Version != 2 || got.FamilyName != "Martin" || len(got.Emails) != 0 || got.Address != nil || got.DoNotCall != nil || len(got.Consents) != 3 ||
		got.OppositionCheckedAt != nil {
		t.Errorf("updated customer read back as %+v", got)
	}
	if k, _ := got.Consent(tact.ChannelEmail, tact.PurposeSales); k.Granted || k.Source != customer.SourceApp {
		t.Errorf("email/sales consent is %+v, want the withdrawal", k)
	}
	f.wantEvents(t, c.ID, evs)

	// The name key follows the name.
	for q, want := range map[string]int{"martin": 1, "lefevre": 0} {
		list, err := f.st.Customers.FindCustomers(f.ctx, customer.Filter{Search: customer.ParseQuery(q)})
		must(t, "FindCustomers", err)
		if len(list) != want {
			t.Errorf("search %q after the rename found %d customers, want %d", q, len(list), want)
		}
	}

	// A writer holding version 1 is refused, and writes nothing.
	f.tick()
	staleEvs := f.update(t, stale, customer.Update{GivenName: tact.Some("Zoé")})
	err := f.st.Customers.UpdateCustomer(f.ctx, stale, staleEvs)
	wantCode(t, "update at a stale version", err, tact.CodePreconditionFailed, "")
	if stale.Version != 1 {
		t.Errorf("a refused update left version %d, want 1 (unchanged)", stale.Version)
	}
	diff(t, "customer after a refused update", cur, f.find(t, c.ID))
	f.noEvents(t, c.ID, staleEvs)

	// The next version goes through.
	next := f.find(t, c.ID)
	evs3 := f.update(t, next, customer.Update{GivenName: tact.Some("Zoé")})
	must(t, "UpdateCustomer at version 2", f.st.Customers.UpdateCustomer(f.ctx, next, evs3))
	if got := f.find(t, c.ID); got.Version != 3 || got.GivenName != "Zoé" {
		t.Errorf("third version read back as version %d, given name %q", got.Version, got.GivenName)
	}

	// A new check is set by an update, with its event.
	f.tick()
	checked := f.now().Add(-time.Hour + 3*time.Microsecond)
	next = f.find(t, c.ID)
	evs4 := f.update(t, next, customer.Update{OppositionCheckedAt: tact.Some(checked)})
	if len(evs4) != 1 || evs4[0].Kind != customer.EventOppositionChecked {
		t.Fatalf("setting opposition_checked_at made events %+v", evs4)
	}
	must(t, "UpdateCustomer of opposition_checked_at", f.st.Customers.UpdateCustomer(f.ctx, next, evs4))
	if got := f.find(t, c.ID); got.OppositionCheckedAt == nil || !got.OppositionCheckedAt.Equal(checked) {
		t.Errorf("opposition_checked_at read back as %v, want %v", got.OppositionCheckedAt, checked)
	}
	f.wantEvents(t, c.ID, evs4)

	// A customer that was never stored is not found, not a precondition failure.
	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	ghost.Version = 1
	ghostEvs := f.update(t, ghost, customer.Update{GivenName: tact.Some("Quelqu'un")})
	wantCode(t, "update of a missing customer", f.st.Customers.UpdateCustomer(f.ctx, ghost, ghostEvs), tact.CodeNotFound, "")
	if ghost.Version != 1 {
		t.Errorf("a refused update left version %d, want 1", ghost.Version)
	}
}

func testCustomerUpdateConflicts(t *testing.T, f *fixture) {
	u := person(tact.FR, "Jean", "Dupont")
	u.AccountNumber = tact.Some("ACC-1")
	f.createCustomer(t, u)
	v := person(tact.FR, "Zoé", "Durand")
	v.AccountNumber = tact.Some("ACC-2")
	c, _ := f.createCustomer(t, v)

	cur := f.find(t, c.ID)
	before := f.find(t, c.ID)
	evs := f.update(t, cur, customer.Update{AccountNumber: tact.Some("ACC-1")})
	err := f.st.Customers.UpdateCustomer(f.ctx, cur, evs)
	wantCode(t, "taking another customer's account number", err, tact.CodeConflict, "account_number")
	if cur.Version != 1 {
		t.Errorf("a refused update left version %d, want 1", cur.Version)
	}
	diff(t, "customer after a refused update", before, f.find(t, c.ID))
	f.noEvents(t, c.ID, evs)

	// Clearing the number is fine, and frees it.
	cur = f.find(t, c.ID)
	must(t, "clear account number", f.st.Customers.UpdateCustomer(f.ctx, cur, f.update(t, cur, customer.Update{AccountNumber: tact.Some("")})))
	w := person(tact.FR, "Luc", "Bernard")
	w.AccountNumber = tact.Some("ACC-2")
	f.createCustomer(t, w)
}

// ids returns the ids of customers, in order.
func ids(list []*customer.Customer) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

func testFindCustomers(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-S", tact.FR, 1)

	u := person(tact.FR, "Hélène", "Lefèvre-Côté")
	u.AccountNumber = tact.Some("FR-0001")
	u.Phones = tact.Some([]customer.Phone{{Number: "06 12 34 56 78", Primary: true}})
	u.Emails = tact.Some([]customer.Email{{Address: "helene@example.fr"}})
	u.AdvisorID = tact.Some("usr_advisor_1")
	helene, _ := f.createCustomer(t, u)

	u = person(tact.FR, "Jean", "Dupont")
	u.AccountNumber = tact.Some("FR-0002")
	u.Status, u.CancellingSince = tact.Some(customer.Cancelling), tact.Some(date(2026, time.February, 20))
	jean, _ := f.createCustomer(t, u)
	f.createLine(t, jean, "06 98 76 54 32", plan.Code, date(2024, time.January, 10))

	zoe, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Dupontel"))

	u = person(tact.CAQC, "Marc", "Tremblay")
	u.Phones = tact.Some([]customer.Phone{{Number: "514-555-0199"}})
	marc, _ := f.createCustomer(t, u)

	anne, _ := f.createCustomer(t, person(tact.FR, "Anne", "Løkke"))
	lund, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Lund"))
	twin1, _ := f.createCustomer(t, person(tact.FR, "Paul", "Martin"))
	twin2, _ := f.createCustomer(t, person(tact.FR, "Paul", "Martin"))

	u = person(tact.FR, "Luc", "Bernard")
	u.Status, u.FormerSince = tact.Some(customer.Former), tact.Some(date(2025, time.December, 31))
	u.CustomerSince = tact.Some(date(2010, time.June, 1))
	luc, _ := f.createCustomer(t, u)

	none := []*customer.Customer{}
	cases := []struct {
		name   string
		filter customer.Filter
		want   []*customer.Customer
	}{
		{"id", customer.Filter{Search: customer.ParseQuery(helene.ID)}, []*customer.Customer{helene}},
		{"ids in name order", customer.Filter{Search: customer.Search{IDs: []string{marc.ID, jean.ID}}}, []*customer.Customer{jean, marc}},
		{"unknown id", customer.Filter{Search: customer.ParseQuery(f.ids.New(tact.PrefixCustomer))}, none},
		{"account number", customer.Filter{Search: customer.ParseQuery("FR-0002")}, []*customer.Customer{jean}},
		{"phone as typed", customer.Filter{Search: customer.ParseQuery("06 12 34 56 78")}, []*customer.Customer{helene}},
		{"phone in E.164", customer.Filter{Search: customer.ParseQuery("+33612345678")}, []*customer.Customer{helene}},
		{"North American phone", customer.Filter{Search: customer.ParseQuery("514 555 0199")}, []*customer.Customer{marc}},
		{"number of a line", customer.Filter{Search: customer.ParseQuery("06 98 76 54 32")}, []*customer.Customer{jean}},
		{"email in capitals", customer.Filter{Search: customer.ParseQuery("Helene@Example.FR")}, []*customer.Customer{helene}},
		{"family name", customer.Filter{Search: customer.ParseQuery("lefevre")}, []*customer.Customer{helene}},
		{"accented family name", customer.Filter{Search: customer.ParseQuery("Lefèvre-Côté")}, []*customer.Customer{helene}},
		{"given name first", customer.Filter{Search: customer.ParseQuery("Jean Dupont")}, []*customer.Customer{jean}},
		{"name prefix matching two", customer.Filter{Search: customer.ParseQuery("Dupont")}, []*customer.Customer{jean, zoe}},
		{"same name, by id", customer.Filter{Search: customer.ParseQuery("martin paul")}, []*customer.Customer{twin1, twin2}},
		// Byte order: "le…" < "lu…" < "lø…" (ø is two bytes above z).
		{"byte order of names", customer.Filter{Search: customer.ParseQuery("L")}, []*customer.Customer{helene, lund, anne}},
		{"no match", customer.Filter{Search: customer.ParseQuery("Personne")}, none},
		{"status", customer.Filter{Status: customer.Cancelling}, []*customer.Customer{jean}},
		{"former", customer.Filter{Status: customer.Former}, []*customer.Customer{luc}},
		{"jurisdiction", customer.Filter{Jurisdiction: tact.CAQC}, []*customer.Customer{marc}},
		{"advisor", customer.Filter{AdvisorID: "usr_advisor_1"}, []*customer.Customer{helene}},
		{"search and status", customer.Filter{Search: customer.ParseQuery("dupont"), Status: customer.Active}, []*customer.Customer{zoe}},
		{"search and jurisdiction", customer.Filter{Search: customer.ParseQuery("514 555 0199"), Jurisdiction: tact.FR}, none},
		{"everyone", customer.Filter{}, []*customer.Customer{luc, jean, zoe, helene, lund, anne, twin1, twin2, marc}},
		{"limit", customer.Filter{Limit: 2}, []*customer.Customer{luc, jean}},
	}
	for _, tc := range cases {
		got, err := f.st.Customers.FindCustomers(f.ctx, tc.filter)
		if err != nil {
			t.Errorf("%s: FindCustomers: %v", tc.name, err)
			continue
		}
		diff(t, tc.name, ids(tc.want), ids(got))
	}

	// Search results carry the whole record, contact points included.
	got, err := f.st.Customers.FindCustomers(f.ctx, customer.Filter{Search: customer.ParseQuery("helene@example.fr")})
	must(t, "FindCustomers", err)
	if len(got) == 1 {
		diff(t, "customer found by email", helene, got[0])
	}
}

func testFindCustomersPages(t *testing.T, f *fixture) {
	names := [][2]string{
		{"Dupont", "Zoé"}, {"Dupontel", "Anne"}, {"Dupont", "Ève"}, {"Løkke", "Anne"}, {"Lund", "Zoé"},
		{"Martin", "Paul"}, {"Martin", "Paul"}, {"Martin", "Paul"}, {"Lefèvre-Côté", "Hélène"}, {"Lefevre Cote", "Helene"},
		{"Ängström", "Åsa"}, {"Zola", "Émile"}, {"O'Brien", "Seán"}, {"Ørsted", "Hans"}, {"Bernard", "Luc"},
		{"Abadie", "Jean-Pierre"}, {"Abadie", "Jean"}, {"Ngô", "Bảo"}, {"Straße", "Groß"}, {"Strasse", "Gross"},
		{"d'Artagnan", "Charles"}, {"Van der Berg", "Piet"}, {"Vanderberg", "Piet"},
	}
	var all []*customer.Customer
	for i, n := range names {
		j := tact.FR
		if i%3 == 0 {
			j = tact.CAQC
		}
		c, _ := f.createCustomer(t, person(j, n[1], n[0]))
		all = append(all, c)
	}
	// The order the domain defines: name key, then id, compared as Go compares strings.
	key := func(c *customer.Customer) string { return customer.NameKey(c.FamilyName, c.GivenName) }
	order := func(a, b *customer.Customer) int {
		if c := strings.Compare(key(a), key(b)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	filters := []struct {
		name   string
		filter customer.Filter
		keep   func(*customer.Customer) bool
	}{
		{"everyone", customer.Filter{}, func(*customer.Customer) bool { return true }},
		{"jurisdiction", customer.Filter{Jurisdiction: tact.FR}, func(c *customer.Customer) bool { return c.Jurisdiction == tact.FR }},
		{"name prefix", customer.Filter{Search: customer.ParseQuery("d")}, func(c *customer.Customer) bool { return strings.HasPrefix(key(c), "d") }},
	}
	for _, fl := range filters {
		want := slices.DeleteFunc(slices.Clone(all), func(c *customer.Customer) bool { return !fl.keep(c) })
		slices.SortFunc(want, order)
		for _, size := range []int{1, 4, 7, len(want), len(want) + 1} {
			var got []*customer.Customer
			filter := fl.filter
			filter.Limit = size
			for pages := 0; ; pages++ {
				if pages > len(all)+1 {
					t.Fatalf("%s by %d: pagination does not end", fl.name, size)
				}
				page, err := f.st.Customers.FindCustomers(f.ctx, filter)
				must(t, "FindCustomers", err)
				if len(page) > size {
					t.Fatalf("%s by %d: a page of %d customers", fl.name, size, len(page))
				}
				got = append(got, page...)
				if len(page) < size {
					break
				}
				last := page[len(page)-1]
				filter.After = tact.Cursor{Key: key(last), ID: last.ID}
			}
			diff(t, fmt.Sprintf("%s by pages of %d", fl.name, size), ids(want), ids(got))
		}
	}
}
