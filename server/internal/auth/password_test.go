package auth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)

func TestHashPasswordFormat(t *testing.T) {
	h, err := HashPassword("correct horse", rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	m := phcPattern.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("hash %q does not match the §5.4 format", h)
	}
	salt, _ := base64.RawStdEncoding.DecodeString(m[1])
	key, _ := base64.RawStdEncoding.DecodeString(m[2])
	// Independently recompute: hashed over the decoded salt.
	if want := argon2.IDKey([]byte("correct horse"), salt, 2, 19456, 1, 32); string(want) != string(key) {
		t.Fatal("stored hash is not argon2id(password, decoded salt, t=2, m=19456, p=1, 32)")
	}
	ok, err := VerifyPassword("correct horse", h)
	if err != nil || !ok {
		t.Fatalf("verify right password: %v %v", ok, err)
	}
	ok, err = VerifyPassword("correct horsE", h)
	if err != nil || ok {
		t.Fatalf("verify wrong password: %v %v", ok, err)
	}
	h2, _ := HashPassword("correct horse", rand.Reader)
	if h2 == h {
		t.Fatal("two hashes of one password share a salt")
	}
}

func TestVerifyHonoursStoredParameters(t *testing.T) {
	salt := []byte("0123456789abcdef")
	for _, p := range []struct {
		m, t uint32
		p    uint8
		n    int
	}{{64, 1, 1, 32}, {128, 3, 2, 16}, {32, 1, 4, 64}} {
		key := argon2.IDKey([]byte("pw"), salt, p.t, p.m, p.p, uint32(p.n))
		phc := formatPHC(phcHash{p.m, p.t, p.p, salt, key})
		if ok, err := VerifyPassword("pw", phc); err != nil || !ok {
			t.Fatalf("%s: %v %v", phc, ok, err)
		}
		if ok, _ := VerifyPassword("px", phc); ok {
			t.Fatalf("%s accepted a wrong password", phc)
		}
	}
}

func TestParsePHCRejects(t *testing.T) {
	good := formatPHC(phcHash{64, 1, 1, []byte("0123456789abcdef"), make([]byte, 32)})
	mutate := func(i int, v string) string {
		parts := strings.Split(good, "$")
		parts[i] = v
		return strings.Join(parts, "$")
	}
	cases := map[string]string{
		"empty":        "",
		"bcrypt":       "$2b$10$abcdefghijklmnopqrstuv",
		"argon2i":      mutate(1, "argon2i"),
		"version 16":   mutate(2, "v=16"),
		"param order":  mutate(3, "t=1,m=64,p=1"),
		"missing p":    mutate(3, "m=64,t=1"),
		"t zero":       mutate(3, "m=64,t=0,p=1"),
		"p zero":       mutate(3, "m=64,t=1,p=0"),
		"p 256":        mutate(3, "m=2048,t=1,p=256"),
		"m below 8p":   mutate(3, "m=7,t=1,p=1"),
		"m huge":       mutate(3, "m=4294967295,t=1,p=1"),
		"t huge":       mutate(3, "m=64,t=1000000,p=1"),
		"m sign":       mutate(3, "m=+64,t=1,p=1"),
		"salt b64":     mutate(4, "!!!!"),
		"salt short":   mutate(4, base64.RawStdEncoding.EncodeToString([]byte("1234"))),
		"salt padded":  mutate(4, base64.StdEncoding.EncodeToString([]byte("0123456789abcdefg"))),
		"hash short":   mutate(5, "AAA"),
		"extra part":   good + "$x",
		"leading text": "x" + good,
		"url alphabet": mutate(5, strings.Repeat("_", 43)),
	}
	for name, s := range cases {
		if _, err := parsePHC(s); !errors.Is(err, ErrInvalidHash) {
			t.Errorf("%s: parsePHC(%q) = %v, want ErrInvalidHash", name, s, err)
		}
		if ok, err := VerifyPassword("pw", s); ok || err == nil {
			t.Errorf("%s: VerifyPassword = %v, %v", name, ok, err)
		}
	}
	if _, err := parsePHC(good); err != nil {
		t.Fatalf("control case: %v", err)
	}
}

func FuzzParsePHC(f *testing.F) {
	f.Add(formatPHC(phcHash{64, 1, 1, []byte("0123456789abcdef"), make([]byte, 32)}))
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePHC(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidHash) {
				t.Fatalf("error %v does not wrap ErrInvalidHash", err)
			}
			return
		}
		if h.time < 1 || h.time > maxTime || h.threads < 1 || h.memory < 8*uint32(h.threads) || h.memory > maxMemoryKiB {
			t.Fatalf("accepted out-of-bounds parameters %+v", h)
		}
		// Canonical strings round-trip exactly.
		if again, err := parsePHC(formatPHC(h)); err != nil || formatPHC(again) != formatPHC(h) {
			t.Fatalf("re-format of %q failed: %v", s, err)
		}
		if h.memory <= 1024 && h.time <= 2 {
			if _, err := VerifyPassword("pw", s); err != nil {
				t.Fatalf("verify after successful parse: %v", err)
			}
		}
	})
}

func BenchmarkHashAndVerify(b *testing.B) {
	for b.Loop() {
		h, err := HashPassword("benchmark password", rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		if ok, err := VerifyPassword("benchmark password", h); !ok || err != nil {
			b.Fatal("verify failed")
		}
	}
}
