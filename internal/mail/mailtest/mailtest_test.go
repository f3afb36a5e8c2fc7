package mailtest_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/mail/mailtest"
)

// The parser reads what other mailers write too (base64 text, RFC 2231 file
// names, a Latin-1 encoded word), not only go-mail's choices.
func TestParse(t *testing.T) {
	raw := strings.ReplaceAll(`Subject: =?ISO-8859-1?Q?R=E9sum=E9?= =?UTF-8?B?IMKrIG9mZnJlIMK7?=
Content-Language: fr-CA
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

preamble
--b1
Content-Type: multipart/alternative; boundary="b2"

--b2
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

`+base64.StdEncoding.EncodeToString([]byte("Ça marche.\nDeux lignes."))+`
--b2
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<p>=C3=87a marche, avec une tr=C3=A8s longue ligne coup=C3=A9e par un saut =
doux.</p>
--b2--
--b1
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''offre-%C3%A9t%C3%A9.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjcK
AP8=
--b1--
`, "\n", "\r\n")
	got := mailtest.Parse([]byte(raw))
	if got.ParseErr != nil {
		t.Fatal(got.ParseErr)
	}
	if got.Subject != "Résumé « offre »" || got.Header.Get("Content-Language") != "fr-CA" {
		t.Errorf("subject %q, language %q", got.Subject, got.Header.Get("Content-Language"))
	}
	if got.Text != "Ça marche.\nDeux lignes." {
		t.Errorf("text %q", got.Text)
	}
	if got.HTML != "<p>Ça marche, avec une très longue ligne coupée par un saut doux.</p>" {
		t.Errorf("html %q", got.HTML)
	}
	if len(got.Attachments) != 1 || got.Attachments[0].Name != "offre-été.pdf" || got.Attachments[0].ContentType != "application/pdf" ||
		string(got.Attachments[0].Data) != "%PDF-1.7\n\x00\xff" {
		t.Errorf("attachments %+v", got.Attachments)
	}

	if bad := mailtest.Parse([]byte("Content-Type: text/plain\r\nContent-Transfer-Encoding: uuencode\r\n\r\nx")); bad.ParseErr == nil {
		t.Error("an unknown transfer encoding parsed")
	}
}
