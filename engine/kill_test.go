package engine

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestKill9 runs a child process that writes through the API and prints
// each acknowledged insert; the parent kills it with SIGKILL mid-stream and
// checks that every acknowledged document is there after recovery.
func TestKill9(t *testing.T) {
	if dir := os.Getenv("GRUMPY_KILL_CHILD"); dir != "" {
		killChild(dir)
		return
	}
	dir := t.TempDir()
	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKill9$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GRUMPY_KILL_CHILD="+dir, fmt.Sprintf("GRUMPY_KILL_ROUND=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := -1
		sc := bufio.NewScanner(out)
		deadline := time.Now().Add(20 * time.Second)
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "ack "); ok {
				acked, _ = strconv.Atoi(n)
			}
			if acked >= 150+round*37 || time.Now().After(deadline) {
				break
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		if acked < 0 {
			t.Fatalf("round %d: child acknowledged nothing", round)
		}
		db, err := Open(dir, nil)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		for i := 0; i <= acked; i++ {
			v, err := db.Get("docs", idN(round*100000+i))
			if err != nil {
				t.Fatalf("round %d: acknowledged insert %d lost: %v", round, i, err)
			}
			if v.Int() != int64(i) {
				t.Fatalf("round %d: doc %d = %s", round, i, v)
			}
		}
		if err := db.Check(); err != nil {
			t.Fatalf("round %d: check after kill: %v", round, err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %d acknowledged inserts; all present", round, acked+1)
	}
}

func killChild(dir string) {
	round, _ := strconv.Atoi(os.Getenv("GRUMPY_KILL_ROUND"))
	db, err := Open(dir, &Options{CreateIfMissing: true, CheckpointBytes: 1 << 20})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	if round == 0 {
		if err := db.CreateCollection("docs"); err != nil {
			fmt.Println("create:", err)
			os.Exit(2)
		}
		db.CreateIndex("docs", "by_v", "v")
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		if err := db.Insert("docs", idN(round*100000+i), Int(int64(i))); err != nil {
			fmt.Println("insert:", err)
			os.Exit(2)
		}
		fmt.Fprintf(w, "ack %d\n", i)
		w.Flush()
	}
}
