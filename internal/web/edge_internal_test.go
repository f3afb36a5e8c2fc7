package web

import (
	"net/http"
	"net/netip"
	"testing"
)

// TestClientIP: the client's address is the connection's peer unless the
// peer is a trusted proxy; then X-Forwarded-For is read from the right, up
// to the first address that is not a trusted proxy.
func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:ffff::/48")}
	for _, tt := range []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxy, no header", nil, "203.0.113.7:51000", nil, "203.0.113.7"},
		{"no proxy configured: the header is not believed", nil, "203.0.113.7:51000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"a peer that is not a trusted proxy", proxies, "203.0.113.7:51000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"a trusted proxy forwards for a client", proxies, "10.1.2.3:51000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"a forged hop left of the real client is ignored", proxies, "10.1.2.3:51000", []string{"192.0.2.66, 198.51.100.1"}, "198.51.100.1"},
		{"two trusted proxies in a row", proxies, "10.1.2.3:51000", []string{"198.51.100.1, 10.9.9.9"}, "198.51.100.1"},
		{"hops across several headers, in order", proxies, "10.1.2.3:51000", []string{"192.0.2.66", "198.51.100.1", "10.9.9.9"}, "198.51.100.1"},
		{"only trusted proxies: the leftmost", proxies, "10.1.2.3:51000", []string{"10.7.7.7, 10.9.9.9"}, "10.7.7.7"},
		{"a trusted proxy without the header", proxies, "10.1.2.3:51000", nil, "10.1.2.3"},
		{"garbage stops at the last trusted hop", proxies, "10.1.2.3:51000", []string{"198.51.100.1, unknown, 10.9.9.9"}, "10.9.9.9"},
		{"an empty hop stops too", proxies, "10.1.2.3:51000", []string{"198.51.100.1,"}, "10.1.2.3"},
		{"a hop with a port", proxies, "10.1.2.3:51000", []string{"198.51.100.1:4711"}, "198.51.100.1"},
		{"IPv6 peer and hop", proxies, "[2001:db8:ffff::1]:443", []string{"[2001:db8:1::7]:4711"}, "2001:db8:1::7"},
		{"IPv4 written as IPv6 is IPv4", proxies, "[::ffff:10.1.2.3]:443", []string{"::ffff:198.51.100.1"}, "198.51.100.1"},
		{"a peer that is no address is kept as is", proxies, "@", []string{"198.51.100.1"}, "@"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{RemoteAddr: tt.peer, Header: http.Header{}}
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := (Edge{TrustedProxies: tt.trusted}).clientIP(r); got != tt.want {
				t.Errorf("client %q, want %q", got, tt.want)
			}
		})
	}
}
