package client

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// TestConcurrentUse runs 16 goroutines × 50 random operations on one
// client (4 connections, two databases so USE changes often) and checks
// the final state against a model of what each goroutine wrote.
func TestConcurrentUse(t *testing.T) {
	seed := uint64(1)
	if s := os.Getenv("GRUMPY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	} else {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (GRUMPY_SEED)", seed)
	cl, _ := testDB(t)
	dbs := []*Database{cl.Database(dbName(t) + "_a"), cl.Database(dbName(t) + "_b")}
	for _, db := range dbs {
		if err := db.CreateCollection(ctx(t), "c"); err != nil {
			t.Fatal(err)
		}
	}
	const workers, ops = 16, 50
	models := make([]map[uuid.UUID]int, workers) // key → value, per worker
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		models[w] = map[uuid.UUID]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, uint64(w)))
			db := dbs[w%2]
			model := models[w]
			for i := range ops {
				k := keyN(w*1000 + r.IntN(10))
				v, have := model[k]
				var err error
				switch op := r.IntN(4); {
				case op == 0 && !have:
					err = db.Insert(ctx(t), "c", k, i)
					model[k] = i
				case op == 1 && have:
					err = db.Update(ctx(t), "c", k, i)
					model[k] = i
				case op == 2 && have:
					err = db.Delete(ctx(t), "c", k)
					delete(model, k)
				default:
					got, gerr := db.Get(ctx(t), "c", k)
					switch {
					case have && (gerr != nil || got.Int() != int64(v)):
						err = fmt.Errorf("get %v: %s %v, want %d", k, got, gerr, v)
					case !have && gerr == nil:
						err = fmt.Errorf("get %v: %s, want a miss", k, got)
					}
				}
				if err != nil {
					errs <- fmt.Errorf("worker %d op %d: %w", w, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want := [2]int{}
	for w, m := range models {
		want[w%2] += len(m)
	}
	for i, db := range dbs {
		n, err := db.Count(ctx(t), "c")
		if err != nil || n != int64(want[i]) {
			t.Fatalf("db %d count %d want %d (%v)", i, n, want[i], err)
		}
	}
	if dials, _ := cl.PoolStats(); dials > 4 {
		t.Fatalf("pool dialed %d connections, limit 4", dials)
	}
}
