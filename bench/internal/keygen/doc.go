// Package keygen is the benchmarks' only source of randomness (BENCHMARKS.md
// §1.4): a math/rand/v2 ChaCha8 generator whose 32-byte seed is a workload's
// 64-bit seed in little-endian order followed by 24 zero bytes, and random
// version-4 UUIDs drawn from it (16 bytes, version nibble 4, variant 10).
//
// Invariant: the same seed always yields the same sequence of draws, on every
// platform and Go release that keeps ChaCha8 stable, so a data set is defined
// by its seed and its size alone.
package keygen
