package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/google/uuid"
	client "github.com/grumpydb/grumpydb/client-go"
)

// exampleOptions points at the test server TestMain runs.
func exampleOptions() client.Options { return client.SharedServerOptions() }

func Example() {
	ctx := context.Background()
	c, err := client.Connect(ctx, exampleOptions())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "_system", "admin", client.SharedAdminPassword); err != nil {
		log.Fatal(err)
	}
	db := c.Database("example_shop")
	if err := db.CreateCollection(ctx, "users"); err != nil && !errors.Is(err, client.ErrAlreadyExists) {
		log.Fatal(err)
	}
	type User struct {
		Name string `json:"name"`
		Age  int    `json:"age"`
	}
	key := uuid.MustParse("3df9dde6-1a2b-4c3d-8e9f-001122334455")
	_ = db.Delete(ctx, "users", key) // make the example re-runnable
	if err := db.Insert(ctx, "users", key, User{Name: "Bob", Age: 42}); err != nil {
		log.Fatal(err)
	}
	v, err := db.Get(ctx, "users", key)
	if err != nil {
		log.Fatal(err)
	}
	var u User
	if err := v.Decode(&u); err != nil {
		log.Fatal(err)
	}
	fmt.Println(v, u.Name, u.Age)
	// Output: {"name":"Bob","age":42} Bob 42
}

func ExampleDatabase_Find() {
	ctx := context.Background()
	c, err := client.Connect(ctx, exampleOptions())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "_system", "admin", client.SharedAdminPassword); err != nil {
		log.Fatal(err)
	}
	db := c.Database("example_find")
	_ = db.DropCollection(ctx, "scores")
	if err := db.CreateCollection(ctx, "scores"); err != nil {
		log.Fatal(err)
	}
	var batch []client.KeyedDocument
	for i, s := range []int{30, 75, 50, 90} {
		batch = append(batch, client.KeyedDocument{Key: uuid.NewSHA1(uuid.Nil, []byte{byte(i)}), Doc: map[string]any{"player": i, "score": s}})
	}
	if _, err := db.InsertMany(ctx, "scores", batch); err != nil {
		log.Fatal(err)
	}
	docs, err := db.Find(ctx, "scores", map[string]any{"score": map[string]any{"$gte": 50}}, &client.FindOptions{
		Sort:       []client.SortKey{{Path: "score", Desc: true}},
		Projection: map[string]bool{"score": true, "_id": false},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		fmt.Println(d.Value)
	}
	// Output:
	// {"score":90}
	// {"score":75}
	// {"score":50}
}

func ExampleError() {
	ctx := context.Background()
	c, err := client.Connect(ctx, exampleOptions())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "_system", "admin", client.SharedAdminPassword); err != nil {
		log.Fatal(err)
	}
	_, err = c.Database("example_errors").Count(ctx, "missing")
	fmt.Println(errors.Is(err, client.ErrNotFound), errors.Is(err, client.ErrCollectionNotFound))
	fmt.Println(err)
	// Output:
	// true true
	// collection not found: missing
}
