// Package mail sends tact's email through an SMTP server. It is an I/O
// boundary, like internal/sqlite: domain packages decide what to write and to
// whom, this package only puts it on the wire. MIME (alternatives,
// attachments, encoded headers) is github.com/wneessen/go-mail's, never
// written by hand here.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Attachment is a file sent with a message, e.g. an offer's PDF.
type Attachment struct {
	// Name is the file name the customer sees, e.g. "offre-2026-11.pdf".
	Name string
	// ContentType is its MIME type, e.g. "application/pdf";
	// "application/octet-stream" when empty.
	ContentType string
	// Data is the file's bytes, sent as they are (base64 on the wire).
	Data []byte
}

// Message is one email to one customer.
type Message struct {
	// To is one address, "name@example.org" or "Name <name@example.org>".
	To string
	// Subject may hold any Unicode text (accents, « »): it is encoded for
	// the header.
	Subject string
	// Text is the plain-text body, always sent: every customer can read it.
	Text string
	// HTML is an optional HTML version of Text, sent beside it as
	// multipart/alternative.
	HTML string
	// Attachments are sent after the body, in order.
	Attachments []Attachment
	// Language is the text's language ("fr-FR", "fr-CA", "en"), sent as
	// Content-Language so readers and screen readers pick the right one.
	Language string
	// ID is tact's delivery id, sent as the header X-Tact-Delivery so that
	// a bounce or a reply, which quote the headers, leads back to it.
	ID string
}

// DeliveryHeader is the header that carries Message.ID.
const DeliveryHeader = "X-Tact-Delivery"

// Sender sends email. Send returns once the server has accepted the message
// (or refused it); it never retries: the caller records the failure and
// decides.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// The kinds of failure a caller may want to tell apart (with errors.Is) when
// it records a delivery's failure note or decides to try again.
var (
	// ErrNotConfigured: the process was started without an SMTP server.
	ErrNotConfigured = errors.New("no SMTP server is configured")
	// ErrUnreachable: the network did not lead to the server (connection
	// refused, unknown host, timeout); worth trying again later. A server
	// reached that refuses the session (no STARTTLS, a bad login) is not
	// this: that is the configuration's fault, and retrying will not help.
	ErrUnreachable = errors.New("SMTP server unreachable")
	// ErrRecipientRefused: the server refused the recipient's address.
	ErrRecipientRefused = errors.New("recipient refused")
)

// Unconfigured is the Sender of a server started without --smtp-url: every
// Send fails, saying so, so a delivery records why it did not go instead of
// vanishing.
type Unconfigured struct{}

// Send returns ErrNotConfigured.
func (Unconfigured) Send(context.Context, Message) error {
	return fmt.Errorf("%w: start tact with --smtp-url (or TACT_SMTP_URL) to send email", ErrNotConfigured)
}

// TLS modes of Config.URL's tls parameter.
const (
	TLSNone     = "none"     // plain SMTP: a local relay, or tests
	TLSStartTLS = "starttls" // upgrade with STARTTLS, required (no silent fallback to plain)
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, port 465)
)

// Config is how to reach the SMTP server and whom mail comes from.
type Config struct {
	// URL is smtp://[user:pass@]host[:port][?tls=none|starttls|tls]. tls
	// defaults to starttls when a password is given (a password never
	// travels in clear by default), else none; the port to 465 for tls,
	// 587 for starttls, 25 for none.
	URL string
	// From is the sender, "Name <address>"; the name may hold accents.
	From string
}

// SMTP sends each message over its own SMTP session. It holds no connection
// between sends, so it is safe for concurrent use and a server restart costs
// nothing.
type SMTP struct {
	host, mode     string // mode is TLSNone, TLSStartTLS or TLSImplicit
	port           int
	user, password string
	from           *netmail.Address
	addr           string // host:port, for errors
	timeout        time.Duration
	roots          *x509.CertPool // nil: the system's; tests trust mailtest's own
}

