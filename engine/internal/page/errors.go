package page

import "errors"

// ErrReadOnly is returned by a read transaction's Store on Write, Alloc or
// Free.
var ErrReadOnly = errors.New("page: store is read-only")

// ErrOutOfRange is returned for a page number past the end of the file or a
// reserved page (0) given to a user operation.
var ErrOutOfRange = errors.New("page: page number out of range")

// ErrFormat reports a file that is not a page file of this storage format
// (another program's file, or one written by another GrumpyDB format).
var ErrFormat = errors.New("unsupported storage format")
