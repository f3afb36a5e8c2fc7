package notice_test

import (
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

func plan(code, fr, en string, j tact.Jurisdiction, cents int64) *catalog.Plan {
	return &catalog.Plan{Code: code, Name: tact.Text{FR: fr, EN: en}, Jurisdiction: j, MonthlyPrice: tact.Money{Cents: cents, Currency: j.Currency()}, Active: true}
}

func money(j tact.Jurisdiction, cents int64) tact.Money {
	return tact.Money{Cents: cents, Currency: j.Currency()}
}

// person is a customer as the texts see him.
func person(j tact.Jurisdiction, lang tact.Language, form customer.FormOfAddress, sal customer.Salutation, given, family string) *customer.Customer {
	c := cust(j, customer.Active, "2020-01-01")
	c.Language, c.FormOfAddress, c.Salutation, c.GivenName, c.FamilyName = lang, form, sal, given, family
	return c
}

// saving is advice where a cheaper plan covers the use: €21.66 a month on
// average on "Mobile 20 Go", "Mobile 40 Go" at €17.00.
func saving(j tact.Jurisdiction, number string) notice.Advice {
	cur, best := plan("P20", "Mobile 20 Go", "Mobile 20 GB", j, 1500), plan("P40", "Mobile 40 Go", "Mobile 40 GB", j, 1700)
	l := line("2024-08-01", "2026-07-31")
	l.Number = number
	return notice.Advice{Line: l, Plan: cur, Known: true, Tariff: offer.BestTariff{LineID: l.ID, Months: 6, Current: cur, CurrentMonthly: money(j, 2166),
		Best: best, BestMonthly: money(j, 1700), YearlySaving: money(j, 12*466)}}
}

// already is advice where his plan is the cheapest for his use.
func already(j tact.Jurisdiction, number string) notice.Advice {
	a := saving(j, number)
	a.Tariff.Best, a.Tariff.BestMonthly, a.Tariff.YearlySaving = a.Tariff.Current, a.Tariff.CurrentMonthly, money(j, 0)
	return a
}

func wantAll(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("text lacks %q:\n%s", p, text)
		}
	}
}

func wantNone(t *testing.T, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Errorf("text has %q:\n%s", p, text)
		}
	}
}

func TestBestTariffText(t *testing.T) {
	op := tact.DefaultOperator()
	t.Run("fr-FR vous, a saving", func(t *testing.T) {
		c := person(tact.FR, tact.LangFrFR, customer.Vous, customer.Madame, "Camille", "Roux")
		subject, body := notice.BestTariffText(c, op, []notice.Advice{saving(tact.FR, "+33612345678")})
		wantAll(t, subject, "Votre conseil tarifaire annuel")
		wantAll(t, body, "Bonjour Madame Roux,", "ce que vous coûte votre ligne",
			"Ligne 06 12 34 56 78 (forfait « Mobile 20 Go »)",
			"Sur vos 6 derniers mois, elle vous a coûté en moyenne 21,66\u00a0€ par mois",
			"Le forfait le moins cher qui couvre votre consommation est « Mobile 40 Go » : 17,00\u00a0€ par mois",
			"Vous économiseriez 4,66\u00a0€ par mois, soit 55,92\u00a0€ sur 12 mois.",
			"appelez gratuitement notre service client au 0 800 940 940", "directive (UE) 2018/1972", "Cordialement,\nOpérateur Démo")
		wantNone(t, body, " tu ", " ta ", " te ", "t'")
	})
	t.Run("fr-FR tu, already the best, two lines", func(t *testing.T) {
		c := person(tact.FR, tact.LangFrFR, customer.Tu, customer.Monsieur, "Hugo", "Martin")
		second := already(tact.FR, "+33698765432")
		second.Line.ID = "lin_2"
		subject, body := notice.BestTariffText(c, op, []notice.Advice{already(tact.FR, "+33612345678"), second})
		wantAll(t, subject, "Ton conseil tarifaire annuel : ton forfait est-il le bon ?")
		wantAll(t, body, "Bonjour Hugo,", "chacune de tes lignes", "Ligne 06 98 76 54 32",
			"Tu es déjà sur le forfait le moins cher qui couvre ta consommation : nous ne te conseillons aucun changement.",
			"appelle gratuitement notre service client au 0 800 940 940", "Nous t'adressons ce conseil")
		wantNone(t, body, "vous", "Vous")
	})
	t.Run("fr-CA vous, a tie to a higher tier", func(t *testing.T) {
		c := person(tact.CAQC, tact.LangFrCA, customer.Vous, customer.Monsieur, "Luc", "Gagnon")
		a := already(tact.CAQC, "+15145550199")
		a.Tariff.Best = plan("QC-PLUS", "Mobile Plus", "Mobile Plus", tact.CAQC, 1500)
		_, body := notice.BestTariffText(c, op, []notice.Advice{a})
		wantAll(t, body, "Bonjour Monsieur Gagnon,", "Ligne (514) 555-0199", "21,66\u00a0$ par mois",
			"pour ce même prix, le forfait « Mobile Plus » vous offrirait davantage", "au 1 888 555-0140")
		// The EECC binds the operator in France, not in Québec: not cited there.
		wantNone(t, body, "2018/1972", "€")
	})
	t.Run("a plan named after its kind is not named twice", func(t *testing.T) {
		c := person(tact.FR, tact.LangFrFR, customer.Vous, customer.None, "Jean", "Dupont")
		a := saving(tact.FR, "+33612345678")
		a.Plan = plan("F25", "Forfait 25 Go", "25 GB plan", tact.FR, 2000)
		_, body := notice.BestTariffText(c, op, []notice.Advice{a})
		wantAll(t, body, "Ligne 06 12 34 56 78 (« Forfait 25 Go »)")
		c.Language = tact.LangEN
		_, body = notice.BestTariffText(c, op, []notice.Advice{a})
		wantAll(t, body, "Line 06 12 34 56 78 (“25 GB plan”)")
	})
	t.Run("en, a line not yet known", func(t *testing.T) {
		c := person(tact.CAQC, tact.LangEN, customer.Vous, customer.None, "Ann", "Lee")
		a := saving(tact.CAQC, "+15145550199")
		a.Known = false
		subject, body := notice.BestTariffText(c, op, []notice.Advice{saving(tact.CAQC, "+15145550100"), a})
		wantAll(t, subject, "Your yearly tariff advice")
		wantAll(t, body, "Hello Ann Lee,", "each of your lines", "Line (514) 555-0100 (plan “Mobile 20 GB”)",
			"Over your last 6 months, it cost you CA$21.66 a month on average",
			"You would save CA$4.66 a month, CA$55.92 over 12 months.",
			"We do not know your use of this line yet", "free of charge on 1 888 555-0140", "Kind regards,\nOpérateur Démo")
	})
}

