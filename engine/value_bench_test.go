package engine

import (
	"strings"
	"testing"
)

// benchSmallDoc is a ~200-byte document with 6 fields, the shape of the point
// get and scan benchmarks.
func benchSmallDoc() Value {
	return Object(
		Field{"name", String("user_12345")},
		Field{"email", String("user12345@example.com")},
		Field{"age", Int(42)},
		Field{"active", Bool(true)},
		Field{"score", Float(18517.5)},
		Field{"bio", String(strings.Repeat("lorem ipsum ", 12))},
	)
}

// benchJSON1K is about 1 KiB of JSON mixing every JSON type.
func benchJSON1K() []byte {
	var b strings.Builder
	b.WriteString(`{"id":123456,"name":"user_123456","email":"user123456@example.com","age":56,`)
	b.WriteString(`"active":true,"score":185184.0,"country":"FR","city":"Paris","tags":["alpha","beta","gamma"],`)
	b.WriteString(`"address":{"street":"12 rue de la Paix","zip":"75002","geo":{"lat":48.8686,"lon":2.3314}},`)
	b.WriteString(`"history":[{"at":1700000000,"event":"login","ok":true},{"at":1700000100,"event":"update","ok":false},`)
	b.WriteString(`{"at":1700000200,"event":"logout","ok":null}],"note":"caf\u00e9 \"quoted\" line\nbreak",`)
	b.WriteString(`"bio":"` + strings.Repeat("a", 300) + `","ratios":[0.5,1.25,-3.75,1e-7,6.02e23],"manager":null}`)
	return []byte(b.String())
}

func BenchmarkDecodeSmallDoc(b *testing.B) {
	enc := AppendEncoded(nil, benchSmallDoc())
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeValue(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeSmallDoc(b *testing.B) {
	doc := benchSmallDoc()
	buf := make([]byte, 0, 512)
	b.SetBytes(int64(encodedSize(doc)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendEncoded(buf[:0], doc)
	}
}

func BenchmarkParseJSON1K(b *testing.B) {
	src := benchJSON1K()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseJSON(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendJSON1K(b *testing.B) {
	v, err := ParseJSON(benchJSON1K())
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 2048)
	b.SetBytes(int64(len(AppendJSON(nil, v))))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendJSON(buf[:0], v)
	}
}

func BenchmarkCompareSmallDoc(b *testing.B) {
	x, y := benchSmallDoc(), benchSmallDoc()
	for b.Loop() {
		if Compare(x, y) != 0 {
			b.Fatal("unequal")
		}
	}
}

func BenchmarkIndexKeySmallDoc(b *testing.B) {
	doc := benchSmallDoc()
	buf := make([]byte, 0, 512)
	for b.Loop() {
		buf = appendIndexKey(buf[:0], doc)
	}
}
