// Package linkcheck fetches the addresses of the publication register
// (issue #12) for the background link checker, and only public ones: the
// server must not become a way to reach the deployment's own network
// (server-side request forgery). The check is made when connecting, on
// the address the name resolved to, so a name that resolves to a private
// address (or changes to one between checks: DNS rebinding) and a
// redirect to one are refused like a literal private address.
// docs/security.md lists the rules.
package linkcheck

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// blocked are the ranges that are not the public internet.
var blocked = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network", unspecified
		"10.0.0.0/8",      // private
		"100.64.0.0/10",   // carrier-grade NAT
		"127.0.0.0/8",     // loopback
		"169.254.0.0/16",  // link-local (cloud metadata services live here)
		"172.16.0.0/12",   // private
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"192.88.99.0/24",  // 6to4 relay anycast
		"192.168.0.0/16",  // private
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"224.0.0.0/4",     // multicast
		"240.0.0.0/4",     // reserved, and 255.255.255.255 broadcast
		"::/128",          // unspecified
		"::1/128",         // loopback
		"::/96",           // IPv4-compatible (deprecated)
		"100::/64",        // discard
		"2001:db8::/32",   // documentation
		"2001::/32",       // Teredo (tunnels to an IPv4 address)
		"fc00::/7",        // unique local (private)
		"fe80::/10",       // link-local
		"fec0::/10",       // site-local (deprecated)
		"ff00::/8",        // multicast
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// IPv6 ranges that carry or stand for an IPv4 address (Public).
var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	nat64Local = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour  = netip.MustParsePrefix("2002::/16")
)

// Public reports whether ip is a public internet address. IPv6 forms that
// carry an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4
// 2002::/16) are judged by that address.
func Public(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	// A zone (fe80::1%eth0) would make every prefix miss it.
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			return Public(netip.AddrFrom4([4]byte(b[12:16])))
		case nat64Local.Contains(ip):
			return false // local-use NAT64
		case sixToFour.Contains(ip):
			return Public(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// PublicHost refuses, when a register entry is made, what the link
// checker would refuse anyway: a host that is an IP address outside the
// public internet, or a name for this machine. A name is judged again,
// on the address it resolves to, at every check (Guard).
func PublicHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return false
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return Public(ip)
	}
	// A last label of digits (2130706433, 127.1) or in hex (0x7f) is
	// an IPv4 address to a resolver, not a name: no top-level domain is
	// numeric.
	last := host[strings.LastIndex(host, ".")+1:]
	return host != "" && strings.Trim(last, "0123456789") != "" && !strings.HasPrefix(last, "0x")
}

// ErrNotPublic refuses a connection to an address that is not public.
var ErrNotPublic = errors.New("not a public address")

// Guard decides which addresses may be connected to.
type Guard struct {
	// AllowPrivate lets every address through
	// (MUTU_LINKCHECK_ALLOW_PRIVATE: local test servers).
	AllowPrivate bool
	// Allow are addresses let through although not public: the demo's
	// own listen address, so that its register entries, which point at
	// its own public pages, can be checked offline.
	Allow []netip.AddrPort
}

// Check refuses address ("ip:port", as a dialer has resolved it) unless
// it is allowed.
func (g *Guard) Check(address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrNotPublic, address)
	}
	if g.AllowPrivate || Public(ap.Addr()) {
		return nil
	}
	for _, a := range g.Allow {
		if a.Addr().Unmap() == ap.Addr().Unmap() && a.Port() == ap.Port() {
			return nil
		}
	}
	return fmt.Errorf("%w: %s", ErrNotPublic, ap.Addr())
}

// control is a net.Dialer Control: it runs after name resolution, on
// the very address about to be connected to.
func (g *Guard) control(network, address string, _ syscall.RawConn) error {
	if network != "tcp4" && network != "tcp6" {
		return fmt.Errorf("%w: network %s", ErrNotPublic, network)
	}
	return g.Check(address)
}

// dialer is a dialer that connects only to addresses g allows.
func (g *Guard) dialer() *net.Dialer {
	return &net.Dialer{Timeout: DialTimeout, Control: g.control}
}
