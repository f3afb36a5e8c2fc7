package session_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// TestCheckSpacePassword holds the policy at its boundaries: 11 characters
// refused and 12 taken, counted as characters (code points), not bytes; 128
// bytes taken and 129 refused, counted as bytes, not characters; his email
// addresses, or the name before their "@", refused whatever the case.
func TestCheckSpacePassword(t *testing.T) {
	t.Parallel()
	emails := []string{"Odile.Lagarrigue@orange.example", "odile.pro@example.fr"}
	for _, tc := range []struct {
		name     string
		password string
		fault    session.PasswordFault // "" when taken
	}{
		{"empty", "", session.PasswordTooShort},
		{"11 characters", strings.Repeat("a", 11), session.PasswordTooShort},
		{"12 characters", strings.Repeat("a", 12), ""},
		{"11 accented characters, 22 bytes", strings.Repeat("é", 11), session.PasswordTooShort},
		{"12 accented characters", strings.Repeat("é", 12), ""},
		{"12 characters with spaces", "mer et ciel ", ""},
		{"128 bytes", strings.Repeat("a", 128), ""},
		{"129 bytes", strings.Repeat("a", 129), session.PasswordTooLong},
		{"64 accented characters, 128 bytes", strings.Repeat("é", 64), ""},
		{"65 accented characters, 130 bytes", strings.Repeat("é", 65), session.PasswordTooLong},
		{"32 emoji, 128 bytes", strings.Repeat("🔑", 32), ""},
		{"128 bytes then one more", strings.Repeat("a", 127) + "é", session.PasswordTooLong},
		{"his email", "odile.lagarrigue@orange.example", session.PasswordIsEmail},
		{"his email, in capitals, with spaces", " ODILE.LAGARRIGUE@ORANGE.EXAMPLE ", session.PasswordIsEmail},
		{"his other email", "odile.pro@example.fr", session.PasswordIsEmail},
		{"the name of his email", "Odile.Lagarrigue", session.PasswordIsEmail},
		{"his email with more", "odile.lagarrigue@orange.example!", ""},
		{"someone else's email", "bertrand.morel@example.fr", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := session.CheckSpacePassword(tc.password, emails)
			var fault session.PasswordFault
			errors.As(err, &fault)
			if fault != tc.fault {
				t.Fatalf("CheckSpacePassword(%q) = %v, want fault %q", tc.password, err, tc.fault)
			}
			if err == nil {
				return
			}
			want := tact.CodeInvalid
			if tc.fault == session.PasswordTooLong {
				want = tact.CodeTooLong
			}
			if tact.ErrorCode(err) != want || tact.ErrorField(err) != "password" {
				t.Errorf("CheckSpacePassword(%q) = %v, want %s on password", tc.password, err, want)
			}
		})
	}
	if err := session.CheckSpacePassword("odile.lagarrigue@orange.example", nil); err != nil {
		t.Errorf("a customer without an email: %v", err)
	}
}
