package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	. "github.com/grumpydb/grumpydb/server/internal/servertest"
)

// queryPeople is the FIND data set: document number → stored JSON (as
// written, and so as read back). 7 and 8 are not objects.
var queryPeople = map[int]string{
	1: `{"name":"ann","age":35,"tags":["dev","ops"],"address":{"city":"Paris","zip":"75001"},"score":1.5}`,
	2: `{"name":"bob","age":20,"tags":["ops"],"address":{"city":"Lyon"},"score":-2}`,
	3: `{"name":"cat","age":35.0,"tags":[],"address":{"city":"Paris"},"email":null}`,
	4: `{"name":"dan","age":"old","email":"d@x"}`,
	5: `{"name":"eve","age":50,"tags":["dev"],"address":{"city":"Nice","zip":"06000"},"score":0}`,
	6: `{"name":"fay","age":null,"items":[{"sku":"a","qty":2},{"sku":"b","qty":5}]}`,
	7: `[1,2,3]`,
	8: `"just a string"`,
}

// queryFilterCase is one FIND whose answer is the listed documents, whole.
type queryFilterCase struct {
	name, args string
	want       []int
}

func queryFilterCases() []queryFilterCase {
	k := queryKey
	return []queryFilterCase{
		{"empty filter", `{}`, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"shorthand eq", `{"name":"ann"}`, []int{1}},
		{"int matches float", `{"age":35}`, []int{1, 3}},
		{"$eq float", `{"age":{"$eq":35.0}}`, []int{1, 3}},
		{"$eq null takes missing", `{"age":null}`, []int{6, 7, 8}},
		{"$ne takes missing", `{"age":{"$ne":35}}`, []int{2, 4, 5, 6, 7, 8}},
		{"$ne null", `{"email":{"$ne":null}}`, []int{4}},
		{"$gt ignores other classes", `{"age":{"$gt":20}}`, []int{1, 3, 5}},
		{"$gte", `{"age":{"$gte":20}}`, []int{1, 2, 3, 5}},
		{"$lt", `{"age":{"$lt":35}}`, []int{2}},
		{"$lte", `{"age":{"$lte":35}}`, []int{1, 2, 3}},
		{"range", `{"age":{"$gte":20,"$lt":50}}`, []int{1, 2, 3}},
		{"$gt string class", `{"age":{"$gt":"a"}}`, []int{4}},
		{"$gte null", `{"age":{"$gte":null}}`, []int{6, 7, 8}},
		{"$gt null", `{"age":{"$gt":null}}`, nil},
		{"$in", `{"age":{"$in":[20,50.0]}}`, []int{2, 5}},
		{"$nin", `{"age":{"$nin":[20,50]}}`, []int{1, 3, 4, 6, 7, 8}},
		{"$exists true counts null", `{"email":{"$exists":true}}`, []int{3, 4}},
		{"$exists false", `{"email":{"$exists":false}}`, []int{1, 2, 5, 6, 7, 8}},
		{"array element", `{"tags":"dev"}`, []int{1, 5}},
		{"array whole", `{"tags":["ops"]}`, []int{2}},
		{"empty array", `{"tags":[]}`, []int{3}},
		{"$in on array", `{"tags":{"$in":["x","ops"]}}`, []int{1, 2}},
		{"dotted path", `{"address.city":"Paris"}`, []int{1, 3}},
		{"dotted $exists", `{"address.zip":{"$exists":true}}`, []int{1, 5}},
		{"path through array", `{"items.sku":"b"}`, []int{6}},
		{"digit segment", `{"items.1.qty":5}`, []int{6}},
		{"digit segment miss", `{"items.0.qty":5}`, nil},
		{"digit segment range", `{"items.qty":{"$gt":4}}`, []int{6}},
		{"$and", `{"$and":[{"age":{"$gte":20}},{"tags":"ops"}]}`, []int{1, 2}},
		{"$or", `{"$or":[{"address.city":"Nice"},{"name":"bob"}]}`, []int{2, 5}},
		{"top-level $not", `{"$not":{"age":35}}`, []int{2, 4, 5, 6, 7, 8}},
		{"field $not", `{"age":{"$not":{"$gt":30}}}`, []int{2, 4, 6, 7, 8}},
		{"nested logic", `{"$or":[{"$and":[{"score":{"$gte":0}},{"$not":{"name":"eve"}}]},{"items.qty":2}]}`, []int{1, 6}},
		{"float operand", `{"score":{"$lt":0.5}}`, []int{2, 5}},
		{"implicit and", `{"name":{"$in":["ann","zed"]},"age":35}`, []int{1}},
		{"object literal", `{"address":{"city":"Lyon"}}`, []int{2}},
		{"object literal order matters", `{"address":{"zip":"75001","city":"Paris"}}`, nil},
		{"object literal in order", `{"address":{"city":"Paris","zip":"75001"}}`, []int{1}},
		{"_id equality", `{"_id":"` + k(3) + `"}`, []int{3}},
		{"_id range", `{"_id":{"$gte":"` + k(2) + `","$lte":"` + k(4) + `"}}`, []int{2, 3, 4}},
		{"_id $in", `{"_id":{"$in":["` + k(5) + `","` + k(1) + `"]}}`, []int{1, 5}},
		{"_id $gt", `{"_id":{"$gt":"` + k(6) + `"}}`, []int{7, 8}},
		{"_id not a UUID", `{"_id":"zz"}`, nil},
		{"_id upper-case text", `{"_id":"` + strings.ToUpper(k(10)) + `"}`, nil},
		{"_id number", `{"_id":5}`, nil},
		{"_id null", `{"_id":null}`, nil},
		{"_id exists", `{"_id":{"$exists":true}}`, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"_id $ne", `{"_id":{"$ne":"` + k(1) + `"}}`, []int{2, 3, 4, 5, 6, 7, 8}},
		{"_id $gt short text", `{"_id":{"$gt":"0"}}`, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"_id $gte past a key", `{"_id":{"$gte":"` + k(4) + `x"}}`, []int{5, 6, 7, 8}},
		{"_id $gte prefix", `{"_id":{"$gte":"` + k(5)[:35] + `"}}`, []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"_id $lt beyond", `{"_id":{"$lt":"` + k(3) + `0"}}`, []int{1, 2, 3}},
		{"_id $in with junk", `{"_id":{"$in":["zz",5,"` + k(2) + `"]}}`, []int{2}},
		{"_id empty range", `{"_id":{"$gt":"` + k(5) + `","$lt":"` + k(3) + `"}}`, nil},
		{"_id and field", `{"_id":{"$lte":"` + k(4) + `"},"age":35}`, []int{1, 3}},
		{"_id in $or", `{"$or":[{"_id":"` + k(2) + `"},{"name":"eve"}]}`, []int{2, 5}},
		{"spaces in filter", `{ "name" : { "$in" : [ "ann" , "bob" ] } }`, []int{1, 2}},
		// Options: sort on several paths (object and array forms), skip, limit.
		{"sort object form", `{} {"sort":{"age":1,"name":-1}}`, []int{6, 7, 8, 2, 3, 1, 5, 4}},
		{"sort array form", `{} {"sort":[["address.city",1],["age",-1]]}`, []int{4, 6, 7, 8, 2, 5, 1, 3}},
		{"sort multikey desc", `{} {"sort":{"tags":-1}}`, []int{1, 2, 5, 3, 4, 6, 7, 8}},
		{"sort multikey asc", `{"tags":{"$exists":true}} {"sort":{"tags":1}}`, []int{3, 1, 5, 2}},
		{"sort skip limit", `{} {"sort":{"name":1},"skip":2,"limit":3}`, []int{1, 2, 3}},
		{"limit 0 means none", `{"age":{"$gte":0}} {"limit":0}`, []int{1, 2, 3, 5}},
		{"skip past end", `{} {"skip":100}`, nil},
		{"sort desc with filter", `{"age":{"$gte":0}} {"sort":{"age":-1}}`, []int{5, 1, 3, 2}},
		{"options without space", `{"age":{"$gte":0}}{"limit":2}`, []int{1, 2}},
		{"empty sort means key order", `{} {"sort":{},"projection":{}}`, []int{1, 2, 3, 4, 5, 6, 7, 8}},
	}
}

