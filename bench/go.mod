module github.com/grumpydb/grumpydb/bench

go 1.26.8
