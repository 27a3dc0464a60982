package pager

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

const testDir = "/db"

func openMem(t *testing.T, fsys vfs.FS, opts Options) *Pager {
	t.Helper()
	if err := fsys.MkdirAll(testDir, 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := Open(fsys, testDir, opts)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return p
}

// initDB creates the control file and one data file; returns the data
// file's number.
func initDB(t *testing.T, p *Pager) uint32 {
	t.Helper()
	if !p.Fresh() {
		t.Fatal("new database not fresh")
	}
	tx, err := p.BeginWrite()
	if err != nil {
		t.Fatal(err)
	}
	c, err := tx.CreateFile("catalog.db")
	if err != nil || c != ControlFile {
		t.Fatalf("control file = %d, %v", c, err)
	}
	d, err := tx.CreateFile("users/data.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// stamp writes value v into a page payload; read back with stamped.
func stamp(pg page.Page, v uint64) { binary.LittleEndian.PutUint64(pg.Payload()[100:], v) }

func stamped(pg page.Page) uint64 { return binary.LittleEndian.Uint64(pg.Payload()[100:]) }

func seed(t *testing.T) int64 {
	s := int64(1)
	if v := os.Getenv("GRUMPY_SEED"); v != "" {
		s, _ = strconv.ParseInt(v, 10, 64)
	} else {
		s = rand.Int64()
	}
	t.Logf("seed %d (set GRUMPY_SEED to replay)", s)
	return s
}

func TestCommitReopen(t *testing.T) {
	for _, flush := range []bool{false, true} {
		t.Run(fmt.Sprintf("flush=%v", flush), func(t *testing.T) {
			fsys := vfs.NewMemFS()
			p := openMem(t, fsys, Options{})
			d := initDB(t, p)
			tx, _ := p.BeginWrite()
			st, err := tx.Store(d)
			if err != nil {
				t.Fatal(err)
			}
			var nos []uint32
			for i := 0; i < 10; i++ {
				no, pg, err := st.Alloc(page.TypeData)
				if err != nil {
					t.Fatal(err)
				}
				stamp(pg, uint64(i+1))
				nos = append(nos, no)
			}
			if err := tx.SetMeta([]byte("hlc=7")); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if flush {
				if err := p.Flush(); err != nil {
					t.Fatal(err)
				}
			}
			// Crash without Close: only what was synced survives.
			crashed := fsys.Crash(vfs.CrashOptions{})
			q := openMem(t, crashed, Options{})
			defer q.Close()
			if q.Fresh() {
				t.Fatal("recovered database is fresh")
			}
			if string(q.Meta()) != "hlc=7" {
				t.Fatalf("meta = %q", q.Meta())
			}
			r, _ := q.BeginRead()
			defer r.Close()
			rs, err := r.Store(d)
			if err != nil {
				t.Fatal(err)
			}
			if rs.Pages() != 12 {
				t.Fatalf("pages = %d, want 12", rs.Pages())
			}
			for i, no := range nos {
				pg, err := rs.Read(no)
				if err != nil {
					t.Fatal(err)
				}
				if stamped(pg) != uint64(i+1) || pg.Type() != page.TypeData {
					t.Fatalf("page %d: stamp %d type %v", no, stamped(pg), pg.Type())
				}
			}
		})
	}
}

func TestSnapshotIsolation(t *testing.T) {
	p := openMem(t, vfs.NewMemFS(), Options{})
	defer p.Close()
	d := initDB(t, p)
	write := func(v uint64) {
		tx, _ := p.BeginWrite()
		st, _ := tx.Store(d)
		pg, err := st.Write(page.MetaPage)
		if err != nil {
			t.Fatal(err)
		}
		stamp(pg, v)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	read := func(r *ReadTx) uint64 {
		st, err := r.Store(d)
		if err != nil {
			t.Fatal(err)
		}
		pg, err := st.Read(page.MetaPage)
		if err != nil {
			t.Fatal(err)
		}
		return stamped(pg)
	}
	write(1)
	r1, _ := p.BeginRead()
	write(2)
	r2, _ := p.BeginRead()
	write(3)
	if got := read(r1); got != 1 {
		t.Fatalf("old reader sees %d, want 1", got)
	}
	if got := read(r2); got != 2 {
		t.Fatalf("second reader sees %d, want 2", got)
	}
	r1.Close()
	r2.Close()
	r3, _ := p.BeginRead()
	defer r3.Close()
	if got := read(r3); got != 3 {
		t.Fatalf("new reader sees %d, want 3", got)
	}
	if _, err := r1.Store(d); !errors.Is(err, ErrTxDone) {
		t.Fatalf("closed reader: %v", err)
	}
	// Old versions are released once the readers are gone.
	if s := p.Stats(); s.Retained != 0 {
		t.Fatalf("retained versions after readers closed: %d", s.Retained)
	}
}

func TestRollbackLeavesNothing(t *testing.T) {
	p := openMem(t, vfs.NewMemFS(), Options{})
	defer p.Close()
	d := initDB(t, p)
	tx, _ := p.BeginWrite()
	st, _ := tx.Store(d)
	pg, _ := st.Write(page.MetaPage)
	stamp(pg, 99)
	if _, _, err := st.Alloc(page.TypeData); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if err := tx.Commit(); !errors.Is(err, ErrTxDone) {
		t.Fatalf("commit after rollback: %v", err)
	}
	r, _ := p.BeginRead()
	defer r.Close()
	rs, _ := r.Store(d)
	pg, _ = rs.Read(page.MetaPage)
	if stamped(pg) != 0 || rs.Pages() != 2 {
		t.Fatalf("rolled back changes visible: stamp %d pages %d", stamped(pg), rs.Pages())
	}
}

func TestFreeListReuse(t *testing.T) {
	p := openMem(t, vfs.NewMemFS(), Options{})
	defer p.Close()
	d := initDB(t, p)
	tx, _ := p.BeginWrite()
	st, _ := tx.Store(d)
	a, _, _ := st.Alloc(page.TypeData)
	b, _, _ := st.Alloc(page.TypeData)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx, _ = p.BeginWrite()
	st, _ = tx.Store(d)
	if err := st.Free(a); err != nil {
		t.Fatal(err)
	}
	if err := st.Free(a); !errors.Is(err, page.ErrCorrupt) {
		t.Fatalf("double free: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx, _ = p.BeginWrite()
	st, _ = tx.Store(d)
	c, pg, err := st.Alloc(page.TypeLeaf)
	if err != nil {
		t.Fatal(err)
	}
	if c != a || pg.Type() != page.TypeLeaf || st.Pages() != b+1 {
		t.Fatalf("alloc after free = %d (pages %d), want %d", c, st.Pages(), a)
	}
	tx.Rollback()
}

// TestEvictionSmallPool writes far more pages than the pool holds and reads
// them back, across a reopen.
func TestEvictionSmallPool(t *testing.T) {
	fsys := vfs.NewMemFS()
	opts := Options{CacheBytes: 64 * page.Size, CheckpointBytes: 1 << 20}
	p := openMem(t, fsys, opts)
	d := initDB(t, p)
	const n = 1000
	nos := make([]uint32, 0, n)
	for i := 0; i < n; i += 50 {
		tx, _ := p.BeginWrite()
		st, _ := tx.Store(d)
		for j := i; j < i+50; j++ {
			no, pg, err := st.Alloc(page.TypeData)
			if err != nil {
				t.Fatal(err)
			}
			stamp(pg, uint64(j))
			nos = append(nos, no)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	check := func(p *Pager) {
		r, _ := p.BeginRead()
		defer r.Close()
		st, _ := r.Store(d)
		for j, no := range nos {
			pg, err := st.Read(no)
			if err != nil {
				t.Fatal(err)
			}
			if stamped(pg) != uint64(j) {
				t.Fatalf("page %d = %d, want %d", no, stamped(pg), j)
			}
		}
	}
	check(p)
	s := p.Stats()
	if s.Evictions == 0 || s.Checkpoints == 0 {
		t.Fatalf("expected evictions and checkpoints: %+v", s)
	}
	if s.CachedPages > 80 {
		t.Fatalf("pool holds %d pages, budget 64", s.CachedPages)
	}
	crashed := fsys.Crash(vfs.CrashOptions{})
	q := openMem(t, crashed, opts)
	defer q.Close()
	check(q)
}

func TestDropFile(t *testing.T) {
	fsys := vfs.NewMemFS()
	p := openMem(t, fsys, Options{})
	d := initDB(t, p)
	r, _ := p.BeginRead()
	tx, _ := p.BeginWrite()
	if err := tx.DropFile(d); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// The old reader still reads the dropped file.
	st, err := r.Store(d)
	if err != nil {
		t.Fatalf("old reader lost the dropped file: %v", err)
	}
	if _, err := st.Read(page.MetaPage); err != nil {
		t.Fatal(err)
	}
	if _, err := fsys.Stat(testDir + "/users/data.db"); err == nil {
		t.Fatal("dropped file still at its path")
	}
	r.Close()
	r2, _ := p.BeginRead()
	if _, err := r2.Store(d); !errors.Is(err, ErrNoFile) {
		t.Fatalf("new reader sees dropped file: %v", err)
	}
	r2.Close()
	if _, err := fsys.Stat(testDir + "/_trash/f2"); err == nil {
		t.Fatal("dropped file not deleted after its last reader")
	}
	// A new file may take the old path.
	tx, _ = p.BeginWrite()
	if _, err := tx.CreateFile("users/data.db"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	q := openMem(t, fsys.Crash(vfs.CrashOptions{}), Options{})
	defer q.Close()
	files := q.Files()
	if len(files) != 2 || files[3] != "users/data.db" {
		t.Fatalf("files after reopen: %v", files)
	}
}

// TestConcurrentReadersAndWriters runs writers and snapshot readers at once;
// every reader must see a consistent snapshot (all pages of one commit).
func TestConcurrentReadersAndWriters(t *testing.T) {
	p := openMem(t, vfs.NewMemFS(), Options{CacheBytes: 128 * page.Size, NoSync: true})
	defer p.Close()
	d := initDB(t, p)
	const pages = 20
	tx, _ := p.BeginWrite()
	st, _ := tx.Store(d)
	for i := 0; i < pages; i++ {
		st.Alloc(page.TypeData)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				tx, err := p.BeginWrite()
				if err != nil {
					errc <- err
					return
				}
				st, _ := tx.Store(d)
				mp, _ := st.Write(page.MetaPage)
				v := stamped(mp) + 1
				stamp(mp, v)
				for no := uint32(2); no < 2+pages; no++ {
					pg, err := st.Write(no)
					if err != nil {
						errc <- err
						tx.Rollback()
						return
					}
					stamp(pg, v)
				}
				if err := tx.Commit(); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	for rd := 0; rd < 3; rd++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				r, err := p.BeginRead()
				if err != nil {
					errc <- err
					return
				}
				st, _ := r.Store(d)
				mp, _ := st.Read(page.MetaPage)
				want := stamped(mp)
				for no := uint32(2); no < 2+pages; no++ {
					pg, err := st.Read(no)
					if err != nil {
						errc <- err
						r.Close()
						return
					}
					if got := stamped(pg); got != want {
						errc <- fmt.Errorf("torn snapshot: page %d = %d, meta = %d", no, got, want)
						r.Close()
						return
					}
				}
				r.Close()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
}

// TestCrashAtEveryIO fails the n-th I/O call (and everything after it, as
// a dead disk or power cut would), then recovers from what was synced: every
// commit that returned nil must be there, and nothing half-applied.
func TestCrashAtEveryIO(t *testing.T) {
	const commits = 12
	workload := func(p *Pager, d uint32, acked *int) error {
		for i := 1; i <= commits; i++ {
			tx, err := p.BeginWrite()
			if err != nil {
				return err
			}
			st, err := tx.Store(d)
			if err != nil {
				tx.Rollback()
				return err
			}
			mp, err := st.Write(page.MetaPage)
			if err != nil {
				tx.Rollback()
				return err
			}
			stamp(mp, uint64(i))
			no, pg, err := st.Alloc(page.TypeData)
			if err != nil {
				tx.Rollback()
				return err
			}
			stamp(pg, uint64(i))
			_ = no
			if err := tx.Commit(); err != nil {
				return err
			}
			*acked = i
			if i%4 == 0 {
				if err := p.Flush(); err != nil {
					return err
				}
			}
		}
		return p.Close()
	}
	// Count the calls of a clean run.
	base := vfs.NewMemFS()
	ff := vfs.NewFaultFS(base)
	p := openMem(t, ff, Options{})
	d := initDB(t, p)
	start := ff.Calls()
	var acked int
	if err := workload(p, d, &acked); err != nil {
		t.Fatal(err)
	}
	total := ff.Calls() - start
	t.Logf("%d I/O calls in the workload; crashing at each", total)
	rng := rand.New(rand.NewPCG(uint64(seed(t)), 1))
	for n := 1; n <= total; n++ {
		base := vfs.NewMemFS()
		ff := vfs.NewFaultFS(base)
		p := openMem(t, ff, Options{})
		d := initDB(t, p)
		ff.FailAfter(n, true)
		acked := 0
		werr := workload(p, d, &acked)
		if werr == nil && n <= total {
			t.Fatalf("crash point %d: workload did not fail", n)
		}
		crashed := base.Crash(vfs.CrashOptions{Rand: rng, KeepUnsynced: 0.5, TearWrites: true})
		q, err := Open(crashed, testDir, Options{})
		if err != nil {
			t.Fatalf("crash point %d: reopen: %v", n, err)
		}
		r, _ := q.BeginRead()
		st, err := r.Store(d)
		if err != nil {
			t.Fatalf("crash point %d: %v", n, err)
		}
		mp, err := st.Read(page.MetaPage)
		if err != nil {
			t.Fatalf("crash point %d: %v", n, err)
		}
		got := int(stamped(mp))
		if got < acked || got > acked+1 {
			t.Fatalf("crash point %d: recovered commit %d, acknowledged %d", n, got, acked)
		}
		// Nothing half-applied: commit i allocated page i+1 stamped i.
		if int(st.Pages()) != 2+got {
			t.Fatalf("crash point %d: %d pages for commit %d", n, st.Pages(), got)
		}
		for i := 1; i <= got; i++ {
			pg, err := st.Read(uint32(1 + i))
			if err != nil {
				t.Fatalf("crash point %d: page %d: %v", n, 1+i, err)
			}
			if int(stamped(pg)) != i {
				t.Fatalf("crash point %d: page %d holds %d", n, 1+i, stamped(pg))
			}
		}
		r.Close()
		if err := q.Close(); err != nil {
			t.Fatalf("crash point %d: close: %v", n, err)
		}
	}
}

func TestFreePagesWalk(t *testing.T) {
	p := openMem(t, vfs.NewMemFS(), Options{})
	defer p.Close()
	d := initDB(t, p)
	tx, _ := p.BeginWrite()
	st, _ := tx.Store(d)
	var nos []uint32
	for i := 0; i < 5; i++ {
		no, _, _ := st.Alloc(page.TypeData)
		nos = append(nos, no)
	}
	st.Free(nos[1])
	st.Free(nos[3])
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	r, _ := p.BeginRead()
	defer r.Close()
	free, err := r.FreePages(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(free) != 2 || free[0] != nos[3] || free[1] != nos[1] {
		t.Fatalf("free list = %v, want [%d %d]", free, nos[3], nos[1])
	}
}
