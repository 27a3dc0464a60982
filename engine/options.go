package engine

import (
	"log/slog"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// Options configure Open. The zero value opens an existing database with
// the defaults.
type Options struct {
	// CreateIfMissing creates the database directory and its files when
	// they do not exist. Without it, Open of a missing database fails
	// with ErrNotExist, so read-only tools never create a store.
	CreateIfMissing bool
	// CacheBytes is the buffer pool budget shared by every file of the
	// database. Default 64 MiB.
	CacheBytes int64
	// CheckpointBytes is the WAL size that triggers a checkpoint.
	// Default 64 MiB.
	CheckpointBytes int64
	// NoSync skips every fsync: fast and NOT durable. For tests and
	// throwaway data only.
	NoSync bool
	// Logger receives the engine's logs. Default: slog.Default().
	Logger *slog.Logger

	// fs replaces the real file system (tests inject crashes and I/O
	// errors through it).
	fs vfs.FS
}

// DefaultOptions returns the options Open uses for a nil *Options.
func DefaultOptions() *Options {
	return &Options{CacheBytes: 64 << 20, CheckpointBytes: 64 << 20}
}
