package config

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The helper process: when GRUMPY_LOCK_HELPER names a data directory, the
// test binary takes its lock, prints "locked", and holds it until stdin
// closes.
func TestMain(m *testing.M) {
	if dir := os.Getenv("GRUMPY_LOCK_HELPER"); dir != "" {
		l, err := LockDataDir(dir)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Println("locked")
		_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
		_ = l.Release()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestLockSameProcess(t *testing.T) {
	dir := t.TempDir()
	l, err := LockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.Path() != filepath.Join(dir, "grumpydb.lock") {
		t.Fatalf("path %q", l.Path())
	}
	b, _ := os.ReadFile(l.Path())
	if string(b) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("lock file holds %q, want our pid %d", b, os.Getpid())
	}
	_, err = LockDataDir(dir)
	want := fmt.Sprintf("database is locked by another process (pid %d)", os.Getpid())
	if err == nil || err.Error() != want || !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want %q", err, want)
	}
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() || le.Path != l.Path() {
		t.Fatalf("LockedError %+v", le)
	}
	// The refused attempt must not have clobbered the holder's pid.
	b, _ = os.ReadFile(l.Path())
	if string(b) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("after refusal the file holds %q", b)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	l2, err := LockDataDir(dir)
	if err != nil {
		t.Fatalf("relock after release: %v", err)
	}
	_ = l2.Release()
}

func TestStaleLockFileDoesNotBlock(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, LockFileName)
	if err := os.WriteFile(p, []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := AcquireLock(p)
	if err != nil {
		t.Fatalf("stale file blocked: %v", err)
	}
	defer l.Release()
	b, _ := os.ReadFile(p)
	if string(b) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("lock file holds %q after takeover", b)
	}
}

func TestLockMissingDirectory(t *testing.T) {
	_, err := LockDataDir(filepath.Join(t.TempDir(), "absent"))
	if err == nil || errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want a plain open error", err)
	}
	if _, statErr := os.Stat(filepath.Join(t.TempDir(), "absent")); statErr == nil {
		t.Fatal("LockDataDir created the directory")
	}
}

func TestLockedErrorWithoutPID(t *testing.T) {
	e := &LockedError{Path: "x"}
	if e.Error() != "database is locked by another process (pid unknown)" || !errors.Is(e, ErrLocked) {
		t.Fatalf("%q", e.Error())
	}
}

func TestLockOtherProcess(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GRUMPY_LOCK_HELPER="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	_, err = LockDataDir(dir)
	want := fmt.Sprintf("database is locked by another process (pid %d)", cmd.Process.Pid)
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
	// Once the holder exits, the lock is free again.
	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		l, err := LockDataDir(dir)
		if err == nil {
			_ = l.Release()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lock still held after the holder exited: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
