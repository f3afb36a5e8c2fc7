// Package config holds tact's configuration: one struct, filled from defaults,
// then the environment (TACT_*), then command-line flags. Nothing here is
// global; the CLI passes the struct to what it builds.
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
)

// Config is what a tact process needs to know to run.
type Config struct {
	// DB selects the engine and where its data is: "sqlite:PATH" or a
	// "postgres://" URL.
	DB string
	// Addr is the HTTP listen address, host:port.
	Addr string
	// SQLiteSync is SQLite's synchronous setting, FULL (default) or NORMAL.
	SQLiteSync string
	// FactCache has a SQLite server hold every customer's contact facts in
	// memory, kept current by its writes (internal/factbase); off, each
	// decision reads its customer from the database.
	FactCache bool
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
	// ShutdownTimeout bounds how long in-flight requests may finish on stop.
	ShutdownTimeout time.Duration
	// OperatorName, SupportPhoneFR, SupportPhoneCAQC and SubscriberOnly are
	// the operator's profile in what customers read (Operator): its name, its
	// free support number in each jurisdiction, and the numbers only
	// subscribers can call, which no text to a former customer may give.
	OperatorName     string
	SupportPhoneFR   string
	SupportPhoneCAQC string
	SubscriberOnly   []string
	// JobsInterval is how often a server runs the scheduled jobs (the overdue
	// sweep), the first time as it starts; 0 runs none.
	JobsInterval time.Duration
	// ServiceLevels override cases.DefaultServiceLevels for some categories:
	// business days to the first answer and to the resolution.
	ServiceLevels map[cases.Category]cases.ServiceLevel
	// PolicyFile is the contact policy file (TOML, see ParsePolicy) that
	// overlays contactpolicy.Default; "" uses the defaults.
	PolicyFile string
	// SMTPURL is the SMTP server email goes through (see mail.Config.URL);
	// "" sends no email: Mailer is then mail.Unconfigured.
	SMTPURL string
	// MailFrom is the sender of email to customers, "Name <address>".
	MailFrom string
	// PrintQueue is the folder letters are written to as PDF files for the
	// print shop to collect, made on the first letter; "" sends no letters.
	PrintQueue string
	// NoticeDaysFR and NoticeDaysCAQC are how many days before a line's
	// commitment ends its notice is queued, in France and in Québec
	// (notice.Leads), each within the law's window (notice.LeadBounds).
	NoticeDaysFR   int
	NoticeDaysCAQC int
	// PublicURL is the address people reach the console and the space at,
	// "https://crm.example" behind a proxy that terminates TLS; "" when
	// tact is reached directly. An https one makes every cookie Secure and
	// sends Strict-Transport-Security (web.Edge.HTTPS).
	PublicURL string
	// TrustedProxies are the proxies in front of tact whose X-Forwarded-For
	// names the client (web.Edge.TrustedProxies); none by default, so no
	// request chooses the address the sign-in limits count it under.
	TrustedProxies []netip.Prefix
}

// DefaultMailFrom is the demo operator's sender address (.example: it
// reaches no one by accident).
const DefaultMailFrom = "Opérateur Démo <service-client@operateur-demo.example>"

// Default returns the configuration of a fresh install: SQLite in the current
// directory, served on the loopback interface, the demo operator's profile
// (tact.DefaultOperator), jobs every minute.
func Default() Config {
	op := tact.DefaultOperator()
	return Config{
		DB:               "sqlite:./tact.db",
		Addr:             "127.0.0.1:8080",
		SQLiteSync:       "FULL",
		FactCache:        true,
		LogLevel:         "info",
		LogFormat:        "text",
		ShutdownTimeout:  15 * time.Second,
		OperatorName:     op.Name,
		SupportPhoneFR:   op.SupportPhone[tact.FR],
		SupportPhoneCAQC: op.SupportPhone[tact.CAQC],
		SubscriberOnly:   op.SubscriberOnly,
		JobsInterval:     time.Minute,
		MailFrom:         DefaultMailFrom,
		PrintQueue:       "./print-queue",
		NoticeDaysFR:     notice.DefaultLeads().FR,
		NoticeDaysCAQC:   notice.DefaultLeads().CAQC,
	}
}

