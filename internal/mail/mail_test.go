package mail_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/mail/mailtest"
)

const from = "Opérateur Démo <service-client@operateur-demo.example>"

func newSMTP(t *testing.T, url string) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.Config{URL: url, From: from})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// pdf is a PDF's first bytes followed by every byte value, CR and LF alone
// included, so any text-mode mangling of the attachment shows.
func pdf() []byte {
	b := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	for i := range 256 {
		b = append(b, byte(i))
	}
	b = append(b, "\r\n.\r\n\n.\n%%EOF\n"...)
	return b
}

// The offer of issue 5, as a customer in France receives it: every
// character of the subject and bodies and every byte of the PDF arrive as
// sent, read back by an independent parser (the standard library's).
func TestOfferRoundTrips(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSMTP(t, srv.URL())
	m := mail.Message{
		To: "Mme Élise Lefèvre <elise.lefevre@example.org>",
		// Longer than one encoded word, so it is folded over several lines.
		Subject: "Votre offre « Fibre Max » : 29,99 € par mois, comme promis le 12 novembre — Opérateur Démo",
		Text: "Bonjour Madame Lefèvre,\n\n" +
			"Voici l'offre « Fibre Max » promise le 12 novembre : 29,99 € par mois pendant 12 mois, au lieu de 44,99 € aujourd'hui, soit 180,00 € d'économie sur un an d'après votre propre consommation.\n" +
			".Une ligne qui commence par un point (doublé sur le fil, RFC 5321 §4.5.2).\n" +
			"From une ligne qui commence par From.\n" +
			"Des espaces en fin de ligne   \n" +
			"Ça, c'est « garanti » jusqu'au 31/12 ; ½ € près. Œuvre, naïveté, Noël.\n\n" +
			"Cordialement,\nOpérateur Démo\n",
		HTML: "<!doctype html><html lang=\"fr\"><body><p>Bonjour Madame Lefèvre,</p>" +
			"<p>Voici l’offre <strong>« Fibre Max »</strong> promise le 12&nbsp;novembre : 29,99&nbsp;€ par mois pendant 12 mois, au lieu de 44,99&nbsp;€ aujourd’hui.</p>\n" +
			"<p>Ça, c’est « garanti » — Opérateur Démo</p></body></html>\n",
		Attachments: []mail.Attachment{{Name: "offre-fibre-max-élise.pdf", ContentType: "application/pdf", Data: pdf()}},
		Language:    "fr-FR",
		ID:          "dlv_01JDQ8Z6R5N3T2V9W4X7Y0K1M8",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]

	if got.TLS {
		t.Error("tls=none came over TLS")
	}
	if got.From != "service-client@operateur-demo.example" || !slices.Equal(got.To, []string{"elise.lefevre@example.org"}) {
		t.Errorf("envelope: from %q to %q", got.From, got.To)
	}
	if got.Subject != m.Subject {
		t.Errorf("subject:\n got %q\nwant %q", got.Subject, m.Subject)
	}
	if got.Text != m.Text {
		t.Errorf("text:\n got %q\nwant %q", got.Text, m.Text)
	}
	if got.HTML != m.HTML {
		t.Errorf("html:\n got %q\nwant %q", got.HTML, m.HTML)
	}
	if len(got.Attachments) != 1 {
		t.Fatalf("%d attachments, want 1", len(got.Attachments))
	}
	a := got.Attachments[0]
	if a.Name != m.Attachments[0].Name || a.ContentType != "application/pdf" {
		t.Errorf("attachment %q %q, want %q application/pdf", a.Name, a.ContentType, m.Attachments[0].Name)
	}
	if !bytes.Equal(a.Data, m.Attachments[0].Data) {
		t.Errorf("attachment bytes differ:\n got %q\nwant %q", a.Data, m.Attachments[0].Data)
	}
	if v := got.Header.Get("Content-Language"); v != "fr-FR" {
		t.Errorf("Content-Language %q, want fr-FR", v)
	}
	if v := got.Header.Get(mail.DeliveryHeader); v != m.ID {
		t.Errorf("%s %q, want %q", mail.DeliveryHeader, v, m.ID)
	}
	if addrs, err := got.Header.AddressList("From"); err != nil || len(addrs) != 1 || addrs[0].Name != "Opérateur Démo" || addrs[0].Address != "service-client@operateur-demo.example" {
		t.Errorf("From header %v, %v", addrs, err)
	}
	if addrs, err := got.Header.AddressList("To"); err != nil || len(addrs) != 1 || addrs[0].Name != "Mme Élise Lefèvre" {
		t.Errorf("To header %v, %v", addrs, err)
	}
	if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/mixed") || !bytes.Contains(got.Raw, []byte("multipart/alternative")) {
		t.Errorf("want multipart/mixed holding multipart/alternative; Content-Type %q", ct)
	}
	// Headers are 7-bit on the wire: a server without SMTPUTF8 takes them.
	header, _, _ := bytes.Cut(got.Raw, []byte("\r\n\r\n"))
	for i, c := range header {
		if c >= 0x80 {
			t.Fatalf("8-bit byte in the header at %d: %q", i, header)
		}
	}
}

