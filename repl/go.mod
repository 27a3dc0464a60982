module github.com/grumpydb/grumpydb/repl

go 1.26.8
