package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Edge is what stands between people's browsers and this server, as the
// operator declares it when starting it (tact serve --public-url,
// --trusted-proxies). Nothing a request says about its own way in is
// believed otherwise: X-Forwarded-Proto is never read, and X-Forwarded-For
// only from a proxy named here, since anyone can write either header.
type Edge struct {
	// HTTPS says people reach the console and the space over HTTPS, through
	// a proxy that terminates TLS in front of tact: every cookie is then
	// Secure (a browser never sends it over plain HTTP, where anyone on the
	// way could read it), and every answer carries Strict-Transport-Security,
	// whatever the connection between the proxy and tact.
	HTTPS bool
	// TrustedProxies are the addresses of the proxies in front of tact. A
	// request whose peer is one of them is from the address its
	// X-Forwarded-For names, read from the right: the first address that is
	// not a trusted proxy is the client. Empty, the client is always the
	// connection's peer.
	TrustedProxies []netip.Prefix
}

// StrictTransportSecurity is the header value sent when Edge.HTTPS: browsers
// keep to HTTPS for a year (RFC 6797). Subdomains are left out: tact cannot
// know that every host of the operator's domain serves HTTPS.
const StrictTransportSecurity = "max-age=31536000"

// clientIP is the address a request came from: the connection's peer, or,
// when the peer is a trusted proxy, the address it forwarded for. The
// sign-in limits count per client address by it (internal/session).
func (w *Web) clientIP(r *http.Request) string { return w.edge.clientIP(r) }

// clientIP reads the client's address of r. Walking X-Forwarded-For from the
// right, each trusted proxy vouches for the hop before it; the first hop
// that is not a trusted proxy is the client. A hop that is not an address
// stops the walk at the last trusted one: behind a proxy that forwards
// garbage, requests count under that proxy's address, which makes a limit
// per address stricter, never laxer.
func (e Edge) clientIP(r *http.Request) string {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !e.trusted(peer) {
		return peer.String()
	}
	client := peer
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = a
		if !e.trusted(a) {
			break
		}
	}
	return client.String()
}

// trusted reports whether a is one of the trusted proxies.
func (e Edge) trusted(a netip.Addr) bool {
	for _, p := range e.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedFor splits the X-Forwarded-For headers, in order, into hops.
func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	return hops
}

// parseHop reads an address as a peer or a proxy writes it: "203.0.113.7",
// "2001:db8::1", with a port ("203.0.113.7:443", "[2001:db8::1]:443"); an
// IPv4 address written as IPv6 is the IPv4 one, and a zone is dropped.
func parseHop(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		host, _, splitErr := net.SplitHostPort(s)
		if splitErr != nil {
			return netip.Addr{}, false
		}
		if a, err = netip.ParseAddr(host); err != nil {
			return netip.Addr{}, false
		}
	}
	return a.Unmap().WithZone(""), true
}
