package engine

// Plan is what a find did (REPL.md §9.6 "explain"): the kind of plan, the
// secondary index it used, the bounds it scanned, the documents it read and
// the results it returned.
//
// Bounds is a Value: null for a scan; for a key-range plan, an array of key
// intervals, each {"eq": "<uuid>"} or {"gte": "<uuid>", "lte": "<uuid>"}
// (empty when the conditions admit no key); for an index plan, an array of
// the conditions walked: {"eq": v} for each value looked up (null also
// takes documents the path does not reach), {"gt"|"gte"|"lt"|"lte": v} for
// a range (which stays within v's class of the value order),
// {"exists": false} for the "no value" entries, and {} for a walk of the
// whole index in sort order.
type Plan struct {
	Plan     string // PlanIndex, PlanScan or PlanKeyRange
	Index    string // the secondary index used, "" for none
	Bounds   Value
	Examined int // documents read
	Returned int // results returned
}

// Value returns the plan as the JSON object of §9.6: {"plan": …, "index":
// <name or null>, "bounds": …, "examined": n, "returned": n}.
func (p Plan) Value() Value {
	index := Null()
	if p.Index != "" {
		index = String(p.Index)
	}
	return Object(
		Field{Key: "plan", Value: String(p.Plan)},
		Field{Key: "index", Value: index},
		Field{Key: "bounds", Value: p.Bounds},
		Field{Key: "examined", Value: Int(int64(p.Examined))},
		Field{Key: "returned", Value: Int(int64(p.Returned))},
	)
}
