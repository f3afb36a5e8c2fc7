package session

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// A customer may also sign in to his space with a password of his own
// (issue 8, scope 4), set from his space once signed in by a code. The code
// stays: whoever forgets his password still signs in with one.

// The policy of a customer's password, from NIST SP 800-63B §5.1.1.2
// (memorized secret verifiers): at least 8 characters (12 here, as for the
// staff's accounts, access.HashPassword), each Unicode code point counted as
// one character; at least 64 characters allowed (128 bytes here: 64 of
// most accented letters, 128 ASCII ones), never truncated, so a longer one is
// refused rather than cut; no composition rule (no "one digit, one capital");
// and a secret checked against context-specific words, the username first:
// here the customer's email addresses and the name before their "@".
const (
	MinPasswordChars = 12
	MaxPasswordBytes = 128
)

// PasswordFault is what makes a password unacceptable. It is an error, so a
// refusal can carry it (tact.Error.Err) for a page to word it in the
// customer's language.
type PasswordFault string

// The faults CheckSpacePassword finds.
const (
	PasswordTooShort PasswordFault = "too_short"
	PasswordTooLong  PasswordFault = "too_long"
	PasswordIsEmail  PasswordFault = "is_email"
)

// Error implements error.
func (f PasswordFault) Error() string {
	switch f {
	case PasswordTooShort:
		return "a password has at least 12 characters"
	case PasswordTooLong:
		return "a password has at most 128 bytes"
	case PasswordIsEmail:
		return "a password is not one's email address"
	}
	return string(f)
}

// CheckSpacePassword returns an invalid (or too_long) error on field
// "password", carrying its PasswordFault, when password may not be the
// password of a customer whose email addresses are emails; nil when it may.
// It is the rule of NIST SP 800-63B §5.1.1.2 described above MinPasswordChars.
func CheckSpacePassword(password string, emails []string) error {
	var fault PasswordFault
	switch {
	case len(password) > MaxPasswordBytes:
		fault = PasswordTooLong
	case utf8.RuneCountInString(password) < MinPasswordChars:
		fault = PasswordTooShort
	case isEmailOf(password, emails):
		fault = PasswordIsEmail
	default:
		return nil
	}
	code := tact.CodeInvalid
	if fault == PasswordTooLong {
		code = tact.CodeTooLong
	}
	return &tact.Error{Code: code, Field: "password", Message: fault.Error(), Err: fault}
}

// isEmailOf reports whether password is one of emails, or the name before
// its "@", whatever the case and the spaces around it.
func isEmailOf(password string, emails []string) bool {
	p := NormalEmail(password)
	for _, e := range emails {
		e = NormalEmail(e)
		if e == "" {
			continue
		}
		local, _, _ := strings.Cut(e, "@")
		if p == e || p == local {
			return true
		}
	}
	return false
}

// Credential is a customer's password for his space. Only its argon2id hash
// is kept (access.HashPassword).
type Credential struct {
	CustomerID string `json:"customer_id"`
	// Hash is the argon2id hash in PHC string form.
	Hash  string    `json:"-"`
	SetAt time.Time `json:"set_at"`
	// Version is 1 when the password is first set and grows by one at each
	// change: two changes made at once from two of his sessions cannot both
	// succeed.
	Version int `json:"version"`
}
