package workload

import (
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
)

func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		shape Shape
		i     int
		json  string
	}{
		{Small, 7, `{"name":"user_7","age":7,"active":false}`},
		{Small, 1234, `{"name":"user_1234","age":234,"active":true}`},
		{Medium, 3, `{"id":3,"name":"user_3","email":"user3@example.com","age":3,"active":false,"score":4.5,` +
			`"country":"FR","city":"Paris","tags":["alpha","beta","gamma"],"bio":"` + strings.Repeat("a", 300) + `"}`},
		{Large, 9, `{"id":9,"payload":"` + strings.Repeat("x", 4096) + `"}`},
		{Overflow, 9, `{"id":9,"payload":"` + strings.Repeat("x", 20480) + `"}`},
	} {
		got := NewBuilder(tc.shape).Doc(tc.i)
		want, err := engine.ParseJSON([]byte(tc.json))
		if err != nil {
			t.Fatal(err)
		}
		if !engine.Equal(got, want) {
			t.Errorf("%s(%d) = %s\nwant %s", tc.shape, tc.i, got, want)
		}
		if err := engine.ValidateDocument(got); err != nil {
			t.Errorf("%s(%d) invalid: %v", tc.shape, tc.i, err)
		}
	}
	// score is always a float, also for i = 0 and even i.
	if s, _ := NewBuilder(Medium).Doc(0).Get("score"); s.Kind() != engine.KindFloat {
		t.Errorf("medium(0).score is a %s, want float", s.Kind())
	}
	if s, _ := NewBuilder(Medium).Doc(2).Get("score"); s.Kind() != engine.KindFloat || s.Float() != 3 {
		t.Errorf("medium(2).score = %s, want 3.0 as a float", s)
	}
}

func TestShapeSizesAndNames(t *testing.T) {
	names := map[string]bool{}
	for _, s := range AllShapes() {
		names[s.String()] = true
	}
	if len(names) != 4 || !names["small"] || !names["overflow"] {
		t.Fatalf("shape names = %v", names)
	}
	// Large fits one 8 KiB page; overflow needs three.
	if n := EncodedSize(Large, 99); n < 4096 || n > 8192 {
		t.Errorf("large encodes to %d bytes", n)
	}
	if n := EncodedSize(Overflow, 99); n < 2*8192 || n > 3*8192 {
		t.Errorf("overflow encodes to %d bytes", n)
	}
	if n := EncodedSize(Medium, 99); n < 400 || n > 600 {
		t.Errorf("medium encodes to %d bytes", n)
	}
	if d := Docs(Small, 3); len(d) != 3 || !engine.Equal(d[2], NewBuilder(Small).Doc(2)) {
		t.Error("Docs disagrees with Builder.Doc")
	}
}
