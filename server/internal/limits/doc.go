// Package limits holds the per-IP protections of PROTOCOL.md §2.2 and
// §5.6: the loopback exemption, the connection caps, the command token
// bucket and the failed-login back-off. All state is in memory, keyed by
// the peer's IP address (an IPv4-mapped IPv6 address counts as its IPv4
// form), and every type is safe for concurrent use.
//
// Invariants:
//   - Exempt peers are never passed to these types: the caller checks
//     Exempt first, so exempt connections neither consume tokens nor
//     count towards caps.
//   - Memory is bounded by the number of distinct addresses seen recently:
//     idle command buckets (full again) are pruned, connection counts are
//     deleted at zero, and the login table is capped (oldest entries
//     evicted first).
//   - No clock is read except the one given (Now), so tests control time.
package limits
