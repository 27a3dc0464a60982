package engine

// The engine workloads of BENCHMARKS.md §4.2 as Go benchmarks: one b.N
// iteration is one sample, and each benchmark reports its workload unit
// with b.ReportMetric. They mirror bench/cmd/grumpybench (same seeds,
// shapes, data sets and verification) but share no code with it: the
// engine must never depend on the bench module.
//
//	go test -run '^$' -bench 'E[1-8]' ./engine
//
// Scratch data goes to b.TempDir(), which lives under os.TempDir() ($TMPDIR,
// else /tmp). The durable-write figures (E1–E3) are only meaningful on a
// disk-backed file system: wbScratch logs a warning when that directory is
// on tmpfs or ramfs; point TMPDIR at a disk in that case.

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
)

// wbGen is the §1.4 generator: ChaCha8 seeded with the 64-bit seed in
// little-endian order followed by 24 zero bytes.
func wbGen(seed uint64) (*rand.ChaCha8, *rand.Rand) {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:8], seed)
	src := rand.NewChaCha8(s)
	return src, rand.New(src)
}

// wbKeys draws n version-4 UUIDs from src.
func wbKeys(src *rand.ChaCha8, n int) []uuid.UUID {
	keys := make([]uuid.UUID, n)
	for i := range keys {
		_, _ = src.Read(keys[i][:])
		keys[i][6] = keys[i][6]&0x0f | 0x40
		keys[i][8] = keys[i][8]&0x3f | 0x80
	}
	return keys
}

// wbDocs returns shape(0) … shape(n−1) of a §2 shape.
func wbDocs(shape string, n int) []Value {
	bio := String(strings.Repeat("a", 300))
	tags := Array(String("alpha"), String("beta"), String("gamma"))
	payload := map[string]Value{"large": String(strings.Repeat("x", 4096)), "overflow": String(strings.Repeat("x", 20480))}[shape]
	docs := make([]Value, n)
	for i := range docs {
		k := int64(i)
		name := String("user_" + strconv.Itoa(i))
		switch shape {
		case "small":
			docs[i] = Object(Field{"name", name}, Field{"age", Int(k % 1000)}, Field{"active", Bool(i%2 == 0)})
		case "medium":
			docs[i] = Object(Field{"id", Int(k)}, Field{"name", name},
				Field{"email", String("user" + strconv.Itoa(i) + "@example.com")}, Field{"age", Int(k % 1000)},
				Field{"active", Bool(i%2 == 0)}, Field{"score", Float(float64(i) * 1.5)}, Field{"country", String("FR")},
				Field{"city", String("Paris")}, Field{"tags", tags}, Field{"bio", bio})
		default:
			docs[i] = Object(Field{"id", Int(k)}, Field{"payload", payload})
		}
	}
	return docs
}

// wbScratch returns a fresh scratch directory and warns when it is memory
// backed (fsync is free there).
func wbScratch(b *testing.B) string {
	dir := b.TempDir()
	if fs := wbFSType(dir); fs == "tmpfs" || fs == "ramfs" {
		b.Logf("WARNING: %s is on %s: durable-write figures are void; set TMPDIR to a disk-backed directory", dir, fs)
	}
	return dir
}

// wbFSType returns the file system type of the mount holding dir, from
// /proc/self/mountinfo ("" when unknown).
func wbFSType(dir string) string {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return ""
	}
	abs, _ := filepath.EvalSymlinks(dir)
	best, fstype := -1, ""
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		sep := slices.Index(f, "-")
		if len(f) < 5 || sep < 0 || sep+1 >= len(f) {
			continue
		}
		mp := strings.ReplaceAll(f[4], `\040`, " ")
		if (abs == mp || strings.HasPrefix(abs, strings.TrimSuffix(mp, "/")+"/")) && len(mp) > best {
			best, fstype = len(mp), f[sep+1]
		}
	}
	return fstype
}