// FromEnv returns Default overlaid with the TACT_* variables that getenv finds.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Default()
	for name, dst := range map[string]*string{
		"TACT_DB": &c.DB, "TACT_ADDR": &c.Addr, "TACT_SQLITE_SYNC": &c.SQLiteSync,
		"TACT_LOG_LEVEL": &c.LogLevel, "TACT_LOG_FORMAT": &c.LogFormat,
		"TACT_OPERATOR_NAME": &c.OperatorName, "TACT_POLICY": &c.PolicyFile, "TACT_SUPPORT_PHONE_FR": &c.SupportPhoneFR, "TACT_SUPPORT_PHONE_CAQC": &c.SupportPhoneCAQC,
		"TACT_SMTP_URL": &c.SMTPURL, "TACT_MAIL_FROM": &c.MailFrom, "TACT_PRINT_QUEUE": &c.PrintQueue,
		"TACT_PUBLIC_URL": &c.PublicURL,
	} {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	if v := getenv("TACT_FACT_CACHE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("TACT_FACT_CACHE: %q is not true or false", v)
		}
		c.FactCache = b
	}
	if v := getenv("TACT_TRUSTED_PROXIES"); v != "" {
		p, err := ParseProxies(v)
		if err != nil {
			return c, fmt.Errorf("TACT_TRUSTED_PROXIES: %v", err)
		}
		c.TrustedProxies = p
	}
	if v := getenv("TACT_SUBSCRIBER_ONLY_NUMBERS"); v != "" {
		c.SubscriberOnly = splitList(v)
	}
	if v := getenv("TACT_SERVICE_LEVELS"); v != "" {
		levels, err := ParseServiceLevels(v)
		if err != nil {
			return c, fmt.Errorf("TACT_SERVICE_LEVELS: %v", err)
		}
		c.ServiceLevels = levels
	}
	for name, dst := range map[string]*int{
		"TACT_NOTICE_DAYS_FR": &c.NoticeDaysFR, "TACT_NOTICE_DAYS_CAQC": &c.NoticeDaysCAQC,
	} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return c, fmt.Errorf("%s: %q is not a whole number of days", name, v)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Duration{
		"TACT_SHUTDOWN_TIMEOUT": &c.ShutdownTimeout, "TACT_JOBS_INTERVAL": &c.JobsInterval,
	} {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return c, fmt.Errorf("%s: %v", name, err)
			}
			*dst = d
		}
	}
	return c, nil
}

// Flags registers the flags every command that opens the database takes,
// defaulting to c's current values (so flags override the environment).
func (c *Config) Flags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database: sqlite:PATH or postgres://… (env TACT_DB)")
	fs.StringVar(&c.SQLiteSync, "sqlite-sync", c.SQLiteSync, "SQLite durability: FULL or NORMAL (env TACT_SQLITE_SYNC)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env TACT_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json (env TACT_LOG_FORMAT)")
	fs.StringVar(&c.OperatorName, "operator-name", c.OperatorName, "the operator's name in customer-facing texts (env TACT_OPERATOR_NAME)")
	fs.StringVar(&c.SupportPhoneFR, "support-phone-fr", c.SupportPhoneFR, "free support number shown to customers in France (env TACT_SUPPORT_PHONE_FR)")
	fs.StringVar(&c.SupportPhoneCAQC, "support-phone-caqc", c.SupportPhoneCAQC, "free support number shown to customers in Québec (env TACT_SUPPORT_PHONE_CAQC)")
	fs.Func("subscriber-only-numbers", fmt.Sprintf("comma-separated numbers only subscribers can call, never given to a former customer (env TACT_SUBSCRIBER_ONLY_NUMBERS; default %s)", strings.Join(c.SubscriberOnly, ",")),
		func(v string) error { c.SubscriberOnly = splitList(v); return nil })
	fs.Func("service-levels", "business days to first answer/resolution per case category, e.g. complaint=2/10,incident=1/5 (env TACT_SERVICE_LEVELS; default "+
		FormatServiceLevels(cases.DefaultServiceLevels)+")",
		func(v string) error {
			levels, err := ParseServiceLevels(v)
			c.ServiceLevels = levels
			return err
		})
	c.PolicyFlag(fs)
	c.MailFlags(fs)
	c.NoticeFlags(fs)
}

// NoticeFlags registers --notice-days-fr and --notice-days-caqc: how many
// days before a commitment ends its customer is told.
func (c *Config) NoticeFlags(fs *flag.FlagSet) {
	fr, qc := notice.LeadBounds(tact.FR), notice.LeadBounds(tact.CAQC)
	fs.IntVar(&c.NoticeDaysFR, "notice-days-fr", c.NoticeDaysFR,
		fmt.Sprintf("days before a commitment ends that a customer in France is told, %d to %d (env TACT_NOTICE_DAYS_FR)", fr.Min, fr.Max))
	fs.IntVar(&c.NoticeDaysCAQC, "notice-days-caqc", c.NoticeDaysCAQC,
		fmt.Sprintf("days before a commitment ends that a customer in Québec is told, %d to %d (env TACT_NOTICE_DAYS_CAQC)", qc.Min, qc.Max))
}

