// Package server will hold grumpydb-server: sessions, authentication, RBAC,
// TLS, limits and HTTP observability over the protocol module (see the
// server issue). It is empty until that work lands.
package server
