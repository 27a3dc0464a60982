// Package client will hold the Go driver for grumpydb-server (see the
// drivers issue). It is empty until that work lands.
package client
