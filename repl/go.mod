module github.com/grumpydb/grumpydb/repl

go 1.26.8

require (
	github.com/ergochat/readline v0.1.3
	github.com/google/uuid v1.6.0
	github.com/grumpydb/grumpydb/client-go v0.0.0
	github.com/grumpydb/grumpydb/engine v0.0.0
	github.com/urfave/cli/v2 v2.27.7
	golang.org/x/term v0.48.0
)

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.7 // indirect
	github.com/golang-jwt/jwt/v5 v5.3.1 // indirect
	github.com/grumpydb/grumpydb/protocol v0.0.0 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/xrash/smetrics v0.0.0-20240521201337-686a1a2994c1 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.9.0 // indirect
)

replace github.com/grumpydb/grumpydb/engine => ../engine

replace github.com/grumpydb/grumpydb/client-go => ../client-go

replace github.com/grumpydb/grumpydb/protocol => ../protocol
