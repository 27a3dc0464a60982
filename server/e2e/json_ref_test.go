package e2e

import (
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// jsonRefMin is a reference that sorts before every other: the smallest
// valid name and the nil UUID. `$gte` on it matches exactly the values of
// the reference class (REPL.md §9.3, §9.4), which tells a stored
// reference from a stored plain object.
const jsonRefMin = `{"$ref":{"collection":"0","uuid":"00000000-0000-0000-0000-000000000000"}}`

// jsonReferences checks the inbound mapping of PROTOCOL §3.3: the
// canonical form is stored as a reference (RESOLVE replaces it, a
// reference-class filter finds it), every near miss as the plain object it
// is; both read back byte for byte.
func jsonReferences(t *testing.T, c *Client, next func() string) {
	t.Helper()
	c.Must("CREATE COLLECTION targets", "+OK")
	target := next()
	c.Must("INSERT targets "+target+` {"t":1}`, "+OK")
	upper := strings.ToUpper(target)
	plain := strings.ReplaceAll(target, "-", "")
	ref := func(coll, id string) string { return `{"$ref":{"collection":"` + coll + `","uuid":"` + id + `"}}` }

	for _, tc := range []struct {
		name, doc string
		isRef     bool
	}{
		{"canonical", ref("targets", target), true},
		{"canonical, dangling key", ref("targets", jsonKey(9999)), true},
		{"canonical, missing collection", ref("nowhere", target), true},
		{"canonical, reserved-but-valid name", ref("_default", target), true},
		{"other member order", `{"$ref":{"uuid":"` + target + `","collection":"targets"}}`, false},
		{"extra inner member", `{"$ref":{"collection":"targets","uuid":"` + target + `","x":1}}`, false},
		{"extra outer member after", `{"$ref":{"collection":"targets","uuid":"` + target + `"},"x":1}`, false},
		{"extra outer member before", `{"x":1,"$ref":{"collection":"targets","uuid":"` + target + `"}}`, false},
		{"missing uuid", `{"$ref":{"collection":"targets"}}`, false},
		{"missing collection", `{"$ref":{"uuid":"` + target + `"}}`, false},
		{"upper-case UUID", ref("targets", upper), false},
		{"unhyphenated UUID", ref("targets", plain), false},
		{"braced UUID", ref("targets", "{"+target+"}"), false},
		{"urn UUID", ref("targets", "urn:uuid:"+target), false},
		{"not a UUID", ref("targets", "t1"), false},
		{"upper-case name", ref("Targets", target), false},
		{"reserved name", ref("_targets", target), false},
		{"bad character", ref("tar-gets", target), false},
		{"empty name", ref("", target), false},
		{"name too long", ref(strings.Repeat("t", 65), target), false},
		{"non-string uuid", `{"$ref":{"collection":"targets","uuid":7}}`, false},
		{"non-string collection", `{"$ref":{"collection":["targets"],"uuid":"` + target + `"}}`, false},
		{"$ref not an object", `{"$ref":"targets/` + target + `"}`, false},
		{"$ref empty object", `{"$ref":{}}`, false},
		{"other $ key", `{"$reff":{"collection":"targets","uuid":"` + target + `"}}`, false},
	} {
		for _, wrap := range []struct{ pre, post string }{{"", ""}, {`{"r":`, `}`}, {`[1,{"r":[`, `]}]`}} {
			doc := wrap.pre + tc.doc + wrap.post
			k := next()
			c.Must("INSERT docs "+k+" "+doc, "+OK")
			c.Must("GET docs "+k, Bulk(doc))
			// The root is reached by no path: only RESOLVE tells there.
			if wrap.pre != "" {
				count := ":0"
				if tc.isRef {
					count = ":1"
				}
				filter := `{"_id":"` + k + `","r":{"$gte":` + jsonRefMin + `}}`
				if got := c.Do(`FIND docs ` + filter + ` {"count":true}`); got != count+"\r\n" {
					t.Errorf("%s in %s: reference-class filter counts %q, want %s", tc.name, doc, got, count)
				}
			}
			// The same object as a filter literal finds it (a reference, or
			// the plain object the near miss is).
			if wrap.pre == `{"r":` && strings.HasPrefix(tc.doc, `{"$ref":`) && !strings.HasSuffix(tc.doc, `,"x":1}`) {
				c.Must(`FIND docs {"_id":"`+k+`","r":`+tc.doc+`} {"count":true}`, ":1")
			}
			resolved := c.Do("RESOLVE docs " + k)
			replaced := resolved != Bulk(doc)
			if tc.name == "canonical" && !replaced {
				t.Errorf("%s in %s: RESOLVE left the reference: %q", tc.name, doc, resolved)
			}
			if !tc.isRef && replaced {
				t.Errorf("%s in %s: RESOLVE changed a plain object: %q", tc.name, doc, resolved)
			}
		}
	}
	// The canonical reference resolves to the target as stored, at any depth.
	k := next()
	c.Must("INSERT docs "+k+` {"a":[`+ref("targets", target)+`]}`, "+OK")
	c.Must("RESOLVE docs "+k, Bulk(`{"a":[{"t":1}]}`))
	c.Must("RESOLVE docs "+k+" 0", Bulk(`{"a":[`+ref("targets", target)+`]}`))
	// A reference literal in a FIND filter is a reference too.
	c.Must(`FIND docs {"a":`+ref("targets", target)+`} {"projection":{"a":1}}`, Array(k+` {"a":[`+ref("targets", target)+`]}`))
	// UPDATE maps references the same way.
	c.Must("UPDATE docs "+k+` {"b":`+ref("targets", target)+`,"c":`+ref("targets", upper)+`}`, "+OK")
	c.Must("RESOLVE docs "+k, Bulk(`{"b":{"t":1},"c":`+ref("targets", upper)+`}`))
}
