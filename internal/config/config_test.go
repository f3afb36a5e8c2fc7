package config_test

import (
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/tact"
)

func TestFlagsOverEnvOverDefaults(t *testing.T) {
	env := map[string]string{"TACT_DB": "postgres://tact@db/tact", "TACT_ADDR": ":9000", "TACT_SHUTDOWN_TIMEOUT": "3s"}
	c, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:0"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:0" || c.DB != "postgres://tact@db/tact" || c.ShutdownTimeout != 3*time.Second || c.LogLevel != "info" {
		t.Fatalf("got %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestEngine(t *testing.T) {
	tests := []struct{ db, engine, target string }{
		{"sqlite:./tact.db", config.SQLite, "./tact.db"},
		{"sqlite:/var/lib/tact/t.db", config.SQLite, "/var/lib/tact/t.db"},
		{"postgres://tact@/tact?host=/run", config.Postgres, "postgres://tact@/tact?host=/run"},
		{"postgresql://u:p@h/d", config.Postgres, "postgresql://u:p@h/d"},
	}
	for _, tt := range tests {
		c := config.Default()
		c.DB = tt.db
		e, target, err := c.Engine()
		if err != nil || e != tt.engine || target != tt.target {
			t.Errorf("%s → %s %s %v", tt.db, e, target, err)
		}
	}
	for _, bad := range []string{"sqlite:", "mysql://x", "./tact.db", ""} {
		c := config.Default()
		c.DB = bad
		if err := c.Validate(); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	for name, edit := range map[string]func(*config.Config){
		"sync":     func(c *config.Config) { c.SQLiteSync = "OFF" },
		"level":    func(c *config.Config) { c.LogLevel = "loud" },
		"format":   func(c *config.Config) { c.LogFormat = "xml" },
		"shutdown": func(c *config.Config) { c.ShutdownTimeout = 0 },
		"jobs":     func(c *config.Config) { c.JobsInterval = -time.Second },
	} {
		c := config.Default()
		edit(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := config.Default().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestJobsInterval(t *testing.T) {
	if d := config.Default().JobsInterval; d != time.Minute {
		t.Errorf("default jobs interval %s, want 1m", d)
	}
	for v, want := range map[string]time.Duration{"30s": 30 * time.Second, "0": 0, "5m": 5 * time.Minute} {
		c, err := config.FromEnv(func(k string) string { return map[string]string{"TACT_JOBS_INTERVAL": v}[k] })
		if err != nil || c.JobsInterval != want || c.Validate() != nil {
			t.Errorf("TACT_JOBS_INTERVAL=%s: %s, %v; want %s", v, c.JobsInterval, err, want)
		}
	}
	if _, err := config.FromEnv(func(k string) string { return map[string]string{"TACT_JOBS_INTERVAL": "often"}[k] }); err == nil || !strings.Contains(err.Error(), "TACT_JOBS_INTERVAL") {
		t.Errorf("TACT_JOBS_INTERVAL=often: %v", err)
	}
	c, _ := config.FromEnv(func(k string) string { return map[string]string{"TACT_JOBS_INTERVAL": "30s"}[k] })
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--jobs-interval", "0"}); err != nil || c.JobsInterval != 0 {
		t.Errorf("--jobs-interval 0 over the environment: %s, %v", c.JobsInterval, err)
	}
}

func TestOperator(t *testing.T) {
	if diff := cmp.Diff(tact.DefaultOperator(), config.Default().Operator()); diff != "" {
		t.Errorf("default operator is not tact.DefaultOperator (-want +got):\n%s", diff)
	}
	env := map[string]string{
		"TACT_OPERATOR_NAME": "Télé Nord", "TACT_SUPPORT_PHONE_FR": "0 805 00 00 00",
		"TACT_SUPPORT_PHONE_CAQC": "1 800 555-0199", "TACT_SUBSCRIBER_ONLY_NUMBERS": " 614, 3900 ,,",
	}
	c, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := tact.Operator{Name: "Télé Nord", SupportPhone: map[tact.Jurisdiction]string{tact.FR: "0 805 00 00 00", tact.CAQC: "1 800 555-0199"},
		SubscriberOnly: []string{"614", "3900"}}
	if diff := cmp.Diff(want, c.Operator()); diff != "" {
		t.Errorf("operator from the environment (-want +got):\n%s", diff)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--operator-name", "Télé Sud", "--subscriber-only-numbers", "700"}); err != nil {
		t.Fatal(err)
	}
	if op := c.Operator(); op.Name != "Télé Sud" || !slices.Equal(op.SubscriberOnly, []string{"700"}) || op.SupportPhone[tact.FR] != "0 805 00 00 00" {
		t.Errorf("flags over the environment: %+v", op)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	for name, edit := range map[string]func(*config.Config){
		"name":            func(c *config.Config) { c.OperatorName = " " },
		"support FR":      func(c *config.Config) { c.SupportPhoneFR = "" },
		"support CA-QC":   func(c *config.Config) { c.SupportPhoneCAQC = "free" },
		"subscriber-only": func(c *config.Config) { c.SubscriberOnly = []string{"six"} },
	} {
		c := config.Default()
		edit(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestServiceLevels(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[cases.Category]cases.ServiceLevel
		err  string
	}{
		{"complaint=3/15", map[cases.Category]cases.ServiceLevel{cases.Complaint: {FirstAnswerDays: 3, ResolutionDays: 15}}, ""},
		{" complaint = 1/1 , incident=1/5 ", map[cases.Category]cases.ServiceLevel{cases.Complaint: {FirstAnswerDays: 1, ResolutionDays: 1}, cases.Incident: {FirstAnswerDays: 1, ResolutionDays: 5}}, ""},
		{"complaint=0/10", nil, "at least 1"},
		{"complaint=5/4", nil, "no more than the resolution"},
		{"complaint=2/91", nil, "at most 90"},
		{"gossip=2/10", nil, "not a case category"},
		{"complaint=2", nil, "category=first/resolution"},
		{"complaint", nil, "category=first/resolution"},
		{"complaint=2/10,complaint=3/10", nil, "twice"},
	} {
		got, err := config.ParseServiceLevels(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want one saying %q", tc.in, err, tc.err)
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case tc.err == "" && !cmp.Equal(got, tc.want):
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
		}
	}
	if got, err := config.ParseServiceLevels(config.FormatServiceLevels(cases.DefaultServiceLevels)); err != nil || !cmp.Equal(got, cases.DefaultServiceLevels) {
		t.Errorf("the defaults do not read back: %v, %v", got, err)
	}

	env := map[string]string{"TACT_SERVICE_LEVELS": "complaint=3/15"}
	c, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil || c.ServiceLevels[cases.Complaint] != (cases.ServiceLevel{FirstAnswerDays: 3, ResolutionDays: 15}) {
		t.Fatalf("from env: %v, %v", c.ServiceLevels, err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--service-levels", "incident=1/3"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.ServiceLevels[cases.Complaint]; ok || c.ServiceLevels[cases.Incident].ResolutionDays != 3 {
		t.Errorf("the flag replaces the environment's levels: %v", c.ServiceLevels)
	}
	if _, err := config.FromEnv(func(k string) string { return map[string]string{"TACT_SERVICE_LEVELS": "x"}[k] }); err == nil ||
		!strings.Contains(err.Error(), "TACT_SERVICE_LEVELS") {
		t.Errorf("a bad TACT_SERVICE_LEVELS: %v", err)
	}
}

func TestMailer(t *testing.T) {
	c := config.Default()
	if c.SMTPURL != "" || c.MailFrom != "Opérateur Démo <service-client@operateur-demo.example>" {
		t.Errorf("defaults: smtp %q from %q", c.SMTPURL, c.MailFrom)
	}
	if m, err := c.Mailer(); err != nil || m != (mail.Unconfigured{}) {
		t.Errorf("no SMTP URL: %T %v, want mail.Unconfigured", m, err)
	}

	env := map[string]string{"TACT_SMTP_URL": "smtp://127.0.0.1:2525?tls=none", "TACT_MAIL_FROM": "Télé Nord <clients@tele-nord.example>"}
	c, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Mailer()
	if s, ok := m.(*mail.SMTP); err != nil || !ok || s.Addr() != "127.0.0.1:2525" || c.MailFrom != env["TACT_MAIL_FROM"] {
		t.Errorf("from the environment: %T %v, from %q", m, err, c.MailFrom)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--smtp-url", "smtp://relay.example:25", "--mail-from", "x@tele-sud.example"}); err != nil {
		t.Fatal(err)
	}
	if m, err := c.Mailer(); err != nil || m.(*mail.SMTP).Addr() != "relay.example:25" || c.MailFrom != "x@tele-sud.example" {
		t.Errorf("flags over the environment: %v, %v, from %q", m, err, c.MailFrom)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}

	// A bad URL or sender stops the server at start.
	for name, edit := range map[string]func(*config.Config){
		"tls":     func(c *config.Config) { c.SMTPURL = "smtp://relay.example?tls=ssl" },
		"scheme":  func(c *config.Config) { c.SMTPURL = "relay.example:25" },
		"from":    func(c *config.Config) { c.SMTPURL = "smtp://relay.example"; c.MailFrom = "" },
		"address": func(c *config.Config) { c.SMTPURL = "smtp://relay.example"; c.MailFrom = "Opérateur Démo" },
	} {
		c := config.Default()
		edit(&c)
		if _, err := c.Mailer(); err == nil {
			t.Errorf("%s: Mailer accepted", name)
		}
		if c.Validate() == nil {
			t.Errorf("%s: Validate accepted", name)
		}
	}
}

// TestNoticeDays: the end-of-commitment leads come from the law's defaults,
// the environment and flags, and a lead outside the law's window is refused.
func TestNoticeDays(t *testing.T) {
	c := config.Default()
	if l := c.NoticeLeads(); l.FR != 31 || l.CAQC != 90 {
		t.Errorf("defaults: %+v", l)
	}
	env := map[string]string{"TACT_NOTICE_DAYS_FR": "45", "TACT_NOTICE_DAYS_CAQC": "75"}
	c, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil || c.NoticeDaysFR != 45 || c.NoticeDaysCAQC != 75 {
		t.Fatalf("from env: %+v, %v", c.NoticeLeads(), err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--notice-days-caqc", "60"}); err != nil || c.NoticeDaysFR != 45 || c.NoticeDaysCAQC != 60 {
		t.Fatalf("flags: %+v, %v", c.NoticeLeads(), err)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("valid leads refused: %v", err)
	}
	if _, err := config.FromEnv(func(k string) string { return map[string]string{"TACT_NOTICE_DAYS_FR": "a month"}[k] }); err == nil {
		t.Error("TACT_NOTICE_DAYS_FR=a month accepted")
	}
	for _, bad := range []struct{ fr, qc int }{{30, 90}, {90, 90}, {31, 59}, {31, 91}} {
		c := config.Default()
		c.NoticeDaysFR, c.NoticeDaysCAQC = bad.fr, bad.qc
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "outside the law's window") {
			t.Errorf("FR %d, CA-QC %d: %v", bad.fr, bad.qc, err)
		}
	}
}