// A text-only message is a single text/plain part; Content-Language follows
// the customer (fr-CA in Québec).
func TestTextOnly(t *testing.T) {
	srv := mailtest.Start(t)
	m := mail.Message{To: "client@example.ca", Subject: "Votre rappel", Text: "Bonjour,\n\nNous vous rappelons demain à 10 h.\n", Language: "fr-CA"}
	if err := newSMTP(t, srv.URL()).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	if got.Text != m.Text || got.HTML != "" || len(got.Attachments) != 0 || got.Header.Get("Content-Language") != "fr-CA" || got.Header.Get(mail.DeliveryHeader) != "" {
		t.Errorf("got text %q html %q %d attachments, language %q, delivery %q", got.Text, got.HTML, len(got.Attachments),
			got.Header.Get("Content-Language"), got.Header.Get(mail.DeliveryHeader))
	}
	if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want text/plain", ct)
	}
}

// The error of a refused recipient names him: it becomes the delivery's
// failure note.
func TestRefusedRecipient(t *testing.T) {
	srv := mailtest.Start(t)
	srv.Reject("parti@example.org")
	err := newSMTP(t, srv.URL()).Send(context.Background(), mail.Message{To: "parti@example.org", Subject: "Enquête", Text: "Bonjour"})
	if !errors.Is(err, mail.ErrRecipientRefused) || !strings.Contains(err.Error(), "parti@example.org") || !strings.Contains(err.Error(), "550") {
		t.Fatalf("error %v: want a refused recipient naming parti@example.org and the server's 550", err)
	}
	if errors.Is(err, mail.ErrUnreachable) {
		t.Errorf("a refused recipient is not an unreachable server: %v", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages arrived", n)
	}
	t.Log(err)
}

// A closed port fails at once, naming the server.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err = newSMTP(t, "smtp://"+addr+"?tls=none").Send(ctx, mail.Message{To: "a@example.org", Text: "x"})
	if !errors.Is(err, mail.ErrUnreachable) || !strings.Contains(err.Error(), addr) {
		t.Fatalf("error %v: want unreachable naming %s", err, addr)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	t.Log(err)
}

// A server that accepts the connection and then says nothing holds a send no
// longer than ctx allows (go-mail's own timeout alone would be 30 s).
func TestSilentServerHonoursContext(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held sync.WaitGroup
	done := make(chan struct{})
	t.Cleanup(func() { close(done); l.Close(); held.Wait() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held.Go(func() { <-done; c.Close() }) // never greets
		}
	}()
	s := newSMTP(t, "smtp://"+l.Addr().String()+"?tls=none")

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Send(ctx, mail.Message{To: "a@example.org", Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: error %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("deadline: took %s", d)
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	err = s.Send(ctx, mail.Message{To: "a@example.org", Text: "x"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancel: took %s", d)
	}

	if err := s.Send(ctx, mail.Message{To: "a@example.org", Text: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: %v", err)
	}
}

// No silent downgrade: tls=starttls against a server without STARTTLS
// fails, and nothing is sent in clear.
func TestStartTLSRequired(t *testing.T) {
	srv := mailtest.Start(t)
	err := newSMTP(t, "smtp://"+srv.Addr()+"?tls=starttls").Send(context.Background(), mail.Message{To: "a@example.org", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") || errors.Is(err, mail.ErrUnreachable) {
		t.Fatalf("error %v: want one saying the server has no STARTTLS", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages sent in clear", n)
	}
	t.Log(err)
}

// A login in the URL is used (PLAIN without TLS only on loopback); a wrong
// one fails with a session error, not "unreachable".
func TestLogin(t *testing.T) {
	srv := mailtest.Start(t)
	srv.RequireLogin("tact", "s3cr:t/@é")
	m := mail.Message{To: "a@example.org", Text: "x"}
	if err := newSMTP(t, srv.URL()).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	srv.Wait(t, 1, 5*time.Second)

	err := newSMTP(t, "smtp://tact:wrong@"+srv.Addr()+"?tls=none").Send(context.Background(), m)
	if err == nil || errors.Is(err, mail.ErrUnreachable) || strings.Contains(err.Error(), "wrong") || !strings.Contains(err.Error(), "login tact") {
		t.Errorf("wrong password: %v", err)
	}
	t.Log(err)
	if err := newSMTP(t, "smtp://"+srv.Addr()+"?tls=none").Send(context.Background(), m); err == nil {
		t.Error("no login: sent")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

// One SMTP serves concurrent sends (each its own session).
func TestConcurrentSends(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSMTP(t, srv.URL())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			m := mail.Message{To: fmt.Sprintf("c%d@example.org", i), Subject: fmt.Sprintf("n° %d", i), Text: "x", ID: fmt.Sprint(i)}
			if err := s.Send(context.Background(), m); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got := srv.Wait(t, 8, 5*time.Second)
	seen := map[string]bool{}
	for _, r := range got {
		if r.Subject != "n° "+r.Header.Get(mail.DeliveryHeader) || r.To[0] != "c"+r.Header.Get(mail.DeliveryHeader)+"@example.org" {
			t.Errorf("mixed up: %q to %v, delivery %q", r.Subject, r.To, r.Header.Get(mail.DeliveryHeader))
		}
		seen[r.To[0]] = true
	}
	if len(seen) != 8 {
		t.Errorf("%d distinct recipients, want 8", len(seen))
	}
}

// A message tact cannot send is refused before any connection.
func TestInvalidMessage(t *testing.T) {
	srv := mailtest.Start(t)
	s := newSMTP(t, srv.URL())
	for name, m := range map[string]mail.Message{
		"no recipient":  {Text: "x"},
		"bad recipient": {To: "pas une adresse", Text: "x"},
		"no text":       {To: "a@example.org", HTML: "<p>x</p>"},
		"unnamed file":  {To: "a@example.org", Text: "x", Attachments: []mail.Attachment{{Data: []byte("%PDF-")}}},
	} {
		if err := s.Send(context.Background(), m); err == nil {
			t.Errorf("%s: sent", name)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages arrived", n)
	}
}

func TestUnconfigured(t *testing.T) {
	var s mail.Sender = mail.Unconfigured{}
	err := s.Send(context.Background(), mail.Message{To: "a@example.org", Text: "x"})
	if !errors.Is(err, mail.ErrNotConfigured) || !strings.Contains(err.Error(), "--smtp-url") {
		t.Errorf("%v: want an error naming --smtp-url", err)
	}
}

func TestNewSMTP(t *testing.T) {
	for _, tc := range []struct {
		url, from string
		addr      string // when valid
		err       string // when not
	}{
		{url: "smtp://127.0.0.1:2525?tls=none", addr: "127.0.0.1:2525"},
		{url: "smtp://mail.example.org", addr: "mail.example.org:25"},
		{url: "smtp://tact:pw@mail.example.org", addr: "mail.example.org:587"},
		{url: "smtp://tact:pw@mail.example.org:2587?tls=starttls", addr: "mail.example.org:2587"},
		{url: "smtp://mail.example.org?tls=tls", addr: "mail.example.org:465"},
		{url: "smtp://tact:pw@localhost:25?tls=none", addr: "localhost:25"},
		{url: "smtp://[::1]:25", addr: "[::1]:25"},
		{url: "smtp://mail.example.org/", addr: "mail.example.org:25"},
		{url: "smtp://mail.example.org", from: "service-client@operateur-demo.example", addr: "mail.example.org:25"},

		{url: "", err: "empty"},
		{url: "  ", err: "empty"},
		{url: "mail.example.org:25", err: "scheme"},
		{url: "smtps://mail.example.org", err: "?tls=tls"},
		{url: "http://mail.example.org", err: "scheme"},
		{url: "smtp://", err: "no host"},
		{url: "smtp://:25", err: "no host"},
		{url: "smtp://mail.example.org:x", err: "not a URL"},
		{url: "smtp://tact:secret@mail.example.org:25x", err: "not a URL"},
		{url: "smtp://mail.example.org:0", err: "port"},
		{url: "smtp://mail.example.org:70000", err: "port"},
		{url: "smtp://mail.example.org/relay", err: "no path"},
		{url: "smtp://mail.example.org?tls=ssl", err: `unknown tls "ssl"`},
		{url: "smtp://mail.example.org?tls=", err: ""}, // empty is the default
		{url: "smtp://mail.example.org?tsl=none", err: `unknown parameter "tsl"`},
		{url: "smtp://tact@mail.example.org", err: "user and a password"},
		{url: "smtp://:secret@mail.example.org", err: "user and a password"},
		{url: "smtp://tact:secret@mail.example.org?tls=none", err: "in clear"},
		{url: "smtp://mail.example.org", from: " ", err: "From is empty"},
		{url: "smtp://mail.example.org", from: "Opérateur Démo", err: "not an address"},
		{url: "smtp://mail.example.org", from: "a@b, c@d", err: "not an address"},
	} {
		f := tc.from
		if f == "" {
			f = from
		}
		s, err := mail.NewSMTP(mail.Config{URL: tc.url, From: f})
		switch {
		case tc.addr != "" && err != nil:
			t.Errorf("%q: %v", tc.url, err)
		case tc.addr != "" && s.Addr() != tc.addr:
			t.Errorf("%q: address %s, want %s", tc.url, s.Addr(), tc.addr)
		case tc.addr == "" && tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.url, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q from %q: error %v, want one saying %q", tc.url, f, err, tc.err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%q: the error shows the password: %v", tc.url, err)
		}
	}
}

// A server whose certificate the machine does not trust is refused, over
// STARTTLS and over TLS alike: nothing goes out in clear or to an impostor.
func TestUntrustedCertificate(t *testing.T) {
	for _, mode := range []string{mail.TLSStartTLS, mail.TLSImplicit} {
		srv := mailtest.StartTLS(t, mode)
		err := newSMTP(t, srv.URL()).Send(context.Background(), mail.Message{To: "a@example.org", Text: "x"})
		if err == nil || !strings.Contains(err.Error(), "certificate") || errors.Is(err, mail.ErrUnreachable) {
			t.Errorf("%s: error %v, want a certificate refused", mode, err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%s: %d messages arrived", mode, n)
		}
		t.Log(err)
	}
}