func TestCommitmentEndText(t *testing.T) {
	op := tact.DefaultOperator()
	t.Run("fr-CA vous", func(t *testing.T) {
		c := person(tact.CAQC, tact.LangFrCA, customer.Vous, customer.Madame, "Julie", "Tremblay")
		subject, body := notice.CommitmentEndText(c, op, saving(tact.CAQC, "+15145550199"))
		wantAll(t, subject, "Votre engagement sur la ligne (514) 555-0199 se termine le vendredi 31 juillet 2026")
		wantAll(t, body, "Bonjour Madame Tremblay,",
			"La période d'engagement de votre ligne (514) 555-0199 (forfait « Mobile 20 Go ») arrive à son terme.",
			"────\nFin de votre engagement : vendredi 31 juillet 2026\n────",
			"À partir du samedi 1er août 2026, vous n'avez plus d'engagement", "sans frais de résiliation",
			"appelez gratuitement notre service client au 1 888 555-0140",
			"Pour partir chez un autre fournisseur en gardant votre numéro, demandez-le simplement à ce nouveau fournisseur",
			"Notre conseil tarifaire pour cette ligne :", "Vous économiseriez 4,66\u00a0$ par mois, soit 55,92\u00a0$ sur 12 mois.")
	})
	t.Run("fr-FR tu", func(t *testing.T) {
		c := person(tact.FR, tact.LangFrFR, customer.Tu, customer.Madame, "Léa", "Petit")
		subject, body := notice.CommitmentEndText(c, op, already(tact.FR, "+33612345678"))
		wantAll(t, subject, "Ton engagement sur la ligne 06 12 34 56 78 se termine le vendredi 31 juillet 2026")
		wantAll(t, body, "Bonjour Léa,", "Fin de ton engagement : vendredi 31 juillet 2026",
			"À partir du samedi 1er août 2026, tu n'as plus d'engagement", "appelle gratuitement notre service client au 0 800 940 940",
			"un autre opérateur en gardant ton numéro, demande-le simplement à ce nouvel opérateur",
			"Tu es déjà sur le forfait le moins cher")
		wantNone(t, body, "vous", "Vous")
	})
	t.Run("en, no usage yet", func(t *testing.T) {
		c := person(tact.FR, tact.LangEN, customer.Vous, customer.Monsieur, "Paul", "Smith")
		a := saving(tact.FR, "+33612345678")
		a.Known, a.Plan = false, nil
		subject, body := notice.CommitmentEndText(c, op, a)
		wantAll(t, subject, "Your commitment on line 06 12 34 56 78 ends on Friday 31 July 2026")
		wantAll(t, body, "Hello Mr Smith,", "The commitment period of your line 06 12 34 56 78 is coming to an end.",
			"End of your commitment: Friday 31 July 2026", "From Saturday 1 August 2026, you are no longer committed",
			"without termination fees", "free of charge on 0 800 940 940", "We do not know your use of this line yet")
	})
}
