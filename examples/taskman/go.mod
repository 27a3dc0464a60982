module github.com/grumpydb/grumpydb/examples/taskman

go 1.26.8