// queryProjectionCases are FINDs with a projection: the rows as raw
// elements `<uuid> <json>`.
func queryProjectionCases() []struct {
	name, args string
	want       []string
} {
	k := queryKey
	return []struct {
		name, args string
		want       []string
	}{
		{"include keeps written order", `{"age":35} {"projection":{"address.city":1,"name":1}}`,
			[]string{k(1) + ` {"name":"ann","address":{"city":"Paris"}}`, k(3) + ` {"name":"cat","address":{"city":"Paris"}}`}},
		{"include with _id 0", `{"name":"bob"} {"projection":{"name":1,"_id":0}}`, []string{k(2) + ` {"name":"bob"}`}},
		{"include with _id 1", `{"name":"bob"} {"projection":{"_id":1,"score":true}}`, []string{k(2) + ` {"score":-2}`}},
		{"exclude", `{"name":"ann"} {"projection":{"tags":0,"address":false,"score":0}}`, []string{k(1) + ` {"name":"ann","age":35}`}},
		{"exclude dotted", `{"name":"ann"} {"projection":{"address.zip":0,"tags":0}}`, []string{k(1) + ` {"name":"ann","age":35,"address":{"city":"Paris"},"score":1.5}`}},
		{"exclude with _id 0", `{"name":"dan"} {"projection":{"_id":0,"email":0}}`, []string{k(4) + ` {"name":"dan","age":"old"}`}},
		{"include through array", `{"name":"fay"} {"projection":{"items.sku":1}}`, []string{k(6) + ` {"items":[{"sku":"a"},{"sku":"b"}]}`}},
		{"exclude through array", `{"name":"fay"} {"projection":{"items.qty":0,"age":0}}`, []string{k(6) + ` {"name":"fay","items":[{"sku":"a"},{"sku":"b"}]}`}},
		{"include missing leaf", `{"name":"bob"} {"projection":{"address.zip":1}}`, []string{k(2) + ` {"address":{}}`}},
		{"include absent path", `{"name":"dan"} {"projection":{"address.city":1}}`, []string{k(4) + ` {}`}},
		{"include non-objects", `{"_id":{"$gte":"` + k(7) + `"}} {"projection":{"a":1}}`, []string{k(7) + ` {}`, k(8) + ` {}`}},
		{"exclude non-objects", `{"_id":{"$gte":"` + k(7) + `"}} {"projection":{"a":0}}`, []string{k(7) + ` [1,2,3]`, k(8) + ` "just a string"`}},
		{"projection after sort skip limit", `{"age":{"$gte":0}} {"projection":{"age":1},"sort":{"age":-1},"skip":1,"limit":2}`,
			[]string{k(1) + ` {"age":35}`, k(3) + ` {"age":35.0}`}},
	}
}

