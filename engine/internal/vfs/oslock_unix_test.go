//go:build unix

package vfs

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// lockChildEnv names the lock file the helper process should lock.
const lockChildEnv = "GRUMPY_VFS_LOCK_CHILD"

// TestLockHelperProcess is not a real test: run by TestLockOtherProcess as
// a child, it takes the lock named by lockChildEnv, prints its pid and
// waits to be killed.
func TestLockHelperProcess(t *testing.T) {
	name := os.Getenv(lockChildEnv)
	if name == "" {
		t.Skip("helper process for TestLockOtherProcess")
	}
	l, err := OS().Lock(name)
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("locked %d\n", os.Getpid())
	time.Sleep(time.Minute) // killed long before
	l.Release()
	os.Exit(3)
}

func TestLockOtherProcess(t *testing.T) {
	name := filepath.Join(t.TempDir(), "LOCK")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), lockChildEnv+"="+name)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("reading child's output: %v (got %q)", err, line)
	}
	pidText, ok := strings.CutPrefix(strings.TrimSpace(line), "locked ")
	if !ok {
		t.Fatalf("child said %q", line)
	}
	childPID, err := strconv.Atoi(pidText)
	if err != nil || childPID != cmd.Process.Pid {
		t.Fatalf("child reported pid %q; its pid is %d", pidText, cmd.Process.Pid)
	}

	_, err = OS().Lock(name)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("Lock held by child: %v; want *LockedError", err)
	}
	if le.PID != childPID {
		t.Fatalf("LockedError.PID = %d; want child's %d", le.PID, childPID)
	}
	if want := fmt.Sprintf("database is locked by another process (pid %d)", childPID); err.Error() != want {
		t.Fatalf("error %q; want %q", err, want)
	}

	// Kill the holder: its flock goes with it, its pid stays in the file.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if b, _ := os.ReadFile(name); string(b) != pidText {
		t.Fatalf("lock file after kill holds %q; want dead child's pid %q", b, pidText)
	}
	l, err := OS().Lock(name)
	if err != nil {
		t.Fatalf("Lock after holder died: %v", err)
	}
	defer l.Release()
	if b, _ := os.ReadFile(name); string(b) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("lock file holds %q; want our pid", b)
	}
}

// TestFlockPerOpenFileDescription checks the kernel fact the in-process
// conflict relies on: two descriptors of one file in one process conflict.
func TestFlockPerOpenFileDescription(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	a, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := flock(a, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if err := flock(b, syscall.LOCK_EX|syscall.LOCK_NB); !errors.Is(err, syscall.EWOULDBLOCK) {
		t.Fatalf("second descriptor's flock: %v; want EWOULDBLOCK", err)
	}
	if err := flock(a, syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if err := flock(b, syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatalf("flock after unlock: %v", err)
	}
}

// TestOSLockErrors covers failures that are not conflicts.
func TestOSLockErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := OS().Lock(dir); err == nil {
		t.Fatal("Lock of a directory succeeded")
	}
	// A lock taken by a released Lock's successor still conflicts with a
	// third: release really hands the lock over.
	name := filepath.Join(dir, "LOCK")
	l1, err := OS().Lock(name)
	if err != nil {
		t.Fatal(err)
	}
	l1.Release()
	l2, err := OS().Lock(name)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Release()
	if _, err := OS().Lock(name); !errors.Is(err, ErrLocked) {
		t.Fatalf("third Lock: %v; want ErrLocked", err)
	}
}
