package wal

import "fmt"

// DefaultBufferSize is the BufferSize used when Options leaves it zero.
const DefaultBufferSize = 256 << 10

// retainFactor bounds how large, as a multiple of BufferSize, a buffer
// may have grown and still be kept for reuse after its batch.
const retainFactor = 4

// Options configure a Log. The zero value is valid and durable.
type Options struct {
	// BufferSize is the initial capacity, in bytes, of each of the two
	// append buffers. A buffer that grew past four times BufferSize for a
	// large batch is released after it rather than kept. It does not limit
	// how much may be buffered between Syncs. Zero means
	// DefaultBufferSize; negative is invalid.
	BufferSize int

	// NoSync makes Sync write batches without fsyncing them, so "durable"
	// only means "handed to the operating system". For tests and
	// benchmarks only; never in a database that must survive a crash.
	NoSync bool

	// Preallocate, when positive, is how far ahead of the last record the
	// log is filled with zeros, so that commits overwrite blocks the file
	// already has and their fsyncs flush data only (no size change, no
	// journal commit). Zeros never validate as a record. Zero disables it.
	Preallocate int64
}

// withDefaults validates o and fills in defaults.
func (o Options) withDefaults() (Options, error) {
	if o.Preallocate < 0 {
		return o, fmt.Errorf("%w: Preallocate %d is negative", ErrInvalidOptions, o.Preallocate)
	}
	if o.BufferSize < 0 {
		return o, fmt.Errorf("%w: BufferSize %d is negative", ErrInvalidOptions, o.BufferSize)
	}
	if o.BufferSize == 0 {
		o.BufferSize = DefaultBufferSize
	}
	return o, nil
}