// queryCountCases are FINDs with "count": true and their integer.
var queryCountCases = []struct{ args, want string }{
	{`{} {"count":true}`, ":8"},
	{`{"age":{"$gte":20}} {"count":true}`, ":4"},
	{`{"age":{"$gte":20}} {"count":true,"skip":1,"limit":2}`, ":2"},
	{`{"age":{"$gte":20}} {"skip":3,"count":true}`, ":1"},
	{`{"age":{"$gte":20}} {"count":true,"sort":{"name":1},"projection":{"x":1}}`, ":4"},
	{`{"tags":"zzz"} {"count":true}`, ":0"},
	{`{} {"count":false,"limit":1,"projection":{"name":1}}`, Array(queryKey(1) + ` {"name":"ann"}`)},
}

// queryFindErrors are FIND lines on the people collection and their
// exact error replies.
var queryFindErrors = []struct{ line, want string }{
	{`FIND people []`, "-ERR invalid filter: filter must be an object"},
	{`FIND people 5`, "-ERR invalid filter: filter must be an object"},
	{`FIND people {"age":{"$gt":1,"x":2}}`, `-ERR invalid filter: cannot mix operators and fields in the condition for "age"`},
	{`FIND people {"a..b":1}`, `-ERR invalid filter: bad field path "a..b"`},
	{`FIND people {".a":1}`, `-ERR invalid filter: bad field path ".a"`},
	{`FIND people {"age":{"$in":5}}`, "-ERR invalid filter: $in needs an array"},
	{`FIND people {"age":{"$nin":{}}}`, "-ERR invalid filter: $nin needs an array"},
	{`FIND people {"age":{"$not":5}}`, "-ERR invalid filter: $not needs an operator object such as {$gt: 5}"},
	{`FIND people {"age":{"$not":{}}}`, "-ERR invalid filter: $not needs an operator object such as {$gt: 5}"},
	{`FIND people {"age":{"$regex":"a"}}`, "-ERR invalid filter: unknown operator $regex"},
	{`FIND people {"$regex":1}`, "-ERR invalid filter: unknown operator $regex"},
	{`FIND people {"$and":[]}`, "-ERR invalid filter: $and needs a non-empty array of filters"},
	{`FIND people {"$or":5}`, "-ERR invalid filter: $or needs a non-empty array of filters"},
	{`FIND people {"email":{"$exists":1}}`, "-ERR invalid filter: $exists needs a boolean"},
	{`FIND people {} {"bogus":1}`, `-ERR invalid find options: unknown option "bogus"`},
	{`FIND people {} {"projection":{"a":1,"b":0}}`, "-ERR invalid find options: projection cannot mix inclusion and exclusion"},
	{`FIND people {} {"skip":-1}`, "-ERR invalid find options: skip must be an integer >= 0"},
	{`FIND people {} {"limit":1.5}`, "-ERR invalid find options: limit must be an integer >= 0"},
	{`FIND people {} {"count":1}`, "-ERR invalid find options: count must be a boolean"},
	{`FIND people {} {"explain":"yes"}`, "-ERR invalid find options: explain must be a boolean"},
	{`FIND people {} 5`, "-ERR invalid find options: options must be an object"},
	{`FIND people {} {} x`, "-ERR invalid JSON: trailing characters after options"},
	{`FIND people {} {} {}`, "-ERR invalid JSON: trailing characters after options"},
	{`FIND people`, "-ERR missing argument: FIND requires <collection> <filter>"},
	{`FIND`, "-ERR missing argument: FIND requires <collection> <filter>"},
	{`FIND nope {}`, "-ERR collection not found: nope"},
}

