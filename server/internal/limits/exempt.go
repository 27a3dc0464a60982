package limits

import "net/netip"

// Key is the map key of an address: its unmapped form without zone.
func Key(a netip.Addr) netip.Addr { return a.Unmap().WithZone("") }

// Exempt reports whether a peer at a skips caps, the command limit and the
// login back-off (§5.6): bypassLoopback is set and a is in 127.0.0.0/8 or
// is ::1 (an IPv4-mapped address counts by its IPv4 value).
func Exempt(a netip.Addr, bypassLoopback bool) bool {
	return bypassLoopback && a.Unmap().IsLoopback()
}
