package mail

import (
	"context"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/mail/mailtest"
)

// Over STARTTLS and over TLS from the first byte, with a login: the message
// arrives whole. The server's own certificate is trusted here through the
// unexported roots; TestUntrustedCertificate checks that nothing else is.
func TestSendOverTLS(t *testing.T) {
	for _, mode := range []string{TLSStartTLS, TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			srv := mailtest.StartTLS(t, mode)
			srv.RequireLogin("tact", "mot de passe « sûr »")
			s, err := NewSMTP(Config{URL: srv.URL(), From: "Opérateur Démo <service-client@operateur-demo.example>"})
			if err != nil {
				t.Fatal(err)
			}
			if s.mode != mode {
				t.Fatalf("mode %s from %s", s.mode, srv.URL())
			}
			s.roots = srv.CertPool()
			m := Message{To: "a@example.org", Subject: "Confidentiel : « votre offre »", Text: "Chiffré de bout en bout… du serveur.\n",
				Attachments: []Attachment{{Name: "offre.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7\n\x00\xff")}}}
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			got := srv.Wait(t, 1, 5*time.Second)[0]
			if !got.TLS {
				t.Error("arrived in clear")
			}
			if got.Subject != m.Subject || got.Text != m.Text || len(got.Attachments) != 1 || string(got.Attachments[0].Data) != string(m.Attachments[0].Data) {
				t.Errorf("got %q %q %v", got.Subject, got.Text, got.Attachments)
			}
		})
	}
}

// The TLS modes default as the URL documents.
func TestTLSDefaults(t *testing.T) {
	for url, want := range map[string]string{
		"smtp://relay.example":                  TLSNone,
		"smtp://u:p@relay.example":              TLSStartTLS,
		"smtp://u:p@relay.example?tls=tls":      TLSImplicit,
		"smtp://relay.example?tls=starttls":     TLSStartTLS,
		"smtp://u:p@127.0.0.1:25?tls=none":      TLSNone,
		"smtp://relay.example?tls=":             TLSNone,
		"smtp://u:p@relay.example:2525?tls=":    TLSStartTLS,
		"smtp://relay.example:465?tls=tls":      TLSImplicit,
		"smtp://relay.example:587?tls=starttls": TLSStartTLS,
		"smtp://u:p@[::1]:2525":                 TLSStartTLS,
	} {
		s, err := NewSMTP(Config{URL: url, From: "a@example.org"})
		if err != nil || s.mode != want {
			t.Errorf("%s: %v %v, want %s", url, s, err, want)
		}
	}
}
