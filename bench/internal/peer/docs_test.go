package peer

import (
	"encoding/json"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
)

func TestVocabulary(t *testing.T) {
	seen := map[string]int{}
	for k := range vocabSize {
		w := word(k)
		if len(w) != 4 && len(w) != 6 {
			t.Errorf("word %d = %q: length %d", k, w, len(w))
		}
		if j, dup := seen[w]; dup {
			t.Fatalf("words %d and %d are both %q", j, k, w)
		}
		seen[w] = k
	}
	if word(3) != word(3+vocabSize) {
		t.Error("word does not wrap at the vocabulary size")
	}
	if title("abc") != "Abc" || title("") != "" {
		t.Error("title")
	}
}

func TestGenerateShapes(t *testing.T) {
	for _, tc := range []struct {
		s        Shape
		min, max int
	}{
		{PeerSmall, 42, 62},
		{PeerMedium, 480, 500},
		{PeerLarge, 4070, 4096},
	} {
		docs, err := Generate(tc.s, 500)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Generate(tc.s, 500)
		emails := map[string]bool{}
		for i, d := range docs {
			if n := len(d.JSON); n < tc.min || n > tc.max {
				t.Errorf("%s %d: %d bytes of JSON, want [%d, %d]: %s", tc.s, i, n, tc.min, tc.max, d.JSON)
			}
			if string(d.JSON) != string(again[i].JSON) || d.Key != again[i].Key {
				t.Fatalf("%s %d not deterministic", tc.s, i)
			}
			var m map[string]any
			if err := json.Unmarshal(d.JSON, &m); err != nil {
				t.Fatal(err)
			}
			if age, _ := m["age"].(float64); int(age) != d.Age || d.Age < 0 || d.Age >= 100 {
				t.Fatalf("%s %d: age %v / %d", tc.s, i, m["age"], d.Age)
			}
			if tc.s == PeerSmall {
				if len(m) != 2 || d.Email != "" {
					t.Fatalf("small document has fields %v", m)
				}
				continue
			}
			if m["email"] != d.Email || emails[d.Email] {
				t.Fatalf("%s %d: email %v / %q (unique: %v)", tc.s, i, m["email"], d.Email, !emails[d.Email])
			}
			emails[d.Email] = true
			tags, _ := m["tags"].([]any)
			addr, _ := m["address"].(map[string]any)
			if len(tags) < 1 || len(tags) > 4 || len(addr) != 3 || m["bio"] == "" || len(m) != 6 {
				t.Fatalf("%s %d: bad fields %s", tc.s, i, d.JSON)
			}
		}
		if d := docs[0]; d.Key.Version() != 4 {
			t.Errorf("key %s is not a v4 UUID", d.Key)
		}
	}
	if PeerMedium.String() != "peer-medium" || Shape(9).String() == "" {
		t.Error("shape names")
	}
}

func TestWithValues(t *testing.T) {
	docs, err := Generate(PeerMedium, 20)
	if err != nil {
		t.Fatal(err)
	}
	if err := WithValues(docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		m, err := asMap(d.Value)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameDoc(m, &d); err != nil {
			t.Fatal(err)
		}
		if v, _ := d.Value.Get("age"); v.Kind() != engine.KindInt {
			t.Fatalf("age is a %s in GrumpyDB's value", v.Kind())
		}
	}
	bad := []Doc{{JSON: []byte("{")}}
	if err := WithValues(bad); err == nil {
		t.Fatal("WithValues accepted broken JSON")
	}
	if MeanSize(nil) != 0 || MeanSize([]Doc{{JSON: []byte("ab")}, {JSON: []byte("abcd")}}) != 3 {
		t.Error("MeanSize")
	}
}
