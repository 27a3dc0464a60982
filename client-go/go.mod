module github.com/grumpydb/grumpydb/client-go

go 1.26.8

require (
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/google/uuid v1.6.0
	github.com/grumpydb/grumpydb/engine v0.0.0
	github.com/grumpydb/grumpydb/protocol v0.0.0
)

replace github.com/grumpydb/grumpydb/protocol => ../protocol

replace github.com/grumpydb/grumpydb/engine => ../engine