// wbFresh opens an empty database with collection bench, flushed.
func wbFresh(b *testing.B, dir string) *DB {
	db, err := Open(dir, &Options{CreateIfMissing: true})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.CreateCollection("bench"); err != nil {
		b.Fatal(err)
	}
	if err := db.Flush(); err != nil {
		b.Fatal(err)
	}
	return db
}

// wbLoad inserts docs in durable transactions of 1,000.
func wbLoad(b *testing.B, db *DB, keys []uuid.UUID, docs []Value) {
	for lo := 0; lo < len(keys); lo += 1000 {
		err := db.Update(func(tx *Tx) error {
			for j := lo; j < min(lo+1000, len(keys)); j++ {
				if err := tx.Insert("bench", keys[j], docs[j]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// wbCheck verifies the count and that keys[i] reads back as docs[i] for
// every i in picks.
func wbCheck(b *testing.B, db *DB, n int, keys []uuid.UUID, docs []Value, picks []int) {
	if c, err := db.Count("bench"); err != nil || c != n {
		b.Fatalf("count = %d, %v; want %d", c, err, n)
	}
	for _, i := range picks {
		if v, err := db.Get("bench", keys[i]); err != nil || !Equal(v, docs[i]) {
			b.Fatalf("document %d read back as %s, %v", i, v, err)
		}
	}
}

// wbDataset is a read data set of §3: 10,000 small documents (R10, R10c,
// R10i by seed), loaded, indexed after loading when asked, flushed, closed.
type wbDataset struct {
	dir   string
	keys  []uuid.UUID
	docs  []Value
	byKey map[uuid.UUID]int
}

func wbBuild(b *testing.B, seed uint64, indexed bool) *wbDataset {
	src, _ := wbGen(seed)
	d := &wbDataset{dir: filepath.Join(wbScratch(b), "db"), keys: wbKeys(src, 10_000), docs: wbDocs("small", 10_000)}
	d.byKey = make(map[uuid.UUID]int, len(d.keys))
	for i, k := range d.keys {
		d.byKey[k] = i
	}
	db := wbFresh(b, d.dir)
	wbLoad(b, db, d.keys, d.docs)
	if indexed {
		if err := db.CreateIndex("bench", "age_idx", "age"); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return d
}

func (d *wbDataset) open(b *testing.B) *DB {
	db, err := Open(d.dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// checkDocs verifies returned documents: stored, and with an age in [lo, hi).
func (d *wbDataset) checkDocs(b *testing.B, docs []Document, lo, hi int64) {
	for _, doc := range docs {
		i, ok := d.byKey[doc.ID]
		age, _ := doc.Value.Get("age")
		if !ok || !Equal(doc.Value, d.docs[i]) || age.Int() < lo || age.Int() >= hi {
			b.Fatalf("query [%d, %d) returned %s = %s", lo, hi, doc.ID, doc.Value)
		}
	}
}

// wbPicks draws n ints uniformly from [0, m) with seed.
func wbPicks(seed uint64, n, m int) []int {
	_, r := wbGen(seed)
	out := make([]int, n)
	for i := range out {
		out[i] = r.IntN(m)
	}
	return out
}

// wbPercentile is the nearest-rank percentile of ds (sorted in place), in ms.
func wbPercentile(ds []time.Duration, p float64) float64 {
	slices.Sort(ds)
	rank := max(1, min(len(ds), int(float64(len(ds))*p/100+0.999999)))
	return float64(ds[rank-1]) / 1e6
}

// BenchmarkE1InsertDurable is E1: N inserts per sample (1,000 small or
// medium, 100 large or overflow), each its own durable transaction, into a
// fresh database; keys from seed 0xE1000000 + sample.
func BenchmarkE1InsertDurable(b *testing.B) {
	for _, shape := range []string{"small", "medium", "large", "overflow"} {
		b.Run(shape, func(b *testing.B) {
			n := 1000
			if shape == "large" || shape == "overflow" {
				n = 100
			}
			docs := wbDocs(shape, n)
			scratch := wbScratch(b)
			var lats []time.Duration
			var walBytes int64
			b.ResetTimer()
			for s := 0; s < b.N; s++ {
				b.StopTimer()
				src, r := wbGen(0xE1000000 + uint64(s))
				keys := wbKeys(src, n)
				dir := filepath.Join(scratch, strconv.Itoa(s))
				db := wbFresh(b, dir)
				b.StartTimer()
				for i := range n {
					t0 := time.Now()
					if err := db.Insert("bench", keys[i], docs[i]); err != nil {
						b.Fatal(err)
					}
					lats = append(lats, time.Since(t0))
				}
				b.StopTimer()
				walBytes += db.Stats().WALBytes
				picks := make([]int, 10)
				for i := range picks {
					picks[i] = r.IntN(n)
				}
				wbCheck(b, db, n, keys, docs, picks)
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
				os.RemoveAll(dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "ops/s")
			b.ReportMetric(wbPercentile(lats, 50), "p50-ms")
			b.ReportMetric(wbPercentile(lats, 99), "p99-ms")
			// WAL bytes per durable insert (flushed before each sample,
			// so nothing else is in the log): the write volume every
			// commit's fsync covers.
			b.ReportMetric(float64(walBytes)/float64(n*b.N), "wal-B/insert")
		})
	}
}

// BenchmarkE2InsertConcurrent16 is E2: 2,000 medium inserts per sample from
// 16 goroutines sharing one handle (document j to goroutine j mod 16),
// released together; each insert its own durable transaction.
func BenchmarkE2InsertConcurrent16(b *testing.B) {
	const n, g = 2000, 16
	docs := wbDocs("medium", n)
	scratch := wbScratch(b)
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		b.StopTimer()
		src, _ := wbGen(0xE2000000 + uint64(s))
		keys := wbKeys(src, n)
		dir := filepath.Join(scratch, strconv.Itoa(s))
		db := wbFresh(b, dir)
		var ready, done sync.WaitGroup
		release := make(chan struct{})
		errs := make([]error, g)
		for k := range g {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				ready.Done()
				<-release
				for j := k; j < n && errs[k] == nil; j += g {
					errs[k] = db.Insert("bench", keys[j], docs[j])
				}
			}()
		}
		ready.Wait()
		b.StartTimer()
		close(release)
		done.Wait()
		b.StopTimer()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		wbCheck(b, db, n, keys, docs, all)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "ops/s")
}

// wbBulk is E3/E3i: 100,000 medium documents (seed 0x3000) per sample in
// 100 durable transactions of 1,000, into a fresh database (with email_idx
// and age_idx created first when indexed); reports docs/s and bytes/doc.
func wbBulk(b *testing.B, indexed bool) {
	const n = 100_000
	src, r := wbGen(0x3000)
	keys := wbKeys(src, n)
	picks := make([]int, 100)
	for i := range picks {
		picks[i] = r.IntN(n)
	}
	docs := wbDocs("medium", n)
	scratch := wbScratch(b)
	var size int64
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		b.StopTimer()
		dir := filepath.Join(scratch, strconv.Itoa(s))
		db := wbFresh(b, dir)
		if indexed {
			if err := db.CreateIndex("bench", "email_idx", "email"); err != nil {
				b.Fatal(err)
			}
			if err := db.CreateIndex("bench", "age_idx", "age"); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		wbLoad(b, db, keys, docs)
		b.StopTimer()
		wbCheck(b, db, n, keys, docs, picks)
		if indexed {
			for _, i := range picks[:10] {
				got, err := db.Query("bench", "email_idx", String("user"+strconv.Itoa(i)+"@example.com"))
				if err != nil || len(got) != 1 || got[0].ID != keys[i] {
					b.Fatalf("email_idx lookup of document %d: %d hits, %v", i, len(got), err)
				}
			}
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		size = 0
		filepath.WalkDir(dir, func(_ string, e os.DirEntry, err error) error {
			if err == nil && e.Type().IsRegular() {
				if fi, err := e.Info(); err == nil {
					size += fi.Size()
				}
			}
			return nil
		})
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(size)/n, "bytes/doc")
}

// BenchmarkE3BulkLoad is E3 (no secondary index).
func BenchmarkE3BulkLoad(b *testing.B) { wbBulk(b, false) }

// BenchmarkE3iBulkLoadIndexed is E3i (email_idx and age_idx maintained).
func BenchmarkE3iBulkLoadIndexed(b *testing.B) { wbBulk(b, true) }

// wbGets runs the gets of picks, each checked to be an object, keeping the
// results for the untimed deep check.
func wbGets(b *testing.B, db *DB, d *wbDataset, picks []int, out []Value) {
	for i, p := range picks {
		v, err := db.Get("bench", d.keys[p])
		if err != nil || v.Kind() != KindObject {
			b.Fatalf("get %d: %s, %v", i, v, err)
		}
		out[i] = v
	}
}

func wbCheckGets(b *testing.B, d *wbDataset, picks []int, got []Value) {
	for i, p := range picks {
		if !Equal(got[i], d.docs[p]) {
			b.Fatalf("get of document %d returned %s", p, got[i])
		}
	}
}

// BenchmarkE4GetWarm is E4: 1,000 gets per sample on R10 (keys drawn with
// replacement, seed 0xC0FFEE), after one untimed warm-up pass.
func BenchmarkE4GetWarm(b *testing.B) {
	d := wbBuild(b, 0x5EED0010, false)
	db := d.open(b)
	defer db.Close()
	picks := wbPicks(0xC0FFEE, 1000, len(d.keys))
	got := make([]Value, len(picks))
	wbGets(b, db, d, picks, got)
	wbCheckGets(b, d, picks, got)
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		wbGets(b, db, d, picks, got)
		b.StopTimer()
		wbCheckGets(b, d, picks, got)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(picks)*b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkE5GetCold is E5: per sample, open R10c (untimed, so the engine's
// caches start empty; the OS page cache stays warm), 1,000 gets (seed
// 0xCAFEBABE), close (untimed).
func BenchmarkE5GetCold(b *testing.B) {
	d := wbBuild(b, 0x5EED0011, false)
	picks := wbPicks(0xCAFEBABE, 1000, len(d.keys))
	got := make([]Value, len(picks))
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		b.StopTimer()
		db := d.open(b)
		b.StartTimer()
		wbGets(b, db, d, picks, got)
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		wbCheckGets(b, d, picks, got)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(picks)*b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkE6ScanDecode is E6: a full scan of R10 per sample, every
// document decoded and kept in one list, after an untimed warm-up scan;
// verified complete and in strictly ascending key order.
func BenchmarkE6ScanDecode(b *testing.B) {
	d := wbBuild(b, 0x5EED0010, false)
	db := d.open(b)
	defer db.Close()
	docs := make([]Document, 0, len(d.keys))
	scan := func() {
		docs = docs[:0]
		it := db.ScanAll(context.Background(), "bench")
		for it.Next() {
			docs = append(docs, it.Document())
		}
		if err := it.Close(); err != nil {
			b.Fatal(err)
		}
	}
	check := func() {
		if len(docs) != len(d.keys) {
			b.Fatalf("scan returned %d documents", len(docs))
		}
		for i := range docs {
			if i > 0 && bytes.Compare(docs[i-1].ID[:], docs[i].ID[:]) >= 0 {
				b.Fatalf("scan out of order at %d", i)
			}
			if j, ok := d.byKey[docs[i].ID]; !ok || !Equal(docs[i].Value, d.docs[j]) {
				b.Fatalf("scan returned a wrong document %s", docs[i].ID)
			}
		}
	}
	scan()
	check()
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		scan()
		b.StopTimer()
		check()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(d.keys)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkE7IndexExact is E7: 1,000 exact queries per sample on R10i's
// age_idx (ages uniform in [0, 1000), seed 0xBADF00D), each returning its
// 10 documents decoded.
func BenchmarkE7IndexExact(b *testing.B) {
	d := wbBuild(b, 0x5EED0012, true)
	db := d.open(b)
	defer db.Close()
	ages := wbPicks(0xBADF00D, 1000, 1000)
	got := make([][]Document, len(ages))
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		for i, a := range ages {
			docs, err := db.Query("bench", "age_idx", Int(int64(a)))
			if err != nil || len(docs) != 10 {
				b.Fatalf("age %d: %d documents, %v", a, len(docs), err)
			}
			got[i] = docs
		}
		b.StopTimer()
		for i, a := range ages {
			d.checkDocs(b, got[i], int64(a), int64(a)+1)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(len(ages)*b.N)/b.Elapsed().Seconds(), "queries/s")
}

// BenchmarkE8IndexRange is E8: 100 range queries per sample on R10i's
// age_idx, [a, a+w) with a uniform in [0, 950) and w in [1, 50] (seed
// 0xFEEDFACE, then shuffled), each returning its 10·w documents decoded.
func BenchmarkE8IndexRange(b *testing.B) {
	d := wbBuild(b, 0x5EED0012, true)
	db := d.open(b)
	defer db.Close()
	_, r := wbGen(0xFEEDFACE)
	type window struct{ lo, w int }
	ranges := make([]window, 100)
	for i := range ranges {
		a := r.IntN(950)
		ranges[i] = window{a, 1 + r.IntN(50)}
	}
	r.Shuffle(len(ranges), func(i, j int) { ranges[i], ranges[j] = ranges[j], ranges[i] })
	got := make([][]Document, len(ranges))
	total := 0
	b.ResetTimer()
	for s := 0; s < b.N; s++ {
		for i, q := range ranges {
			docs, err := db.QueryRange("bench", "age_idx", Int(int64(q.lo)), Int(int64(q.lo+q.w)))
			if err != nil || len(docs) != 10*q.w {
				b.Fatalf("ages [%d, %d): %d documents, %v", q.lo, q.lo+q.w, len(docs), err)
			}
			got[i] = docs
			total += len(docs)
		}
		b.StopTimer()
		for i, q := range ranges {
			d.checkDocs(b, got[i], int64(q.lo), int64(q.lo+q.w))
		}
		b.StartTimer()
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(len(ranges)*b.N)/secs, "ranges/s")
	b.ReportMetric(float64(total)/secs, "docs/s")
}

// TestBenchHelpers checks the benchmark helpers against the spec: the
// generator's seed layout, the UUID version bits and the shapes.
func TestBenchHelpers(t *testing.T) {
	src, _ := wbGen(1)
	var s [32]byte
	s[0] = 1
	if a, b := src.Uint64(), rand.NewChaCha8(s).Uint64(); a != b {
		t.Fatalf("seed layout: %x != %x", a, b)
	}
	src, _ = wbGen(0x5EED0010)
	for _, k := range wbKeys(src, 100) {
		if k.Version() != 4 || k.Variant() != uuid.RFC4122 {
			t.Fatalf("key %s is not a v4 UUID", k)
		}
	}
	want := map[string]string{
		"small":  `{"name":"user_3","age":3,"active":false}`,
		"medium": `{"id":3,"name":"user_3","email":"user3@example.com","age":3,"active":false,"score":4.5,"country":"FR","city":"Paris","tags":["alpha","beta","gamma"],"bio":"` + strings.Repeat("a", 300) + `"}`,
		"large":  `{"id":3,"payload":"` + strings.Repeat("x", 4096) + `"}`,
	}
	for shape, js := range want {
		v, err := ParseJSON([]byte(js))
		if err != nil {
			t.Fatal(err)
		}
		if got := wbDocs(shape, 4)[3]; !Equal(got, v) {
			t.Errorf("%s(3) = %s", shape, got)
		}
	}
	if p := wbPercentile([]time.Duration{5e6, 1e6, 3e6, 2e6, 4e6}, 50); p != 3 {
		t.Errorf("p50 = %v ms, want 3", p)
	}
	if fs := wbFSType(t.TempDir()); fs == "" && runtime.GOOS == "linux" {
		t.Error("no file system type found for the temp dir")
	}
}
