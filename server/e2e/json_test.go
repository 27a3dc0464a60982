package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// jsonNumbers are number literals and their §3.2 output: every example of
// the float-text table, integers inside and outside int64, -0, exponent
// spellings and the float64 extremes.
var jsonNumbers = []struct{ in, out string }{
	// Integers stay integers while they fit int64.
	{"0", "0"}, {"-1", "-1"}, {"35", "35"},
	{"9223372036854775807", "9223372036854775807"},
	{"-9223372036854775808", "-9223372036854775808"},
	{"9007199254740993", "9007199254740993"},
	// Integers outside int64 are floats.
	{"9223372036854775808", "9.223372036854776e18"},
	{"-9223372036854775809", "-9.223372036854776e18"},
	{"18446744073709551615", "1.8446744073709552e19"},
	{"100000000000000000000000", "1e23"},
	// Zero and -0.
	{"0.0", "0.0"}, {"-0", "-0.0"}, {"-0.0", "-0.0"}, {"0e5", "0.0"}, {"-0e-3", "-0.0"},
	// 0 < k ≤ 16, len(d) ≤ k.
	{"1.0", "1.0"}, {"1e2", "100.0"}, {"1E2", "100.0"}, {"1e+2", "100.0"}, {"100.000", "100.0"},
	{"1000000000000000.0", "1000000000000000.0"}, {"1e15", "1000000000000000.0"},
	{"123456.789e3", "123456789.0"}, {"-2.5e1", "-25.0"},
	// 0 < k ≤ 16, len(d) > k.
	{"12.34", "12.34"}, {"1234e-2", "12.34"}, {"-1.5", "-1.5"}, {"3.141592653589793", "3.141592653589793"},
	{"1234567890123456.7", "1234567890123456.8"},
	// −5 < k ≤ 0.
	{"0.1", "0.1"}, {"0.00001", "0.00001"}, {"1e-5", "0.00001"}, {"0.0000123", "0.0000123"}, {"1.23e-5", "0.0000123"},
	{"-0.5", "-0.5"},
	// Otherwise: exponent form, no '+', no leading zeros.
	{"1e16", "1e16"}, {"10000000000000000.0", "1e16"}, {"1.2345e20", "1.2345e20"}, {"1e21", "1e21"},
	{"1e-6", "1e-6"}, {"0.000001", "1e-6"}, {"1.5e-7", "1.5e-7"}, {"-1e-7", "-1e-7"}, {"1E-06", "1e-6"},
	{"1.7976931348623157e308", "1.7976931348623157e308"}, {"5e-324", "5e-324"}, {"2.2250738585072014E-308", "2.2250738585072014e-308"},
	{"12345678901234567890.0", "1.2345678901234567e19"},
	{"123456789012345678901234567890", "1.2345678901234568e29"}, {"-9223372036854775808.0", "-9.223372036854776e18"},
	{"99999999999999999", "99999999999999999"}, {"9999999999999999.0", "1e16"}, {"0.000099999", "0.000099999"},
	{"0.1000000000000000055511151231257827", "0.1"}, {"4.9e-324", "5e-324"}, {"1.7976931348623158e308", "1.7976931348623157e308"},
	{"1" + strings.Repeat("0", 308), "1e308"},
	// Underflow is not overflow: it rounds to (signed) zero.
	{"1e-400", "0.0"}, {"-1e-400", "-0.0"}, {"2e-324", "0.0"},
}

