package dispatch

import (
	"fmt"

	"github.com/grumpydb/grumpydb/engine"
)

func tenantNotFound(t string) error   { return fmt.Errorf("%w: %s", engine.ErrTenantNotFound, t) }
func databaseNotFound(d string) error { return fmt.Errorf("%w: %s", engine.ErrDatabaseNotFound, d) }

// appendNames appends an array of bulk strings.
func appendNames(dst []byte, names []string) []byte {
	dst = appendArrayHeader(dst, len(names))
	for _, n := range names {
		dst = appendBulkString(dst, n)
	}
	return dst
}
