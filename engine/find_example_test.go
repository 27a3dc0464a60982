package engine_test

// Runnable examples of the query language (docs/QUERIES.md shows their
// output). Every example builds the same small "users" collection with
// fixed keys, so the output is stable.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/engine"
)

// exampleUsers returns the documents of docs/QUERIES.md, stored under the
// keys 00000000-0000-4000-8000-00000000000N.
func exampleUsers() []string {
	return []string{
		`{"name":"Alice","age":30,"tags":["dev","ops"],"address":{"city":"Paris"},"email":"alice@example.com"}`,
		`{"name":"Bob","age":25,"tags":["dev"],"address":{"city":"Lyon"}}`,
		`{"name":"Carol","age":30.0,"tags":["vip"],"address":{"city":"Paris"},"email":null}`,
		`{"name":"Dave","age":"unknown","tags":[]}`,
		`{"name":"Eve","age":41,"address":{"city":"Nice"}}`,
	}
}

// exampleDB opens a fresh database in a temporary directory holding the
// users collection and the index by_age on "age". Call the returned
// function to close and remove it.
func exampleDB() (*engine.DB, func()) {
	dir, err := os.MkdirTemp("", "grumpy-example-")
	if err != nil {
		panic(err)
	}
	db, err := engine.Open(dir, &engine.Options{CreateIfMissing: true, NoSync: true})
	if err != nil {
		panic(err)
	}
	done := func() {
		db.Close()
		os.RemoveAll(dir)
	}
	if err := db.CreateCollection("users"); err != nil {
		panic(err)
	}
	users := exampleUsers()
	docs := make([]engine.Document, len(users))
	for i, text := range users {
		docs[i] = engine.Document{
			ID:    uuid.MustParse(fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)),
			Value: mustJSON(text),
		}
	}
	if err := db.InsertMany("users", docs); err != nil {
		panic(err)
	}
	if err := db.CreateIndex("users", "by_age", "age"); err != nil {
		panic(err)
	}
	return db, done
}

func mustJSON(text string) engine.Value {
	v, err := engine.ParseJSON([]byte(text))
	if err != nil {
		panic(err)
	}
	return v
}

