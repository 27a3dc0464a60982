package vfs

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"testing"
)

// durModel is a deliberately simple model of the durability rules: each
// directory's durable entries are a snapshot taken at its last SyncDir, each
// file's durable content a snapshot taken at its last Sync. It knows nothing
// of pending-change lists.
type durModel struct {
	nextID  int
	content map[int][]byte            // current content per file id
	durable map[int][]byte            // durable content per file id
	cur     map[string]map[string]int // dir -> name -> id, current
	dur     map[string]map[string]int // dir -> name -> id, durable
}

var modelDirs = []string{"a", "b"}

func newDurModel() *durModel {
	md := &durModel{
		content: map[int][]byte{},
		durable: map[int][]byte{},
		cur:     map[string]map[string]int{},
		dur:     map[string]map[string]int{},
	}
	for _, d := range modelDirs {
		md.cur[d], md.dur[d] = map[string]int{}, map[string]int{}
	}
	return md
}

// opReader decodes an operation stream from fuzz or random bytes.
type opReader struct {
	b []byte
}

func (r *opReader) next() (byte, bool) {
	if len(r.b) == 0 {
		return 0, false
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v, true
}

// name picks a directory and a file name.
func (r *opReader) name() (dir, base string, ok bool) {
	v, ok := r.next()
	return modelDirs[v&1], "f" + string(rune('0'+(v>>1)%4)), ok
}

// runModel applies the operations encoded in ops to a MemFS and the model,
// checking after each crash that the MemFS kept exactly what the model
// says is durable, and at the end that the current states agree.
func runModel(t *testing.T, ops []byte) {
	m := NewMemFS()
	for _, d := range modelDirs {
		mustDo(t, m.MkdirAll(d, 0o755))
	}
	md := newDurModel()
	r := &opReader{b: ops}
	var history []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Logf("history:\n  %s", joinLines(history))
		t.Fatalf(format, args...)
	}
	for step := 0; ; step++ {
		op, ok := r.next()
		if !ok {
			break
		}
		d, n, ok := r.name()
		if !ok {
			break
		}
		p := path.Join(d, n)
		id, present := md.cur[d][n]
		switch op % 9 {
		case 0: // create
			history = append(history, "create "+p)
			f, err := m.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
			if err != nil {
				fail("create %s: %v", p, err)
			}
			f.Close()
			if !present {
				md.nextID++
				md.cur[d][n] = md.nextID
			}
		case 1, 2: // write
			a, _ := r.next()
			b, _ := r.next()
			c, _ := r.next()
			off, length := int64(a)*13, int(b)%200+1
			data := bytes.Repeat([]byte{c}, length)
			history = append(history, "write "+p+" "+itoa(int(off))+"+"+itoa(length))
			f, err := m.OpenFile(p, os.O_RDWR, 0)
			if present != (err == nil) {
				fail("open %s for write: %v; model present %v", p, err, present)
			}
			if err != nil {
				continue
			}
			if _, err := f.WriteAt(data, off); err != nil {
				fail("write: %v", err)
			}
			f.Close()
			md.content[id] = writeBytes(slices.Clone(md.content[id]), data, off)
		case 3: // truncate
			a, _ := r.next()
			size := int64(a) * 11
			history = append(history, "truncate "+p+" "+itoa(int(size)))
			f, err := m.OpenFile(p, os.O_RDWR, 0)
			if present != (err == nil) {
				fail("open %s for truncate: %v; model present %v", p, err, present)
			}
			if err != nil {
				continue
			}
			mustDo(t, f.Truncate(size))
			f.Close()
			md.content[id] = resize(slices.Clone(md.content[id]), size)
		case 4: // sync file
			history = append(history, "sync "+p)
			f, err := m.OpenFile(p, os.O_RDONLY, 0)
			if present != (err == nil) {
				fail("open %s for sync: %v; model present %v", p, err, present)
			}
			if err != nil {
				continue
			}
			mustDo(t, f.Sync())
			f.Close()
			md.durable[id] = slices.Clone(md.content[id])
		case 5: // rename
			d2, n2, _ := r.name()
			p2 := path.Join(d2, n2)
			history = append(history, "rename "+p+" "+p2)
			err := m.Rename(p, p2)
			if present != (err == nil) {
				fail("rename %s %s: %v; model present %v", p, p2, err, present)
			}
			if err != nil || p == p2 {
				continue
			}
			delete(md.cur[d], n)
			md.cur[d2][n2] = id
		case 6: // remove
			history = append(history, "remove "+p)
			err := m.Remove(p)
			if present != (err == nil) {
				fail("remove %s: %v; model present %v", p, err, present)
			}
			delete(md.cur[d], n)
		case 7: // sync dir
			history = append(history, "syncdir "+d)
			mustDo(t, m.SyncDir(d))
			md.dur[d] = maps.Clone(md.cur[d])
		case 8: // crash
			history = append(history, "crash")
			checkModel(t, m, md, md.cur, md.content, fail)
			m = m.Crash(CrashOptions{})
			checkModel(t, m, md, md.dur, md.durable, fail)
			md.afterCrash()
		}
	}
	checkModel(t, m, md, md.cur, md.content, fail)
}

