// Package mailtest runs a real SMTP server inside a test process
// (github.com/emersion/go-smtp on 127.0.0.1), so a test sends email exactly
// as production does and reads back what arrived, raw and decoded. Decoding
// uses only the standard library, never the sending library, so a test
// checks go-mail's MIME against an independent reader.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	// From is the envelope sender (MAIL FROM), To the envelope recipients
	// (RCPT TO), as the client gave them.
	From string
	To   []string
	// TLS is whether the message came over TLS (STARTTLS or SMTPS).
	TLS bool
	// Raw is the message as it came over DATA (CRLF line ends).
	Raw []byte

	// The parsed view. ParseErr is why Raw could not be read; the fields
	// below are then whatever was read before.
	ParseErr error
	// Header is the top-level header, values as sent (encoded words left
	// encoded): Header.Get("Content-Language"), Header.Get("X-Tact-Delivery").
	Header mail.Header
	// Subject is the decoded subject (RFC 2047), UTF-8.
	Subject string
	// Text and HTML are the first text/plain and text/html parts outside any
	// attachment, decoded from quoted-printable or base64, with CRLF line
	// ends turned back into "\n" (SMTP sends every line end as CRLF).
	Text, HTML string
	// Attachments are the parts sent as attachments, in order.
	Attachments []Attachment
}

// Attachment is a received attachment, decoded.
type Attachment struct {
	Name        string // the file name, decoded (RFC 2231 or RFC 2047)
	ContentType string // the media type alone, e.g. "application/pdf"
	Data        []byte // the bytes, decoded from the transfer encoding
}

// Server is a running SMTP server that keeps every message it accepts.
type Server struct {
	srv  *smtp.Server
	addr string
	mode string         // none, starttls or tls
	pool *x509.CertPool // the certificate to trust, under TLS

	mu       sync.Mutex
	msgs     []Received
	arrived  chan struct{} // closed and replaced at each arrival, to wake Wait
	rejected map[string]bool
	user     string
	password string
}

// Start starts a server on 127.0.0.1 on a free port, in clear; it is closed
// when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	return start(t, "none")
}

// StartTLS starts a server that speaks TLS with a certificate of its own for
// 127.0.0.1, trusted by no one but CertPool: mode "starttls" offers
// STARTTLS, "tls" speaks TLS from the first byte (SMTPS).
func StartTLS(t testing.TB, mode string) *Server {
	t.Helper()
	if mode != "starttls" && mode != "tls" {
		t.Fatalf("mailtest: TLS mode %q: use starttls or tls", mode)
	}
	return start(t, mode)
}

func start(t testing.TB, mode string) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{addr: l.Addr().String(), mode: mode, arrived: make(chan struct{}), rejected: map[string]bool{}}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s, conn: c}, nil }))
	if mode != "none" {
		cfg, pool, err := selfSigned()
		if err != nil {
			l.Close()
			t.Fatalf("mailtest: certificate: %v", err)
		}
		s.pool = pool
		if mode == "tls" {
			l = tls.NewListener(l, cfg)
		} else {
			s.srv.TLSConfig = cfg
		}
	}
	s.srv.Domain = "mailtest.localhost"
	s.srv.AllowInsecureAuth = true // tests log in over plain TCP on loopback
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	s.srv.ErrorLog = discardLogger{} // a client hanging up is no test failure
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(l) }()
	t.Cleanup(func() {
		s.srv.Close()
		// go-smtp's Close closes only the listeners Serve has registered:
		// a test that ends before the goroutine above ran would leave
		// Serve accepting for ever.
		l.Close()
		<-served
	})
	return s
}

// URL is the URL to give mail.Config: smtp://127.0.0.1:PORT?tls=none
// (starttls or tls from StartTLS), with user:pass@ once RequireLogin was
// called.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := url.URL{Scheme: "smtp", Host: s.addr, RawQuery: "tls=" + s.mode}
	if s.user != "" {
		u.User = url.UserPassword(s.user, s.password)
	}
	return u.String()
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.addr }

// CertPool holds the certificate of a StartTLS server (nil for Start), for
// a client that should trust it.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// selfSigned makes a certificate for 127.0.0.1 and localhost, valid for the
// hour around now: tests need TLS without files or a CA on the machine.
func selfSigned() (*tls.Config, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // its own root, so a pool of it alone verifies it
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}, pool, nil
}

