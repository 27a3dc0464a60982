package fsinfo

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Mount is one line of /proc/self/mountinfo: where a file system is
// mounted, its type and its source (usually the block device).
type Mount struct {
	Point  string // mount point, unescaped
	FSType string // e.g. "ext4", "tmpfs"
	Source string // e.g. "/dev/vda"
}

// ParseMountInfo parses the mountinfo format of proc(5):
//
//	36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw
//
// Fields before the "-" separator are: mount ID, parent ID, major:minor,
// root, mount point, options and optional fields; after it come the file
// system type, the source and the super options. Octal escapes (\040 for a
// space) are decoded. A malformed line fails with ErrBadMountInfo.
func ParseMountInfo(r io.Reader) ([]Mount, error) {
	var out []Mount
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		f := strings.Fields(text)
		sep := -1
		for i := 6; i < len(f); i++ {
			if f[i] == "-" {
				sep = i
				break
			}
		}
		if len(f) < 7 || sep < 0 || sep+2 >= len(f) {
			return nil, fmt.Errorf("%w: line %d: %q", ErrBadMountInfo, line, text)
		}
		out = append(out, Mount{
			Point:  unescapeOctal(f[4]),
			FSType: f[sep+1],
			Source: unescapeOctal(f[sep+2]),
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMountInfo, err)
	}
	return out, nil
}

// unescapeOctal decodes the \ooo escapes the kernel writes for spaces, tabs,
// newlines and backslashes. Anything that is not a valid escape is kept.
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Containing returns the mount among ms whose mount point is the longest
// prefix of the absolute, clean path p (the mount that holds p).
func Containing(ms []Mount, p string) (Mount, bool) {
	best, found := Mount{}, false
	for _, m := range ms {
		if !under(p, m.Point) {
			continue
		}
		if !found || len(m.Point) >= len(best.Point) {
			best, found = m, true
		}
	}
	return best, found
}

// under reports whether p is dir or inside it.
func under(p, dir string) bool {
	if dir == "/" {
		return strings.HasPrefix(p, "/")
	}
	return p == dir || strings.HasPrefix(p, dir+"/")
}

// MountOf returns the mount holding path (symbolic links resolved), read
// from /proc/self/mountinfo. Without /proc it fails with ErrUnknown.
func MountOf(path string) (Mount, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Mount{}, fmt.Errorf("fsinfo: %w", err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return Mount{}, fmt.Errorf("%w: %v", ErrUnknown, err)
	}
	defer f.Close()
	ms, err := ParseMountInfo(f)
	if err != nil {
		return Mount{}, err
	}
	m, ok := Containing(ms, abs)
	if !ok {
		return Mount{}, fmt.Errorf("%w: no mount holds %s", ErrUnknown, abs)
	}
	return m, nil
}