// NoticeLeads returns the end-of-commitment notice leads (app.Options.NoticeLeads).
func (c Config) NoticeLeads() notice.Leads {
	return notice.Leads{FR: c.NoticeDaysFR, CAQC: c.NoticeDaysCAQC}
}

// MailFlags registers --smtp-url, --mail-from and --print-queue: how email
// and letters go out.
func (c *Config) MailFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTPURL, "smtp-url", c.SMTPURL, "SMTP server for email, smtp://[user:pass@]host:port?tls=none|starttls|tls; empty sends no email (env TACT_SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "sender of email to customers, Name <address> (env TACT_MAIL_FROM)")
	fs.StringVar(&c.PrintQueue, "print-queue", c.PrintQueue, "folder letters are written to as PDF for the print shop; empty sends no letters (env TACT_PRINT_QUEUE)")
}

// Mailer returns the email sender: mail.Unconfigured when no SMTP URL is
// given (every send fails saying so), else an SMTP sender for SMTPURL and
// MailFrom, checked but not yet connected.
func (c Config) Mailer() (mail.Sender, error) {
	if c.SMTPURL == "" {
		return mail.Unconfigured{}, nil
	}
	s, err := mail.NewSMTP(mail.Config{URL: c.SMTPURL, From: c.MailFrom})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// PolicyFlag registers --policy, the contact policy file.
func (c *Config) PolicyFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.PolicyFile, "policy", c.PolicyFile, "contact policy file (TOML) over the law's defaults; see tact policy show --format toml (env TACT_POLICY)")
}

// ContactPolicy returns the contact policy in force: contactpolicy.Default,
// overlaid with PolicyFile when one is given, validated. An invalid file is a
// *PolicyError listing its every problem; a server refuses to start with it.
func (c Config) ContactPolicy() (contactpolicy.Policy, error) {
	if c.PolicyFile == "" {
		return contactpolicy.Default(), nil
	}
	return LoadPolicy(c.PolicyFile)
}

// ParseServiceLevels reads "category=first/resolution,…": each category
// named once, both numbers whole business days, the first answer due no later
// than the resolution.
func ParseServiceLevels(v string) (map[cases.Category]cases.ServiceLevel, error) {
	out := map[cases.Category]cases.ServiceLevel{}
	for _, item := range splitList(v) {
		name, days, ok := strings.Cut(item, "=")
		cat := cases.Category(strings.TrimSpace(name))
		var lvl cases.ServiceLevel
		if ok {
			_, err := fmt.Sscanf(strings.TrimSpace(days), "%d/%d", &lvl.FirstAnswerDays, &lvl.ResolutionDays)
			ok = err == nil
		}
		switch {
		case !ok:
			return nil, fmt.Errorf("%q is not category=first/resolution, e.g. complaint=2/10", item)
		case !cat.Valid():
			return nil, fmt.Errorf("%q is not a case category (%s)", cat, joinCategories())
		case out[cat] != (cases.ServiceLevel{}):
			return nil, fmt.Errorf("%s is given twice", cat)
		case lvl.FirstAnswerDays < 1 || lvl.ResolutionDays < lvl.FirstAnswerDays || lvl.ResolutionDays > 90:
			return nil, fmt.Errorf("%s: the first answer takes at least 1 business day and no more than the resolution, which takes at most 90", cat)
		}
		out[cat] = lvl
	}
	return out, nil
}

// FormatServiceLevels writes levels as ParseServiceLevels reads them, by category.
func FormatServiceLevels(levels map[cases.Category]cases.ServiceLevel) string {
	var parts []string
	for _, cat := range cases.Categories {
		if lvl, ok := levels[cat]; ok {
			parts = append(parts, fmt.Sprintf("%s=%d/%d", cat, lvl.FirstAnswerDays, lvl.ResolutionDays))
		}
	}
	return strings.Join(parts, ",")
}

func joinCategories() string {
	names := make([]string, len(cases.Categories))
	for i, cat := range cases.Categories {
		names[i] = string(cat)
	}
	return strings.Join(names, ", ")
}

// splitList splits a comma-separated list, trimming spaces and dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// Operator returns the operator's profile for customer-facing texts
// (app.Options.Operator).
func (c Config) Operator() tact.Operator {
	return tact.Operator{
		Name:           c.OperatorName,
		SupportPhone:   map[tact.Jurisdiction]string{tact.FR: c.SupportPhoneFR, tact.CAQC: c.SupportPhoneCAQC},
		SubscriberOnly: slices.Clone(c.SubscriberOnly),
	}
}

