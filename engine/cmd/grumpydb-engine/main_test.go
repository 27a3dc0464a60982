package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "myapp")
	var out bytes.Buffer
	if err := run([]string{"demo", "-data", dir}, &out); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	for _, want := range []string{"users.count() = 3", "2 documents", "every invariant holds"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run([]string{"check", dir}, &out); err != nil || !strings.Contains(out.String(), "ok (1 collections)") {
		t.Fatalf("check: %v %s", err, out.String())
	}
	if err := run([]string{"check", filepath.Join(t.TempDir(), "missing")}, &out); err == nil {
		t.Fatal("check of a missing database succeeded")
	}
}
