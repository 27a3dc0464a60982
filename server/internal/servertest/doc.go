// Package servertest starts an in-process grumpydb-server on loopback
// ports for tests, and speaks the raw protocol to it: every response is
// returned in its exact wire form ("+OK\r\n", "$-1\r\n", "*1\r\n$3\r\nabc\r\n"),
// so tests compare bytes, not interpretations.
//
// It is a test helper: it calls t.Fatal on setup failures and registers
// cleanups that shut the server down and check every database with the
// engine's Check.
package servertest