// Reject makes the server refuse addr at RCPT TO (550 5.1.1), as a real
// server refuses an unknown mailbox, so a test can check what a failed
// delivery records. The comparison ignores case.
func (s *Server) Reject(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[strings.ToLower(addr)] = true
}

// RequireLogin makes the server offer AUTH PLAIN and refuse MAIL FROM until
// a client logs in as user with password.
func (s *Server) RequireLogin(user, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.password = user, password
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait waits until n messages have arrived and returns them; the test fails
// if they have not within timeout, or if one of them does not parse.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, arrived := append([]Received(nil), s.msgs...), s.arrived
		s.mu.Unlock()
		if len(msgs) >= n {
			for i, m := range msgs {
				if m.ParseErr != nil {
					t.Errorf("mailtest: message %d does not parse: %v\n%s", i, m.ParseErr, m.Raw)
				}
			}
			return msgs
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("mailtest: %d message(s) after %s, want %d", len(msgs), timeout, n)
			return nil
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// session is one SMTP session; go-smtp calls it from the connection's
// goroutine only.
type session struct {
	s        *Server
	conn     *smtp.Conn
	loggedIn bool
	from     string
	to       []string
}

func (ss *session) needsLogin() bool {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	return ss.s.user != "" && !ss.loggedIn
}

// AuthMechanisms offers PLAIN only when a login is required, so a server
// without one advertises no AUTH, as most relays on a private network.
func (ss *session) AuthMechanisms() []string {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, password string) error {
		ss.s.mu.Lock()
		ok := ss.s.user != "" && user == ss.s.user && password == ss.s.password
		ss.s.mu.Unlock()
		if !ok {
			return smtp.ErrAuthFailed
		}
		ss.loggedIn = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.needsLogin() {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	refused := ss.s.rejected[strings.ToLower(to)]
	ss.s.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: mailbox unavailable"}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec := Parse(raw)
	rec.From, rec.To = ss.from, append([]string(nil), ss.to...)
	_, rec.TLS = ss.conn.TLSConnectionState()
	ss.s.add(rec)
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// Parse reads a raw message into the parsed view of Received (From and To,
// the envelope, are left empty). It never fails outright: what it could not
// read is in ParseErr.
func Parse(raw []byte) Received {
	rec := Received{Raw: raw}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		rec.ParseErr = fmt.Errorf("header: %w", err)
		return rec
	}
	rec.Header = m.Header
	var dec mime.WordDecoder
	if rec.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		rec.ParseErr = fmt.Errorf("subject: %w", err)
		return rec
	}
	rec.ParseErr = rec.walk(partHeader(m.Header), m.Body, 0)
	return rec
}

// partHeader is what walk needs of a part's header, whether the message's
// own (net/mail) or a part's (mime/multipart).
type partHeader interface{ Get(string) string }

// walk reads one part: descends into multiparts, keeps the first text and
// HTML bodies, collects attachments.
func (rec *Received) walk(h partHeader, body io.Reader, depth int) error {
	if depth > 10 {
		return errors.New("multipart nested more than 10 deep")
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii" // RFC 2045 §5.2
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("Content-Type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		// NextRawPart, not NextPart: NextPart decodes quoted-printable
		// silently and drops the header, and this reader must check that
		// the sender chose and declared the encoding right.
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := rec.walk(p.Header, p, depth+1); err != nil {
				return err
			}
		}
	}
	data, err := decode(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return fmt.Errorf("%s: %w", mediaType, err)
	}
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if disposition == "attachment" || (name != "" && disposition != "inline") {
		var dec mime.WordDecoder
		if decoded, err := dec.DecodeHeader(name); err == nil {
			name = decoded
		}
		rec.Attachments = append(rec.Attachments, Attachment{Name: name, ContentType: mediaType, Data: data})
		return nil
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("%s in charset %s: tact sends UTF-8", mediaType, cs)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	switch {
	case mediaType == "text/plain" && rec.Text == "":
		rec.Text = text
	case mediaType == "text/html" && rec.HTML == "":
		rec.HTML = text
	}
	return nil
}

// decode undoes a Content-Transfer-Encoding.
func decode(cte string, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "", "7bit", "8bit", "binary":
		return io.ReadAll(body)
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(body))
	case "base64":
		// Encoded lines end in CRLF, which the base64 decoder skips.
		return io.ReadAll(base64.NewDecoder(base64.StdEncoding, body))
	}
	return nil, fmt.Errorf("unknown Content-Transfer-Encoding %q", cte)
}