// defaultTimeout bounds each step of a session (go-mail's own timeout), so a
// server that stops answering cannot hold a delivery for ever even when ctx
// has no deadline.
const defaultTimeout = 30 * time.Second

// NewSMTP checks cfg and returns a sender for it. It opens no connection: an
// unreachable server is reported by Send, with the delivery it concerns.
func NewSMTP(cfg Config) (*SMTP, error) {
	s := &SMTP{timeout: defaultTimeout}
	if strings.TrimSpace(cfg.URL) == "" {
		return nil, errors.New("SMTP URL is empty: give smtp://[user:pass@]host:port?tls=none|starttls|tls")
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		// url.Error quotes the whole URL, password included: keep only
		// what went wrong.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("SMTP URL is not a URL (%v): give smtp://[user:pass@]host:port?tls=none|starttls|tls", err)
	}
	shown := u.Redacted()
	if u.Scheme != "smtp" {
		return nil, fmt.Errorf("SMTP URL %s: the scheme must be smtp://, with ?tls=tls for SMTPS", shown)
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return nil, fmt.Errorf("SMTP URL %s: only smtp://[user:pass@]host:port?tls=…, no path", shown)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, fmt.Errorf("SMTP URL %s: no host", shown)
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
		if s.user == "" || s.password == "" {
			return nil, fmt.Errorf("SMTP URL %s: a login needs both a user and a password (user:pass@host)", shown)
		}
	}
	q := u.Query()
	for k := range q {
		if k != "tls" {
			return nil, fmt.Errorf("SMTP URL %s: unknown parameter %q (only tls)", shown, k)
		}
	}
	s.mode = q.Get("tls")
	switch {
	case s.mode == "" && s.password != "":
		s.mode = TLSStartTLS
	case s.mode == "":
		s.mode = TLSNone
	case s.mode != TLSNone && s.mode != TLSStartTLS && s.mode != TLSImplicit:
		return nil, fmt.Errorf("SMTP URL %s: unknown tls %q: use none, starttls or tls", shown, s.mode)
	}
	if s.mode == TLSNone && s.password != "" && !isLoopback(s.host) {
		return nil, fmt.Errorf("SMTP URL %s: tls=none would send the password in clear to %s: use tls=starttls or tls=tls", shown, s.host)
	}
	s.port = map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[s.mode]
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("SMTP URL %s: port %q is not 1–65535", shown, p)
		}
		s.port = n
	}
	s.addr = net.JoinHostPort(s.host, strconv.Itoa(s.port))

	if strings.TrimSpace(cfg.From) == "" {
		return nil, errors.New("mail From is empty: give the sender, e.g. Opérateur Démo <service-client@operateur-demo.example>")
	}
	s.from, err = netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail From %q is not an address (%v): e.g. Opérateur Démo <service-client@operateur-demo.example>", cfg.From, err)
	}
	return s, nil
}

// isLoopback reports whether host is this machine, where a password in clear
// crosses no network (go-mail allows PLAIN there too).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Addr returns the server's host:port.
func (s *SMTP) Addr() string { return s.addr }

