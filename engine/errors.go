package engine

import "errors"

// Sentinel errors. Every error the engine returns wraps one of these (match
// with errors.Is). Their texts are the stable prefixes of the wire protocol,
// so a server can pass an engine error's text through unchanged: for example
// fmt.Errorf("%w: name cannot be empty", ErrInvalidName) reads
// "invalid name: name cannot be empty".
var (
	// Arguments and values.
	ErrInvalidName      = errors.New("invalid name")
	ErrInvalidValue     = errors.New("invalid value")
	ErrInvalidJSON      = errors.New("invalid JSON")
	ErrDocumentTooLarge = errors.New("document too large")
	ErrNotIndexable     = errors.New("value type cannot be indexed")
	ErrInvalidFilter    = errors.New("invalid filter")
	ErrInvalidOptions   = errors.New("invalid find options")
	ErrCyclicReference  = errors.New("cyclic reference detected")

	// Objects.
	ErrCollectionNotFound = errors.New("collection not found")
	ErrCollectionExists   = errors.New("collection already exists")
	ErrIndexNotFound      = errors.New("index not found")
	ErrIndexExists        = errors.New("index already exists")
	ErrKeyNotFound        = errors.New("not found")      // formatted "key <uuid> not found"
	ErrKeyExists          = errors.New("already exists") // formatted "key <uuid> already exists"
	ErrDatabaseNotFound   = errors.New("database not found")
	ErrDatabaseExists     = errors.New("database already exists")
	ErrTenantNotFound     = errors.New("tenant not found")
	ErrTenantExists       = errors.New("tenant already exists")

	// State.
	ErrLocked     = errors.New("database is locked by another process")
	ErrClosed     = errors.New("engine: database is closed")
	ErrTxDone     = errors.New("engine: transaction has already been committed or rolled back")
	ErrTxReadOnly = errors.New("engine: write in a read-only transaction")
	ErrNotExist   = errors.New("engine: database does not exist")
	// ErrTxTooLarge refuses a transaction that changes more than 64 MiB
	// of pages (about 8,000 pages); nothing of it is written.
	ErrTxTooLarge = errors.New("transaction too large")

	// Failures.
	ErrCorrupt = errors.New("engine: data corrupt")
	// ErrUnsupportedFormat refuses files written in another storage
	// format (or by another program); nothing is read or converted.
	ErrUnsupportedFormat = errors.New("unsupported storage format")
	ErrIO                = errors.New("I/O error")
)
