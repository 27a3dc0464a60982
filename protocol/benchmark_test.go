package protocol

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Protocol workloads P1–P3 of BENCHMARKS.md §4.3. One b.N iteration is one
// sample; each reports its workload unit with b.ReportMetric. Results are
// verified in an untimed pass before timing.

// p1Lines are the ten P1 lines, in order.
var p1Lines = [10]string{
	"PING",
	"GET users 550e8400-e29b-41d4-a716-446655440000",
	`INSERT users 550e8400-e29b-41d4-a716-446655440000 {"name":"alice"}`,
	"GET tasks 550e8400-e29b-41d4-a716-446655440001",
	"PING",
	"GET tasks 550e8400-e29b-41d4-a716-446655440002",
	"DELETE tasks 550e8400-e29b-41d4-a716-446655440003",
	"COUNT tasks",
	"FLUSH",
	"PING",
}

var p1Verbs = [10]Verb{VerbPing, VerbGet, VerbInsert, VerbGet, VerbPing, VerbGet, VerbDelete, VerbCount, VerbFlush, VerbPing}

// BenchmarkP1ParseSimple parses 1,000 lines per sample (the ten P1 lines
// repeated 100 times) and reports commands/s.
func BenchmarkP1ParseSimple(b *testing.B) {
	for i, line := range p1Lines {
		c, err := Parse(line)
		if err != nil || c.Verb != p1Verbs[i] {
			b.Fatalf("Parse(%q) = %v, %v", line, c.Verb, err)
		}
	}
	var keep Command
	b.ReportAllocs()
	for b.Loop() {
		for range 100 {
			for _, line := range p1Lines {
				c, err := Parse(line)
				if err != nil {
					b.Fatal(err)
				}
				keep = c
			}
		}
	}
	runtime.KeepAlive(keep)
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "commands/s")
}

// p2Line is the 1,048-byte P2 INSERT line (a 998-byte payload).
func p2Line() string {
	return `INSERT users 550e8400-e29b-41d4-a716-446655440000 {"name":"alice","bio":"` +
		strings.Repeat("x", 950) + `","age":42,"active":true}`
}

// BenchmarkP2ParseInsert1KB parses the 1,048-byte INSERT line per sample
// and reports GiB/s.
func BenchmarkP2ParseInsert1KB(b *testing.B) {
	line := p2Line()
	if len(line) != 1048 {
		b.Fatalf("P2 line is %d bytes, want 1048", len(line))
	}
	if c, err := Parse(line); err != nil || c.Verb != VerbInsert || len(c.JSON) != 998 {
		b.Fatalf("P2 parse: %+v, %v", c.Verb, err)
	}
	var keep Command
	b.SetBytes(1048)
	b.ReportAllocs()
	for b.Loop() {
		c, err := Parse(line)
		if err != nil {
			b.Fatal(err)
		}
		keep = c
	}
	runtime.KeepAlive(keep)
	b.ReportMetric(float64(b.N)*1048/b.Elapsed().Seconds()/(1<<30), "GiB/s")
}

// p3Elements are the P3 payloads doc_<i>_payload, i = 0…99.
func p3Elements() []string {
	elems := make([]string, 100)
	for i := range elems {
		elems[i] = "doc_" + strconv.Itoa(i) + "_payload"
	}
	return elems
}

// encodeP3 encodes the P3 response into dst.
func encodeP3(dst []byte, elems []string) []byte {
	dst = AppendArrayHeader(dst, len(elems))
	for _, e := range elems {
		dst = AppendBulkString(dst, e)
	}
	return dst
}

// BenchmarkP3SerializeArray100 encodes the 100-element array into a reset
// buffer per sample and reports elements/s.
func BenchmarkP3SerializeArray100(b *testing.B) {
	elems := p3Elements()
	var want strings.Builder
	want.WriteString("*100\r\n")
	for _, e := range elems {
		want.WriteString("$" + strconv.Itoa(len(e)) + "\r\n" + e + "\r\n")
	}
	buf := encodeP3(nil, elems)
	if string(buf) != want.String() || !strings.HasPrefix(want.String(), "*100\r\n$13\r\ndoc_0_payload\r\n") {
		b.Fatal("P3 output differs from the expected wire text")
	}
	b.ReportAllocs()
	for b.Loop() {
		buf = encodeP3(buf[:0], elems)
		if len(buf) == 0 {
			b.Fatal("empty output")
		}
	}
	b.ReportMetric(float64(b.N)*100/b.Elapsed().Seconds(), "elements/s")
}

// BenchmarkReaderReadLine frames a stream of short pipelined lines.
func BenchmarkReaderReadLine(b *testing.B) {
	var sb strings.Builder
	for range 1000 {
		for _, l := range p1Lines {
			sb.WriteString(l + "\r\n")
		}
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(strings.NewReader(data))
		for {
			if _, err := r.ReadLine(); err != nil {
				break
			}
		}
	}
}