// ServeFlags registers the flags of commands that serve HTTP.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address host:port (env TACT_ADDR)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "time in-flight requests get to finish on stop")
	fs.BoolVar(&c.FactCache, "fact-cache", c.FactCache, "SQLite: hold every customer's contact facts in memory, kept current on write; false reads each from the database (env TACT_FACT_CACHE)")
	fs.DurationVar(&c.JobsInterval, "jobs-interval", c.JobsInterval, "how often to run the scheduled jobs (overdue sweep), first at start; 0 disables (env TACT_JOBS_INTERVAL)")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "address people reach the console at, e.g. https://crm.example behind a TLS-terminating proxy: https makes every cookie Secure and sends Strict-Transport-Security (env TACT_PUBLIC_URL)")
	fs.Func("trusted-proxies", "comma-separated addresses or CIDR ranges of the proxies in front of tact whose X-Forwarded-For names the client; none by default (env TACT_TRUSTED_PROXIES)",
		func(v string) error {
			p, err := ParseProxies(v)
			c.TrustedProxies = p
			return err
		})
}

// HTTPS reports whether people reach tact over HTTPS: PublicURL is https.
func (c Config) HTTPS() bool { return strings.HasPrefix(strings.ToLower(c.PublicURL), "https://") }

// checkPublicURL accepts "" or an http(s) URL of a host alone: the console
// lives at /console/ and the space at /space/ of that host, so a path would
// promise a mounting tact does not do.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("public URL %q: %v", s, err)
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("public URL %q: use https://host (or http://host), e.g. https://crm.example", s)
	case u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("public URL %q: give the scheme and host only, e.g. https://crm.example", s)
	}
	return nil
}

// ParseProxies reads "10.0.0.0/8, 192.0.2.10, 2001:db8::/32": addresses and
// CIDR ranges, an address standing for itself alone.
func ParseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range splitList(v) {
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR range (e.g. 10.0.0.0/8)", item)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Engine returns the engine DB names and its target: a file path or a URL.
func (c Config) Engine() (engine, target string, err error) {
	switch {
	case strings.HasPrefix(c.DB, "sqlite:"):
		path := strings.TrimPrefix(c.DB, "sqlite:")
		if path == "" {
			return "", "", fmt.Errorf("--db sqlite: needs a file path, e.g. sqlite:./tact.db")
		}
		return SQLite, path, nil
	case strings.HasPrefix(c.DB, "postgres://"), strings.HasPrefix(c.DB, "postgresql://"):
		return Postgres, c.DB, nil
	}
	return "", "", fmt.Errorf("--db %q: use sqlite:PATH or a postgres:// URL", c.DB)
}

// Validate checks the values that can be checked without opening anything.
func (c Config) Validate() error {
	if _, _, err := c.Engine(); err != nil {
		return err
	}
	if s := strings.ToUpper(c.SQLiteSync); s != "FULL" && s != "NORMAL" {
		return fmt.Errorf("sqlite sync %q: use FULL or NORMAL", c.SQLiteSync)
	}
	if _, err := c.Level(); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format %q: use text or json", c.LogFormat)
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("shutdown timeout must be positive")
	}
	if strings.TrimSpace(c.OperatorName) == "" {
		return fmt.Errorf("operator name must not be empty: customers read it")
	}
	for _, p := range []struct{ j, phone string }{{"FR", c.SupportPhoneFR}, {"CA-QC", c.SupportPhoneCAQC}} {
		if !hasDigit(p.phone) {
			return fmt.Errorf("support phone %s %q: every customer-facing document shows a free support number", p.j, p.phone)
		}
	}
	for _, n := range c.SubscriberOnly {
		if !hasDigit(n) {
			return fmt.Errorf("subscriber-only number %q has no digits", n)
		}
	}
	if c.JobsInterval < 0 {
		return fmt.Errorf("jobs interval must be 0 (no jobs) or positive")
	}
	if err := checkPublicURL(c.PublicURL); err != nil {
		return err
	}
	// A lead the law does not allow stops the server at start: notices
	// queued too late (or too early) cannot be taken back.
	if err := c.NoticeLeads().Validate(); err != nil {
		return err
	}
	// A bad SMTP URL stops the server at start, not at its first email.
	if _, err := c.Mailer(); err != nil {
		return err
	}
	if c.PrintQueue != "" {
		if fi, err := os.Stat(c.PrintQueue); err == nil && !fi.IsDir() {
			return fmt.Errorf("print queue %s is a file, not a folder", c.PrintQueue)
		}
	}
	return nil
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// Level returns the log level.
func (c Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}