// Send sends m in one SMTP session and returns when the server has accepted
// it. ctx bounds the whole session, not only the connection: when it is done
// the connection is closed and Send returns an error wrapping ctx.Err().
// A server that cannot be reached wraps ErrUnreachable, a refused recipient
// ErrRecipientRefused; both name the server, the latter the recipient.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("mail to %s not sent: %w", m.To, err)
	}

	// go-mail bounds the dial with ctx, but later reads and writes only with
	// its own timeout; closing the connection when ctx is done makes any
	// blocked step return at once. The connection is also closed on the
	// way out: go-mail leaves it open when the session fails after
	// connecting (no STARTTLS, a refused greeting).
	var stops []func() bool
	var conns []net.Conn
	defer func() {
		for _, stop := range stops {
			stop()
		}
		for _, c := range conns {
			c.Close() // already closed after QUIT: the error says nothing
		}
	}()
	var dialer net.Dialer
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		var conn net.Conn
		var err error
		if s.mode == TLSImplicit {
			// A custom dialer replaces go-mail's own TLS dialing, so do it here.
			td := tls.Dialer{NetDialer: &dialer, Config: s.tlsConfig()}
			conn, err = td.DialContext(dctx, network, addr)
		} else {
			conn, err = dialer.DialContext(dctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		conns = append(conns, conn)
		stops = append(stops, context.AfterFunc(ctx, func() { conn.Close() }))
		return conn, nil
	}

	opts := []gomail.Option{
		gomail.WithPort(s.port),
		// Not shortened to ctx's deadline: the connection closed by ctx
		// then tells the cause (ctx.Err), where a deadline of its own
		// would race it and say only "i/o timeout".
		gomail.WithTimeout(s.timeout),
		gomail.WithDialContextFunc(dial),
		gomail.WithTLSConfig(s.tlsConfig()),
	}
	switch s.mode {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		// The dialer above speaks TLS; WithSSL only stops go-mail from
		// trying STARTTLS inside it.
		opts = append(opts, gomail.WithSSL())
	}
	if s.user != "" {
		// go-mail's auto-discovery would refuse PLAIN and LOGIN here, as it
		// cannot see that our dialer speaks TLS; its PLAIN and LOGIN still
		// refuse to run without TLS themselves (except on loopback).
		opts = append(opts,
			gomail.WithUsername(s.user), gomail.WithPassword(s.password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return fmt.Errorf("mail to %s not sent: SMTP client for %s: %w", m.To, s.addr, err)
	}

	session, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		var nerr net.Error
		if errors.As(err, &nerr) {
			return s.fail(ctx, m, fmt.Errorf("%w at %s: %w", ErrUnreachable, s.addr, err))
		}
		return s.fail(ctx, m, fmt.Errorf("the SMTP server %s refused the session (tls=%s%s): %w", s.addr, s.mode, s.loginNote(), err))
	}
	err = client.SendWithSMTPClient(session, msg)
	// QUIT is a courtesy once the server has answered the message: its
	// failure changes nothing to what was sent.
	_ = client.CloseWithSMTPClient(session)
	if err == nil {
		return nil
	}
	var serr *gomail.SendError
	if errors.As(err, &serr) && serr.Reason == gomail.ErrSMTPRcptTo {
		return s.fail(ctx, m, fmt.Errorf("%w by the SMTP server %s: %w", ErrRecipientRefused, s.addr, err))
	}
	return s.fail(ctx, m, fmt.Errorf("the SMTP server %s did not take it: %w", s.addr, err))
}

// loginNote says, for an error, whether a login was tried (never the password).
func (s *SMTP) loginNote() string {
	if s.user == "" {
		return ", no login"
	}
	return ", login " + s.user
}

// fail words a failed send; when ctx ended the session, that is the cause.
func (s *SMTP) fail(ctx context.Context, m Message, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("mail to %s not sent: %w (%v)", m.To, cerr, err)
	}
	return fmt.Errorf("mail to %s not sent: %w", m.To, err)
}

func (s *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12, RootCAs: s.roots}
}

// build turns m into go-mail's message. Errors are the caller's (a bad
// address, no text), not the server's.
func (s *SMTP) build(m Message) (*gomail.Msg, error) {
	if strings.TrimSpace(m.To) == "" {
		return nil, errors.New("mail not sent: no recipient")
	}
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail to %q not sent: not an address: %v", m.To, err)
	}
	if m.Text == "" {
		return nil, fmt.Errorf("mail to %s not sent: no plain-text body (every message has one)", m.To)
	}
	msg := gomail.NewMsg()
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetUserAgent("tact")
	if m.Language != "" {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Language)
	}
	if m.ID != "" {
		msg.SetGenHeader(DeliveryHeader, m.ID)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if a.Name == "" {
			return nil, fmt.Errorf("mail to %s not sent: an attachment has no name", m.To)
		}
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct)))
	}
	return msg, nil
}