// printFind runs a find given as JSON texts and prints one line per
// result: the key and the (projected) document in compact JSON.
func printFind(db *engine.DB, filter, options string) {
	opts, err := engine.ParseFindOptions(mustJSON(options))
	if err != nil {
		fmt.Println(err)
		return
	}
	it, err := db.Find(context.Background(), "users", mustJSON(filter), opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer it.Close()
	for it.Next() {
		d := it.Document()
		fmt.Println(d.ID, d.Value)
	}
	if err := it.Err(); err != nil {
		fmt.Println(err)
	}
}

// A filter, a sort on two paths and an inclusion projection, built from
// JSON. The wire never adds "_id" to a document: the key is beside it.
func ExampleDB_Find() {
	db, done := exampleDB()
	defer done()
	ctx := context.Background()

	filter, err := engine.ParseJSON([]byte(`{"age":{"$gte":18,"$lt":65}}`))
	if err != nil {
		panic(err)
	}
	optsJSON, err := engine.ParseJSON([]byte(`{"sort":{"age":-1,"name":1},"projection":{"name":1,"age":1}}`))
	if err != nil {
		panic(err)
	}
	opts, err := engine.ParseFindOptions(optsJSON)
	if err != nil {
		panic(err)
	}
	it, err := db.Find(ctx, "users", filter, opts)
	if err != nil {
		panic(err)
	}
	defer it.Close()
	for it.Next() {
		d := it.Document()
		fmt.Println(d.ID, d.Value)
	}
	if err := it.Err(); err != nil {
		panic(err)
	}
	// Output:
	// 00000000-0000-4000-8000-000000000005 {"name":"Eve","age":41}
	// 00000000-0000-4000-8000-000000000001 {"name":"Alice","age":30}
	// 00000000-0000-4000-8000-000000000003 {"name":"Carol","age":30.0}
	// 00000000-0000-4000-8000-000000000002 {"name":"Bob","age":25}
}

// The same kind of query with the options set in Go, and the filter built
// from values rather than parsed.
func ExampleFindOptions() {
	db, done := exampleDB()
	defer done()

	filter := engine.Object(engine.Field{Key: "tags", Value: engine.String("dev")})
	proj, err := engine.ParseProjection(mustJSON(`{"name":1,"_id":0}`))
	if err != nil {
		panic(err)
	}
	it, err := db.Find(context.Background(), "users", filter, engine.FindOptions{
		Sort:       []engine.SortKey{{Path: "age", Desc: true}},
		Limit:      1,
		Projection: proj,
	})
	if err != nil {
		panic(err)
	}
	defer it.Close()
	for it.Next() {
		fmt.Println(it.Document().Value)
	}
	n, err := db.FindCount(context.Background(), "users", filter)
	if err != nil {
		panic(err)
	}
	fmt.Println("count:", n)
	// Output:
	// {"name":"Alice"}
	// count: 2
}

// Arrays match as a whole or element by element; a digit segment picks
// one element; null also matches a missing path.
func ExampleDB_Find_arrays() {
	db, done := exampleDB()
	defer done()

	for _, filter := range []string{
		`{"tags":"dev"}`,
		`{"tags.0":"dev"}`,
		`{"tags":["dev"]}`,
		`{"tags":{"$nin":["dev","vip"]}}`,
		`{"email":null}`,
	} {
		fmt.Println(filter)
		printFind(db, filter, `{"projection":{"name":1}}`)
	}
	// Output:
	// {"tags":"dev"}
	// 00000000-0000-4000-8000-000000000001 {"name":"Alice"}
	// 00000000-0000-4000-8000-000000000002 {"name":"Bob"}
	// {"tags.0":"dev"}
	// 00000000-0000-4000-8000-000000000001 {"name":"Alice"}
	// 00000000-0000-4000-8000-000000000002 {"name":"Bob"}
	// {"tags":["dev"]}
	// 00000000-0000-4000-8000-000000000002 {"name":"Bob"}
	// {"tags":{"$nin":["dev","vip"]}}
	// 00000000-0000-4000-8000-000000000004 {"name":"Dave"}
	// 00000000-0000-4000-8000-000000000005 {"name":"Eve"}
	// {"email":null}
	// 00000000-0000-4000-8000-000000000002 {"name":"Bob"}
	// 00000000-0000-4000-8000-000000000003 {"name":"Carol"}
	// 00000000-0000-4000-8000-000000000004 {"name":"Dave"}
	// 00000000-0000-4000-8000-000000000005 {"name":"Eve"}
}

// Explain runs the query and reports the plan the planner chose.
func ExampleDB_Explain() {
	db, done := exampleDB()
	defer done()

	ctx := context.Background()
	for _, q := range []struct{ filter, options string }{
		{`{"age":30}`, `{}`},
		{`{"age":{"$gte":18,"$lt":30}}`, `{}`},
		{`{"age":{"$in":[25,41]}}`, `{}`},
		{`{}`, `{"sort":{"age":-1},"limit":2}`},
		{`{"name":"Bob"}`, `{}`},
		{`{"$or":[{"age":25},{"age":41}]}`, `{}`},
		{`{"_id":"00000000-0000-4000-8000-000000000002"}`, `{}`},
	} {
		opts, err := engine.ParseFindOptions(mustJSON(q.options))
		if err != nil {
			panic(err)
		}
		p, err := db.Explain(ctx, "users", mustJSON(q.filter), opts)
		if err != nil {
			panic(err)
		}
		fmt.Println(p.Value())
	}
	// Output:
	// {"plan":"index","index":"by_age","bounds":[{"eq":30}],"examined":2,"returned":2}
	// {"plan":"index","index":"by_age","bounds":[{"lt":30}],"examined":1,"returned":1}
	// {"plan":"index","index":"by_age","bounds":[{"eq":25},{"eq":41}],"examined":2,"returned":2}
	// {"plan":"index","index":"by_age","bounds":[{}],"examined":2,"returned":2}
	// {"plan":"scan","index":null,"bounds":null,"examined":5,"returned":1}
	// {"plan":"scan","index":null,"bounds":null,"examined":5,"returned":2}
	// {"plan":"key-range","index":null,"bounds":[{"eq":"00000000-0000-4000-8000-000000000002"}],"examined":1,"returned":1}
}

// Bad filters and options fail before anything is read, with errors that
// wrap ErrInvalidFilter and ErrInvalidOptions.
func ExampleParseFilter() {
	for _, text := range []string{
		`5`,
		`{"age":{"$gt":1,"name":"x"}}`,
		`{"a..b":1}`,
		`{"age":{"$in":30}}`,
		`{"email":{"$exists":1}}`,
		`{"age":{"$not":30}}`,
		`{"$or":[]}`,
		`{"name":{"$regex":"^A"}}`,
	} {
		_, err := engine.ParseFilter(mustJSON(text))
		fmt.Println(errors.Is(err, engine.ErrInvalidFilter), err)
	}
	_, err := engine.ParseFindOptions(mustJSON(`{"limit":-1}`))
	fmt.Println(errors.Is(err, engine.ErrInvalidOptions), err)
	// Output:
	// true invalid filter: filter must be an object
	// true invalid filter: cannot mix operators and fields in the condition for "age"
	// true invalid filter: bad field path "a..b"
	// true invalid filter: $in needs an array
	// true invalid filter: $exists needs a boolean
	// true invalid filter: $not needs an operator object such as {$gt: 5}
	// true invalid filter: $or needs a non-empty array of filters
	// true invalid filter: unknown operator $regex
	// true invalid find options: limit must be an integer >= 0
}

// One order across types: numbers by value whatever their kind, -0.0
// equal to 0, and classes ranked null < bool < number < string < bytes <
// reference < array < object.
func ExampleCompare() {
	fmt.Println(engine.Compare(engine.Int(30), engine.Float(30)))
	fmt.Println(engine.Compare(engine.Float(math.Copysign(0, -1)), engine.Int(0)))
	fmt.Println(engine.Compare(engine.Int(9007199254740993), engine.Float(9007199254740992)))
	fmt.Println(engine.Compare(engine.Bool(true), engine.Int(-5)))
	fmt.Println(engine.Compare(engine.String("10"), engine.Int(99)))
	fmt.Println(engine.Compare(engine.Null(), engine.Bool(false)))
	// Output:
	// 0
	// 0
	// 1
	// -1
	// 1
	// -1
}

// NaN and infinities cannot be stored, so they never meet the order.
func ExampleValidateDocument() {
	doc := engine.Object(engine.Field{Key: "v", Value: engine.Float(math.NaN())})
	err := engine.ValidateDocument(doc)
	fmt.Println(errors.Is(err, engine.ErrInvalidValue), err)
	// Output:
	// true invalid value: NaN and infinities cannot be stored
}

// A sort without a usable index goes through a sorter. With a limit it
// keeps only the best skip+limit documents; without one it spills sorted
// runs to TempDir once SortMemoryBytes is exceeded, then merges them.
// The results do not depend on the budget.
func ExampleFindOptions_sortMemory() {
	db, done := exampleDB()
	defer done()

	tmp, err := os.MkdirTemp("", "grumpy-sort-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	proj, err := engine.ParseProjection(mustJSON(`{"name":1}`))
	if err != nil {
		panic(err)
	}
	it, err := db.Find(context.Background(), "users", engine.Object(), engine.FindOptions{
		Sort:            []engine.SortKey{{Path: "name", Desc: true}},
		Projection:      proj,
		SortMemoryBytes: 1, // every document spills: one run each, all in one file
		TempDir:         tmp,
	})
	if err != nil {
		panic(err)
	}
	for i := 0; it.Next(); i++ {
		fmt.Println(it.Document().Value)
		if i == 0 {
			files, err := os.ReadDir(tmp)
			if err != nil {
				panic(err)
			}
			fmt.Println("spill files while iterating:", len(files))
		}
	}
	if err := it.Close(); err != nil {
		panic(err)
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		panic(err)
	}
	fmt.Println("spill files left after Close:", len(left))
	fmt.Println("default budget:", engine.DefaultSortMemoryBytes>>20, "MiB")
	// Output:
	// {"name":"Eve"}
	// spill files while iterating: 1
	// {"name":"Dave"}
	// {"name":"Carol"}
	// {"name":"Bob"}
	// {"name":"Alice"}
	// spill files left after Close: 0
	// default budget: 32 MiB
}