func TestQueryFind(t *testing.T) {
	p := startServer(t, filepath.Join(t.TempDir(), "data"))
	c := p.admin(t)
	c.Must("FIND people {}", "-ERR no database selected (use USE <db>)")
	c.Must("USE shop", "+OK")
	c.Must("CREATE COLLECTION people", "+OK")
	for n := 1; n <= len(queryPeople); n++ {
		c.Must("INSERT people "+queryKey(n)+" "+queryPeople[n], "+OK")
	}
	cases := queryFilterCases()
	noIndex := make([]string, len(cases))

	t.Run("filters and options without index", func(t *testing.T) {
		c := queryAs(c, t)
		for i, tc := range cases {
			got := c.Do("FIND people " + tc.args)
			if want := queryRows(queryPeople, tc.want...); got != want {
				t.Errorf("%s: FIND people %s\n got %q\nwant %q", tc.name, tc.args, got, want)
			}
			noIndex[i] = got
		}
	})
	t.Run("projection", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range queryProjectionCases() {
			if got := c.Do("FIND people " + tc.args); got != Array(tc.want...) {
				t.Errorf("%s: FIND people %s\n got %q\nwant %q", tc.name, tc.args, got, Array(tc.want...))
			}
		}
	})
	t.Run("count", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range queryCountCases {
			c.Must("FIND people "+tc.args, tc.want)
		}
	})
	t.Run("errors", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range queryFindErrors {
			c.Must(tc.line, tc.want)
		}
		// A malformed first value is reported by the JSON parser.
		c.MustPrefix(`FIND people {"a":1`, "-ERR invalid JSON: ")
		c.MustPrefix(`FIND people {"a":1} {"limit":`, "-ERR invalid JSON: ")
		c.MustPrefix(`FIND people {"a":"\ud800"}`, "-ERR invalid JSON: ")
	})
	t.Run("explain scan and key range", func(t *testing.T) {
		c := queryAs(c, t)
		c.Must(`FIND people {"age":35} {"explain":true}`, Bulk(`{"plan":"scan","index":null,"bounds":null,"examined":8,"returned":2}`))
		c.Must(`FIND people {"_id":"`+queryKey(3)+`"} {"explain":true}`,
			Bulk(`{"plan":"key-range","index":null,"bounds":[{"eq":"`+queryKey(3)+`"}],"examined":1,"returned":1}`))
		c.Must(`FIND people {} {"explain":false,"limit":1,"projection":{"name":1}}`, Array(queryKey(1)+` {"name":"ann"}`))
	})

	// The same FINDs with indexes on every path they use: identical answers.
	for _, ix := range [][2]string{{"by_age", "age"}, {"by_name", "name"}, {"by_tags", "tags"}, {"by_city", "address.city"},
		{"by_sku", "items.sku"}, {"by_email", "email"}, {"by_score", "score"}, {"by_qty", "items.qty"}} {
		c.Must("CREATE INDEX people "+ix[0]+" "+ix[1], "+OK")
	}
	t.Run("same answers with indexes", func(t *testing.T) {
		c := queryAs(c, t)
		for i, tc := range cases {
			if got := c.Do("FIND people " + tc.args); got != noIndex[i] {
				t.Errorf("%s: FIND people %s with indexes\n got %q\nwant %q", tc.name, tc.args, got, noIndex[i])
			}
		}
		for _, tc := range queryProjectionCases() {
			if got := c.Do("FIND people " + tc.args); got != Array(tc.want...) {
				t.Errorf("%s with indexes: got %q", tc.name, got)
			}
		}
		for _, tc := range queryCountCases {
			c.Must("FIND people "+tc.args, tc.want)
		}
	})
	t.Run("explain uses the index", func(t *testing.T) {
		c := queryAs(c, t)
		for _, tc := range []struct{ args, index, bounds, examined, returned string }{
			{`{"age":35}`, "by_age", `[{"eq":35}]`, "2", "2"},
			{`{"name":{"$in":["bob","eve"]}}`, "by_name", "", "2", "2"},
			{`{"address.city":"Paris"}`, "by_city", `[{"eq":"Paris"}]`, "2", "2"},
			{`{"age":{"$gt":20}}`, "by_age", `[{"gt":20}]`, "", "3"},
		} {
			got := queryBulk(t, c.Do("FIND people "+tc.args+` {"explain":true}`))
			if !strings.HasPrefix(got, `{"plan":"index","index":"`+tc.index+`","bounds":`+tc.bounds) ||
				!strings.Contains(got, `"examined":`+tc.examined) || !strings.HasSuffix(got, `,"returned":`+tc.returned+`}`) {
				t.Errorf("explain %s: %s", tc.args, got)
			}
			// examined never exceeds the collection and never undercounts the result.
			ex := got[strings.Index(got, `"examined":`)+len(`"examined":`):]
			n, err := strconv.Atoi(ex[:strings.IndexByte(ex, ',')])
			r, _ := strconv.Atoi(tc.returned)
			if err != nil || n < r || n >= len(queryPeople) {
				t.Errorf("explain %s: examined %q for %d results", tc.args, ex, r)
			}
		}
	})
	t.Run("index answers after writes", func(t *testing.T) {
		c := queryAs(c, t)
		c.Must("UPDATE people "+queryKey(2)+` {"name":"bob","age":35.0}`, "+OK")
		c.Must("DELETE people "+queryKey(1), "+OK")
		want := Array(queryKey(2)+` {"name":"bob","age":35.0}`, queryKey(3)+" "+queryPeople[3])
		c.Must(`FIND people {"age":35}`, want)
		c.Must(`FIND people {"age":{"$gte":35,"$lt":36}} {"sort":{"age":1}}`, want)
		c.Must("DROP INDEX people by_age", "+OK")
		c.Must(`FIND people {"age":35}`, want)
	})
}
