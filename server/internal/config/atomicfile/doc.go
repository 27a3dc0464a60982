// Package atomicfile writes files the way PROTOCOL.md §7.3 requires: the
// bytes go to a temporary file in the destination's directory, which is
// fsynced, given its final mode, renamed (or hard-linked, when the file must
// not already exist) into place, and the directory is fsynced. A reader
// therefore sees either the old file or the complete new one, never a torn
// write, and a crash leaves at worst a stray temporary file whose name starts
// with a dot.
//
// It also implements the "on open, group/other bits are removed" rule for
// secret files (RestrictMode).
//
// The package holds no state; every function is safe for concurrent use on
// distinct paths.
package atomicfile
