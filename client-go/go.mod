module github.com/grumpydb/grumpydb/client-go

go 1.26.8
