module github.com/grumpydb/grumpydb/protocol

go 1.26.8
