package workload

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/grumpydb/grumpydb/engine"
)

// Shape is one of the document shapes of BENCHMARKS.md §2.
type Shape int

// The shapes.
const (
	Small    Shape = iota // {name, age, active}, ≈55 B
	Medium                // ten fields with a 300-byte bio, ≈510 B
	Large                 // {id, payload: 4,096 × "x"}, inline
	Overflow              // {id, payload: 20,480 × "x"}, an overflow chain
)

// AllShapes lists every shape in table order.
func AllShapes() []Shape { return []Shape{Small, Medium, Large, Overflow} }

// String returns the shape's name as the tables spell it.
func (s Shape) String() string {
	switch s {
	case Small:
		return "small"
	case Medium:
		return "medium"
	case Large:
		return "large"
	case Overflow:
		return "overflow"
	}
	return fmt.Sprintf("shape(%d)", int(s))
}

// Builder builds the documents of one shape; it shares one copy of the
// long constant strings between all the documents it builds (values are
// immutable).
type Builder struct {
	shape  Shape
	filler string
	tags   engine.Value
}

// NewBuilder returns a builder for shape s.
func NewBuilder(s Shape) *Builder {
	b := &Builder{shape: s}
	switch s {
	case Medium:
		b.filler = strings.Repeat("a", 300)
		b.tags = engine.Array(engine.String("alpha"), engine.String("beta"), engine.String("gamma"))
	case Large:
		b.filler = strings.Repeat("x", 4096)
	case Overflow:
		b.filler = strings.Repeat("x", 20480)
	}
	return b
}

// Doc returns shape(i), fields in the order §2 writes them.
func (b *Builder) Doc(i int) engine.Value {
	n := int64(i)
	switch b.shape {
	case Small:
		return engine.Object(
			engine.Field{Key: "name", Value: engine.String("user_" + strconv.Itoa(i))},
			engine.Field{Key: "age", Value: engine.Int(n % 1000)},
			engine.Field{Key: "active", Value: engine.Bool(i%2 == 0)},
		)
	case Medium:
		return engine.Object(
			engine.Field{Key: "id", Value: engine.Int(n)},
			engine.Field{Key: "name", Value: engine.String("user_" + strconv.Itoa(i))},
			engine.Field{Key: "email", Value: engine.String(Email(i))},
			engine.Field{Key: "age", Value: engine.Int(n % 1000)},
			engine.Field{Key: "active", Value: engine.Bool(i%2 == 0)},
			engine.Field{Key: "score", Value: engine.Float(float64(i) * 1.5)},
			engine.Field{Key: "country", Value: engine.String("FR")},
			engine.Field{Key: "city", Value: engine.String("Paris")},
			engine.Field{Key: "tags", Value: b.tags},
			engine.Field{Key: "bio", Value: engine.String(b.filler)},
		)
	default:
		return engine.Object(
			engine.Field{Key: "id", Value: engine.Int(n)},
			engine.Field{Key: "payload", Value: engine.String(b.filler)},
		)
	}
}

// Docs returns shape(0) … shape(n−1).
func Docs(s Shape, n int) []engine.Value {
	b := NewBuilder(s)
	out := make([]engine.Value, n)
	for i := range out {
		out[i] = b.Doc(i)
	}
	return out
}

// Email is the email field of medium document i.
func Email(i int) string { return "user" + strconv.Itoa(i) + "@example.com" }

// EncodedSize is the size of shape(i) in the engine's storage encoding.
func EncodedSize(s Shape, i int) int { return len(engine.AppendEncoded(nil, NewBuilder(s).Doc(i))) }
