// Package e2e holds grumpydb-server's end-to-end tests: TestMain builds
// the real binary once into a temporary directory, and each test starts it
// on loopback ports with a fresh data directory and --bootstrap-password,
// then speaks the raw protocol over TCP (and HTTP for observability).
//
// GRUMPY_LOAD=1 also runs the load test (64 connections of mixed reads and
// writes for GRUMPY_LOAD_SECS seconds, default 10).
package e2e
