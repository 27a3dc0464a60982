// Package fsinfo answers the questions a benchmark record asks about its
// scratch directory: which device and file system hold it, whether that file
// system lives in memory (where fsync costs nothing and durable-write figures
// mean nothing), and how much space a store occupies, apparent and allocated.
//
// It only reads: it never creates, changes or removes anything. Where the
// platform cannot answer (no /proc, no statfs), functions return ErrUnknown
// rather than guessing.
package fsinfo
