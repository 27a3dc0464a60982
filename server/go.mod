module github.com/grumpydb/grumpydb/server

go 1.26.8