// afterCrash makes the model's durable state current. Names sharing a file
// (a half-durable cross-directory rename) become independent copies.
func (md *durModel) afterCrash() {
	content := map[int][]byte{}
	for _, d := range modelDirs {
		names := map[string]int{}
		for n, id := range md.dur[d] {
			md.nextID++
			names[n] = md.nextID
			content[md.nextID] = slices.Clone(md.durable[id])
		}
		md.cur[d], md.dur[d] = names, maps.Clone(names)
	}
	md.content, md.durable = content, maps.Clone(content)
	for id, b := range md.durable {
		md.durable[id] = slices.Clone(b)
	}
}

// checkModel compares fsys with the model state names/contents.
func checkModel(t *testing.T, fsys FS, md *durModel, names map[string]map[string]int, contents map[int][]byte, fail func(string, ...any)) {
	t.Helper()
	for _, d := range modelDirs {
		ents, err := fsys.ReadDir(d)
		if err != nil {
			fail("ReadDir %s: %v", d, err)
		}
		var got []string
		for _, e := range ents {
			got = append(got, e.Name())
		}
		want := slices.Sorted(maps.Keys(names[d]))
		if !slices.Equal(got, want) {
			fail("dir %s holds %v; model says %v", d, got, want)
		}
		for _, n := range want {
			b, err := tryReadFile(fsys, path.Join(d, n))
			if err != nil {
				fail("read %s/%s: %v", d, n, err)
			}
			if w := contents[names[d][n]]; !bytes.Equal(b, w) {
				fail("%s/%s: %d bytes, model says %d (first diff at %d)", d, n, len(b), len(w), firstDiff(b, w))
			}
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func itoa(n int) string { return string(formatPID(n)) }

func joinLines(lines []string) string {
	var b bytes.Buffer
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(l)
	}
	return b.String()
}

// TestMemFSModel runs random operation streams against the model.
func TestMemFSModel(t *testing.T) {
	seed := testSeed(t)
	r := newRand(seed)
	runs, length := 40, 3000
	if testing.Short() {
		runs = 10
	}
	for i := range runs {
		ops := make([]byte, length)
		for j := range ops {
			ops[j] = byte(r.Uint32())
		}
		if t.Failed() {
			break
		}
		t.Run("run"+itoa(i), func(t *testing.T) { runModel(t, ops) })
	}
}

// FuzzMemFSModel decodes the input as an operation stream and checks the
// MemFS against the model.
func FuzzMemFSModel(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 10, 50, 'x', 4, 0, 8, 0})                    // create, write, sync, crash (dir unsynced)
	f.Add([]byte{0, 0, 1, 0, 10, 50, 'x', 4, 0, 7, 0, 8, 0})              // ... with syncdir
	f.Add([]byte{0, 2, 7, 2, 5, 2, 3, 8, 0, 7, 1, 8, 0})                  // rename across dirs, half synced
	f.Add([]byte{0, 0, 4, 0, 7, 0, 3, 0, 5, 6, 0, 8, 0, 0, 0, 8, 0})      // truncate, remove, crash
	f.Add(bytes.Repeat([]byte{0, 1, 1, 1, 200, 199, 'q', 4, 1, 7, 1}, 4)) // repeated
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 4096 {
			ops = ops[:4096]
		}
		runModel(t, ops)
	})
}

// TestModelDetectsLostSync guards the model itself: a MemFS that forgot a
// Sync must be caught.
func TestModelDetectsLostSync(t *testing.T) {
	m := NewMemFS()
	mustDo(t, m.MkdirAll("a", 0o755))
	writeFile(t, m, "a/f0", []byte("x"), false)
	mustDo(t, m.SyncDir("a"))
	md := newDurModel()
	md.nextID = 1
	md.cur["a"]["f0"], md.dur["a"]["f0"] = 1, 1
	md.durable[1] = []byte("x") // the model wrongly believes it synced
	var failed bool
	fail := func(string, ...any) { failed = true }
	c := m.Crash(CrashOptions{})
	mustDo(t, c.MkdirAll("b", 0o755))
	checkModel(t, c, md, md.dur, md.durable, fail)
	if !failed {
		t.Fatal("checkModel accepted a durable-content mismatch")
	}
	if _, err := c.Stat("a/f0"); errors.Is(err, fs.ErrNotExist) {
		t.Fatal("file vanished though its directory was synced")
	}
}
