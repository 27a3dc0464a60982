module github.com/grumpydb/grumpydb/backup

go 1.26.8
