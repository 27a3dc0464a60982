package fsinfo

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

const sampleMountInfo = `22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683584k
40 27 254:1 / /mnt/my\040disk rw,noatime master:7 shared:9 - xfs /dev/vdb1 rw
41 27 0:30 / /tmp rw - tmpfs tmpfs rw
`

func TestParseMountInfo(t *testing.T) {
	ms, err := ParseMountInfo(strings.NewReader(sampleMountInfo))
	if err != nil {
		t.Fatal(err)
	}
	want := []Mount{
		{"/proc", "proc", "proc"},
		{"/", "ext4", "/dev/vda"},
		{"/dev/shm", "tmpfs", "tmpfs"},
		{"/mnt/my disk", "xfs", "/dev/vdb1"},
		{"/tmp", "tmpfs", "tmpfs"},
	}
	if len(ms) != len(want) {
		t.Fatalf("got %d mounts, want %d: %+v", len(ms), len(want), ms)
	}
	for i := range want {
		if ms[i] != want[i] {
			t.Errorf("mount %d = %+v, want %+v", i, ms[i], want[i])
		}
	}
}

func TestParseMountInfoMalformed(t *testing.T) {
	for _, line := range []string{
		"1 2 3",
		"22 27 0:21 / /proc rw,relatime proc proc rw", // no separator
		"22 27 0:21 / /proc rw,relatime - proc",       // no source
	} {
		if _, err := ParseMountInfo(strings.NewReader(line)); !errors.Is(err, ErrBadMountInfo) {
			t.Errorf("%q: err = %v, want ErrBadMountInfo", line, err)
		}
	}
}

func TestContaining(t *testing.T) {
	ms, err := ParseMountInfo(strings.NewReader(sampleMountInfo))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, point string }{
		{"/", "/"},
		{"/work/main", "/"},
		{"/tmp", "/tmp"},
		{"/tmp/x/y", "/tmp"},
		{"/tmpfoo", "/"},
		{"/dev/shm/a", "/dev/shm"},
		{"/mnt/my disk/db", "/mnt/my disk"},
	} {
		m, ok := Containing(ms, tc.path)
		if !ok || m.Point != tc.point {
			t.Errorf("Containing(%q) = %+v, %v; want point %q", tc.path, m, ok, tc.point)
		}
	}
	if _, ok := Containing(nil, "/x"); ok {
		t.Error("Containing(nil) found a mount")
	}
}

func TestUnescapeOctal(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:        "plain",
		`a\040b`:       "a b",
		`tab\011`:      "tab\t",
		`back\134sl`:   `back\sl`,
		`bad\09x`:      `bad\09x`,
		`short\04`:     `short\04`,
		`trailing\\`:   `trailing\\`,
		`\101\102\103`: "ABC",
	} {
		if got := unescapeOctal(in); got != want {
			t.Errorf("unescapeOctal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMountOfTempDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("mountinfo is Linux-only")
	}
	m, err := MountOf(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if m.Point == "" || m.FSType == "" {
		t.Fatalf("MountOf(TempDir) = %+v, want a point and a type", m)
	}
}

func FuzzParseMountInfo(f *testing.F) {
	f.Add(sampleMountInfo)
	f.Add("1 2 3")
	f.Add(`1 2 3:4 / /a\040b rw - ext4 /dev/x\134 rw`)
	f.Fuzz(func(t *testing.T, s string) {
		ms, err := ParseMountInfo(strings.NewReader(s))
		if err != nil {
			if !errors.Is(err, ErrBadMountInfo) {
				t.Fatalf("error %v does not wrap ErrBadMountInfo", err)
			}
			return
		}
		for _, m := range ms {
			if m.FSType == "" || strings.ContainsAny(m.FSType, " \t\n") {
				t.Fatalf("bad fstype %q", m.FSType)
			}
		}
	})
}