// jsonStrings are string (and key) inputs and their output: the short
// escapes, lower-case \u00xx for other controls, everything else raw.
var jsonStrings = []struct{ name, in, out string }{
	{"html raw", `"<>&"`, `"<>&"`},
	{"html escapes decoded", `"\u003c\u003E\u0026"`, `"<>&"`},
	{"slash", `"a\/b/c"`, `"a/b/c"`},
	{"line separators escaped in", `"\u2028\u2029"`, "\"\u2028\u2029\""},
	{"line separators raw", "\"a\u2028b\u2029c\"", "\"a\u2028b\u2029c\""},
	{"non-ASCII raw", `"héllo ✓ 日本 😀"`, `"héllo ✓ 日本 😀"`},
	{"non-ASCII escaped in", `"\u00e9\u65E5\ud83d\ude00"`, `"é日😀"`},
	{"DEL raw", `"\u007f"`, "\"\x7f\""},
	{"short escapes", `"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
	{"short escapes from \\u", `"\u0008\u000C\u000a\u000d\u0009"`, `"\b\f\n\r\t"`},
	{"other controls lower hex", `"\u0000\u0001\u001F\u000b"`, `"\u0000\u0001\u001f\u000b"`},
	{"quote and backslash", `"\"\\"`, `"\"\\"`},
	{"keys escaped alike", `{"a\nb":1,"<k>":2,"\u0001":3}`, `{"a\nb":1,"<k>":2,"\u0001":3}`},
	{"empty", `""`, `""`},
}

// jsonOrder are documents whose compact, ordered, de-duplicated form is out.
var jsonOrder = []struct{ name, in, out string }{
	{"written order", `{"b":1,"a":2}`, `{"b":1,"a":2}`},
	{"duplicate keeps last value at first position", `{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`},
	{"several duplicates", `{"a":1,"b":2,"a":3,"c":4,"b":5}`, `{"a":3,"b":5,"c":4}`},
	{"nested duplicates", `{"x":1,"z":{"y":1,"x":2,"y":3},"w":[{"b":1,"a":2,"b":4}]}`, `{"x":1,"z":{"y":3,"x":2},"w":[{"b":4,"a":2}]}`},
	{"duplicate object replaced whole", `{"k":{"a":1},"j":0,"k":{"b":2}}`, `{"k":{"b":2},"j":0}`},
	{"whitespace dropped", `  { "a" : [ 1 , { "b" : null } ] ,	"c" : true }  `, `{"a":[1,{"b":null}],"c":true}`},
	{"unicode spaces around", "\u00a0{\"a\":\"x y\"}\u3000", `{"a":"x y"}`},
	{"deep order", `{"z":{"c":[{"q":1,"p":2}],"b":{}},"a":[]}`, `{"z":{"c":[{"q":1,"p":2}],"b":{}},"a":[]}`},
}

// jsonNonObjects are documents that are not objects, accepted as is.
var jsonNonObjects = []string{`42`, `-7.5`, `"s"`, `true`, `false`, `null`, `[]`, `[1,"a",null,{"b":[]}]`, `{}`}

// jsonInvalid are documents refused with `invalid JSON: …`.
var jsonInvalid = []struct{ name, in string }{
	{"trailing word", `{"a":1} x`}, {"trailing brace", `{"a":1}}`}, {"two values", `1 2`},
	{"trailing bracket", `[1]]`}, {"two strings", `"a""b"`}, {"trailing null", `null null`},
	{"lone high surrogate", `"\ud800"`}, {"lone low surrogate", `"\udc00"`},
	{"high then non-low", `"\ud800\u0041"`}, {"reversed pair", `"\udc00\ud800"`},
	{"lone surrogate in key", `{"\udbff":1}`}, {"high at end", `"x\udbff"`},
	{"NaN", `NaN`}, {"Infinity", `Infinity`}, {"-Infinity", `-Infinity`}, {"NaN member", `{"x":NaN}`},
	{"overflow", `1e400`}, {"negative overflow", `-1e400`}, {"overflow in array", `[1,2e308]`},
	{"overflow by rounding", `1.7976931348623159e308`}, {"overflow integer", "1" + strings.Repeat("0", 309)},
	{"leading zero", `01`}, {"plus sign", `+1`}, {"bare fraction", `.5`}, {"bare point", `1.`}, {"hex", `0x10`},
	{"unquoted key", `{a:1}`}, {"single quotes", `'a'`}, {"trailing comma array", `[1,]`},
	{"trailing comma object", `{"a":1,}`}, {"raw tab in string", "\"a\tb\""}, {"bad escape", `"\x"`},
	{"short unicode escape", `"\u12"`}, {"truncated", `{"a":`}, {"bad literal", `tru`}, {"missing colon", `{"a" 1}`},
}

func TestJSONWire(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	c := p.admin(t)
	c.Must("USE js", "+OK")
	c.Must("CREATE COLLECTION docs", "+OK")
	n := 0
	next := func() string { n++; return jsonKey(n) }
	// roundTrip stores in and checks GET, SCAN of the one key and FIND by
	// _id give out byte for byte.
	roundTrip := func(c *Client, in, out string) {
		c.T.Helper()
		k := next()
		c.Must("INSERT docs "+k+" "+in, "+OK")
		c.Must("GET docs "+k, Bulk(out))
		c.Must("SCAN docs "+k+" "+k, Array(k+" "+out))
		c.Must(`FIND docs {"_id":"`+k+`"}`, Array(k+" "+out))
	}

	t.Run("numbers", func(t *testing.T) {
		c := queryAs(c, t)
		all := make([]string, 0, len(jsonNumbers))
		want := make([]string, 0, len(jsonNumbers))
		for _, tc := range jsonNumbers {
			roundTrip(c, tc.in, tc.out)                         // as the document
			roundTrip(c, `{"n":`+tc.in+`}`, `{"n":`+tc.out+`}`) // as a member
			all, want = append(all, tc.in), append(want, tc.out)
		}
		roundTrip(c, "["+strings.Join(all, ", ")+"]", "["+strings.Join(want, ",")+"]")
	})
	t.Run("strings", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range jsonStrings {
			roundTrip(c, tc.in, tc.out)
			if !strings.HasPrefix(tc.in, "{") {
				roundTrip(c, `{"s":`+tc.in+`}`, `{"s":`+tc.out+`}`)
			}
		}
	})
	t.Run("key order and duplicates", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range jsonOrder {
			roundTrip(c, tc.in, tc.out)
		}
		// UPDATE and PUT_WITH_VC keep the written order too.
		k := next()
		c.Must("INSERT docs "+k+` {"m":1}`, "+OK")
		c.Must("UPDATE docs "+k+` {"y":1,"x":2,"y":0}`, "+OK")
		c.Must("GET docs "+k, Bulk(`{"y":0,"x":2}`))
		c.Must("PUT_WITH_VC docs "+k+` {"q":[3,1], "p":{"b":1,"a":2}} {"n1":1}`, "+OK")
		c.Must("GET docs "+k, Bulk(`{"q":[3,1],"p":{"b":1,"a":2}}`))
	})
	t.Run("non-object documents", func(t *testing.T) {
		c := queryAs(c, t)
		first := n + 1
		var rows []string
		for _, doc := range jsonNonObjects {
			roundTrip(c, doc, doc)
			rows = append(rows, jsonKey(n)+" "+doc)
		}
		c.Must("SCAN docs "+jsonKey(first)+" "+jsonKey(n), Array(rows...))
	})
	t.Run("invalid JSON", func(t *testing.T) {
		c := queryAs(c, t)
		k := next()
		c.Must("INSERT docs "+k+` {"keep":1}`, "+OK")
		for _, tc := range jsonInvalid {
			fresh := next()
			if got := c.Do("INSERT docs " + fresh + " " + tc.in); !strings.HasPrefix(got, "-ERR invalid JSON: ") {
				t.Errorf("%s: INSERT %s = %q", tc.name, tc.in, got)
			}
			c.Must("GET docs "+fresh, "$-1")
			if got := c.Do("UPDATE docs " + k + " " + tc.in); !strings.HasPrefix(got, "-ERR invalid JSON: ") {
				t.Errorf("%s: UPDATE %s = %q", tc.name, tc.in, got)
			}
		}
		c.Must("GET docs "+k, Bulk(`{"keep":1}`))
	})
	t.Run("nesting depth", func(t *testing.T) {
		c := queryAs(c, t)
		nest := func(d int) string { return strings.Repeat("[", d) + strings.Repeat("]", d) }
		mixed := func(d int) string { // alternating objects and arrays, d levels, 7 inside
			var b strings.Builder
			for i := 0; i < d; i++ {
				if i%2 == 0 {
					b.WriteString(`{"a":`)
				} else {
					b.WriteString(`[`)
				}
			}
			b.WriteString("7")
			for i := d - 1; i >= 0; i-- {
				if i%2 == 0 {
					b.WriteString(`}`)
				} else {
					b.WriteString(`]`)
				}
			}
			return b.String()
		}
		for _, doc := range []string{nest(1), nest(127), nest(128), mixed(128), "[" + nest(127) + "," + mixed(127) + "]"} {
			roundTrip(c, doc, doc)
		}
		k := next()
		c.Must("INSERT docs "+k+" 1", "+OK")
		for _, doc := range []string{nest(129), mixed(129), "[1," + nest(128) + "]", `{"a":` + mixed(128) + `}`, nest(1000)} {
			fresh := next()
			c.MustPrefix("INSERT docs "+fresh+" "+doc, "-ERR invalid JSON: ")
			c.Must("GET docs "+fresh, "$-1")
			c.MustPrefix("UPDATE docs "+k+" "+doc, "-ERR invalid JSON: ")
		}
		c.Must("GET docs "+k, Bulk("1"))
	})
	t.Run("references", func(t *testing.T) {
		c := queryAs(c, t)
		jsonReferences(t, c, next)
	})
	t.Run("size", func(t *testing.T) {
		c := queryAs(c, t)
		// A document cannot exceed 16 MiB over the wire: a request line is
		// at most 1 MiB and the compact form grows at most ~4x (1e15 →
		// 1000000000000000.0). The largest growth reads back exactly.
		k := next()
		prefix := "INSERT docs " + k + " ["
		count := (1048576 - 2 - len(prefix) - len("1e15]")) / len("1e15,")
		in := prefix + strings.Repeat("1e15,", count) + "1e15]"
		if len(in)+2 > 1048576 {
			t.Fatalf("line of %d bytes", len(in)+2)
		}
		c.Must(in, "+OK")
		out := "[" + strings.Repeat("1000000000000000.0,", count) + "1000000000000000.0]"
		if got := c.Do("GET docs " + k); got != Bulk(out) {
			t.Fatalf("GET of the grown document: %d bytes, want %d", len(got), len(out))
		}
		// One byte more than the line limit is refused before any JSON is read.
		c.Must(in+strings.Repeat(" ", 1048577-2-len(in)), "-ERR line too long")
		c.Must("GET docs "+k, Bulk(out))
	})
}

// jsonKey returns the canonical UUID 00000000-0000-4000-9000-<i in hex>.
func jsonKey(i int) string {
	s := strconv.FormatInt(int64(i), 16)
	return "00000000-0000-4000-9000-" + strings.Repeat("0", 12-len(s)) + s
}
