package engine

// Duplicate object keys.
//
// Every object GrumpyDB builds has distinct keys: JSON input and Object keep
// the last value of a repeated key at the position of its first occurrence,
// and the storage decoder refuses repeated keys as corruption. Objects are
// usually small, so the check compares 64-bit key fingerprints held on the
// stack and only falls back to a map for objects with many fields.

// smallObjectFields is the largest object checked without a map.
const smallObjectFields = 64

// keyFingerprint is an FNV-1a hash of key; equal keys have equal
// fingerprints.
func keyFingerprint(key string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return h
}

// hasDuplicateKeys reports whether two fields of fs share a key.
func hasDuplicateKeys(fs []Field) bool {
	n := len(fs)
	if n < 2 {
		return false
	}
	if n <= smallObjectFields {
		var h [smallObjectFields]uint64
		for i := range fs {
			h[i] = keyFingerprint(fs[i].Key)
			for j := 0; j < i; j++ {
				if h[j] == h[i] && fs[j].Key == fs[i].Key {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, n)
	for _, f := range fs {
		if _, dup := seen[f.Key]; dup {
			return true
		}
		seen[f.Key] = struct{}{}
	}
	return false
}

// dedupFields removes repeated keys from fs in place: the last value of a
// key is kept at the position of its first occurrence. It returns the
// shortened slice (fs itself when there is nothing to remove).
func dedupFields(fs []Field) []Field {
	if !hasDuplicateKeys(fs) {
		return fs
	}
	pos := make(map[string]int, len(fs))
	out := fs[:0]
	for _, f := range fs {
		if i, ok := pos[f.Key]; ok {
			out[i].Value = f.Value
			continue
		}
		pos[f.Key] = len(out)
		out = append(out, f)
	}
	clear(fs[len(out):]) // drop references held by the discarded tail
	return out[:len(out):len(out)]
}
