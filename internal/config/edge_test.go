package config_test

import (
	"flag"
	"net/netip"
	"testing"

	"github.com/tactcrm/tact/internal/config"
)

// TestPublicURL: an https public URL makes tact say it is reached over
// HTTPS; a URL with more than a scheme and a host is refused at start.
func TestPublicURL(t *testing.T) {
	for _, tt := range []struct {
		url   string
		https bool
		ok    bool
	}{
		{"", false, true},
		{"https://crm.example", true, true},
		{"HTTPS://crm.example/", true, true},
		{"https://crm.example:8443", true, true},
		{"http://crm.example", false, true},
		{"crm.example", false, false},
		{"ftp://crm.example", false, false},
		{"https://", false, false},
		{"https://crm.example/tact", false, false},
		{"https://crm.example/?a=1", false, false},
		{"https://user:pw@crm.example", false, false},
	} {
		c := config.Default()
		c.PublicURL = tt.url
		err := c.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%q: %v, want ok=%v", tt.url, err, tt.ok)
		}
		if tt.ok && c.HTTPS() != tt.https {
			t.Errorf("%q: HTTPS %v, want %v", tt.url, c.HTTPS(), tt.https)
		}
	}
}

// TestTrustedProxies: addresses and ranges from the environment, replaced by
// the flag; anything else is refused.
func TestTrustedProxies(t *testing.T) {
	env := map[string]string{"TACT_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10", "TACT_PUBLIC_URL": "https://crm.example"}
	c, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.10/32")}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0] != want[0] || c.TrustedProxies[1] != want[1] || !c.HTTPS() {
		t.Fatalf("from the environment: %v %q", c.TrustedProxies, c.PublicURL)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.ServeFlags(fs)
	if err := fs.Parse([]string{"--trusted-proxies", "2001:db8::1/32,::ffff:198.51.100.7"}); err != nil {
		t.Fatal(err)
	}
	want = []netip.Prefix{netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("198.51.100.7/32")}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0] != want[0] || c.TrustedProxies[1] != want[1] {
		t.Fatalf("from the flag: %v, want %v", c.TrustedProxies, want)
	}
	for _, bad := range []string{"proxy.example", "10.0.0.0/33", "fe80::1%eth0", "*"} {
		if _, err := config.ParseProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
		if _, err := config.FromEnv(func(k string) string {
			if k == "TACT_TRUSTED_PROXIES" {
				return bad
			}
			return ""
		}); err == nil {
			t.Errorf("TACT_TRUSTED_PROXIES=%q accepted", bad)
		}
	}
}
