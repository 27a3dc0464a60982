package vfs_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/grumpydb/grumpydb/engine/internal/vfs"
)

// Replacing a file atomically, and what a crash keeps at each stage.
func ExampleMemFS_Crash() {
	m := vfs.NewMemFS()
	_ = m.MkdirAll("db", 0o755)

	f, _ := m.OpenFile("db/tmp", os.O_RDWR|os.O_CREATE, 0o644)
	_, _ = f.WriteAt([]byte("v2"), 0)
	_ = f.Sync()
	_ = f.Close()
	_ = m.Rename("db/tmp", "db/current")

	_, err := m.Crash(vfs.CrashOptions{}).Stat("db/current")
	fmt.Println("before SyncDir, survives:", err == nil)

	_ = m.SyncDir("db")
	_, err = m.Crash(vfs.CrashOptions{}).Stat("db/current")
	fmt.Println("after SyncDir, survives:", err == nil)
	// Output:
	// before SyncDir, survives: false
	// after SyncDir, survives: true
}

// Failing every call from the second one on, like a disk that died.
func ExampleFaultFS_FailAfter() {
	ffs := vfs.NewFaultFS(vfs.NewMemFS())
	ffs.FailAfter(2, true)
	f, err := ffs.OpenFile("log", os.O_RDWR|os.O_CREATE, 0o644) // call 1
	fmt.Println("open:", err)
	_, err = f.WriteAt([]byte("x"), 0) // call 2
	fmt.Println("write injected:", errors.Is(err, vfs.ErrInjected))
	err = f.Sync() // call 3
	fmt.Println("sync injected:", errors.Is(err, vfs.ErrInjected), "calls:", ffs.Calls())
	// Output:
	// open: <nil>
	// write injected: true
	// sync injected: true calls: 3
}
