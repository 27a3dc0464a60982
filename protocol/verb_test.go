package protocol

import (
	"slices"
	"strings"
	"testing"
)

// TestVerbMetricNames checks that the metric labels are exactly the cmd
// values of PROTOCOL.md §8 (plus PING and QUIT, which are never counted).
func TestVerbMetricNames(t *testing.T) {
	spec := strings.Fields(`LOGIN TOKEN REFRESH WHOAMI TOPOLOGY SNAPSHOT_HLC USE CREATE_DATABASE
		DROP_DATABASE LIST_DATABASES CREATE_COLLECTION DROP_COLLECTION LIST_COLLECTIONS INSERT GET
		UPDATE DELETE PUT_WITH_VC SCAN CREATE_INDEX DROP_INDEX LIST_INDEXES QUERY QUERY_RANGE COMPACT
		FLUSH COUNT CREATE_USER DROP_USER LIST_USERS GRANT REVOKE CREATE_TENANT DROP_TENANT
		LIST_TENANTS ELECT_WRITER FIND RESOLVE STATS INSERT_MANY PING QUIT`)
	var got []string
	for v := VerbNone + 1; v < numVerbs; v++ {
		if v.String() == "" || v.MetricName() == "" {
			t.Errorf("verb %d has no name", v)
		}
		got = append(got, v.MetricName())
	}
	slices.Sort(spec)
	slices.Sort(got)
	if !slices.Equal(got, spec) {
		t.Errorf("metric names\n got %v\nwant %v", got, spec)
	}
	if VerbNone.String() != "" || numVerbs.String() != "" {
		t.Error("out-of-range verbs have names")
	}
}

// TestVerbNamesParse checks that each verb's canonical spelling parses to
// that verb (given enough arguments).
func TestVerbNamesParse(t *testing.T) {
	args := " a b c d"
	for v := VerbNone + 1; v < numVerbs; v++ {
		line := v.String() + args
		if v == VerbGrant {
			line = "GRANT r ON x TO u"
		} else if v == VerbRevoke {
			line = "REVOKE r ON x FROM u"
		}
		c, err := Parse(line)
		if err != nil || c.Verb != v {
			t.Errorf("Parse(%q) = %v, %v; want %v", line, c.Verb, err, v)
		}
	}
}

// TestIsDataCommand checks the §4.9 data-command set.
func TestIsDataCommand(t *testing.T) {
	data := []Verb{VerbInsert, VerbGet, VerbUpdate, VerbDelete, VerbPutWithVC, VerbScan, VerbQuery,
		VerbQueryRange, VerbCount, VerbFind, VerbResolve, VerbStats, VerbInsertMany}
	for v := Verb(0); v <= numVerbs; v++ {
		want := slices.Contains(data, v)
		if IsDataCommand(v) != want || v.IsDataCommand() != want {
			t.Errorf("IsDataCommand(%v) = %v, want %v", v, IsDataCommand(v), want)
		}
	}
}
