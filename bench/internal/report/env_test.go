package report

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestField(t *testing.T) {
	cpu := "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nmodel name\t: other\n"
	if v, ok := field(cpu, "model name", ':'); !ok || v != "AMD EPYC 7B13" {
		t.Errorf("model name = %q, %v", v, ok)
	}
	if v, ok := field("MemTotal:       24683584 kB\n", "MemTotal", ':'); !ok || v != "24683584 kB" {
		t.Errorf("MemTotal = %q, %v", v, ok)
	}
	if v, ok := field("NAME=x\nPRETTY_NAME=\"Debian 12\"\n", "PRETTY_NAME", '='); !ok || v != `"Debian 12"` {
		t.Errorf("PRETTY_NAME = %q, %v", v, ok)
	}
	if _, ok := field("a: b", "c", ':'); ok {
		t.Error("found a missing key")
	}
}

func FuzzField(f *testing.F) {
	f.Add("model name\t: X\n", "model name")
	f.Add("a=b=c", "a")
	f.Fuzz(func(t *testing.T, text, key string) {
		v, ok := field(text, key, ':')
		if ok && !strings.Contains(text, v) {
			t.Fatalf("value %q not in text", v)
		}
		if !ok && v != "" {
			t.Fatalf("not found but value %q", v)
		}
	})
}

func TestCollectAndHeader(t *testing.T) {
	dir := t.TempDir()
	e := Collect(dir)
	if e.Cores != runtime.NumCPU() || e.GOMAXPROCS < 1 || e.GoVersion != runtime.Version() {
		t.Fatalf("Collect = %+v", e)
	}
	if runtime.GOOS == "linux" && (e.FS == "unknown" || e.Kernel == "unknown") {
		t.Fatalf("Collect on Linux missed facts: %+v", e)
	}
	var b strings.Builder
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := Header(&b, "T", []string{"grumpybench", "-workload", "E1,E4", "-dir", "my dir"}, at, e, true); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"## T", "2025-01-02T03:04:05Z", "`grumpybench -workload E1,E4 -dir 'my dir'`",
		"reduced", "- CPU: ", "- Go: " + runtime.Version(), "- Commit: ", "- Durability: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("header lacks %q:\n%s", want, out)
		}
	}
}
