package peer

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/engine"
)

// Shape is a `peer` document shape.
type Shape int

// The peer shapes.
const (
	PeerSmall  Shape = iota // {name, age}, ≈52 bytes of JSON
	PeerMedium              // {name, age, email, tags, address, bio}, ≈500 bytes
	PeerLarge               // the same with a longer bio, ≈4,096 bytes
)

// String returns "peer-small", "peer-medium" or "peer-large".
func (s Shape) String() string {
	switch s {
	case PeerSmall:
		return "peer-small"
	case PeerMedium:
		return "peer-medium"
	case PeerLarge:
		return "peer-large"
	}
	return fmt.Sprintf("peer-shape(%d)", int(s))
}

// target is the approximate JSON size of the shape.
func (s Shape) target() int {
	switch s {
	case PeerSmall:
		return 52
	case PeerLarge:
		return 4096
	}
	return 500
}

// Doc is one generated document in every form the engines need.
type Doc struct {
	Key   uuid.UUID
	JSON  []byte       // what the peers store
	Value engine.Value // what GrumpyDB stores (filled by WithValues)
	Email string       // "" for peer-small
	Age   int          // in [0, 100)
}

// address is the nested object of the medium and large shapes.
type address struct {
	Street string `json:"street"`
	City   string `json:"city"`
	Zip    string `json:"zip"`
}

// record fixes the field order of the JSON text.
type record struct {
	Name    string   `json:"name"`
	Age     int      `json:"age"`
	Email   string   `json:"email,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Address *address `json:"address,omitempty"`
	Bio     string   `json:"bio,omitempty"`
}

// Generate returns documents 0 … n−1 of shape s with their keys, from the
// shape's fixed seeds. Values are not filled in (see WithValues).
func Generate(s Shape, n int) ([]Doc, error) {
	keys, err := keygen.UUIDs(0x9EE71000+uint64(s), n)
	if err != nil {
		return nil, err
	}
	g := keygen.New(0x9EE70000 + uint64(s))
	pick := func() string { return word(g.IntN(vocabSize)) }
	docs := make([]Doc, n)
	for i := range docs {
		rec := record{Age: g.IntN(100)}
		if s == PeerSmall {
			// A name of about 30 letters makes the JSON about 52 bytes.
			var b strings.Builder
			for b.Len() < 28 {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(title(pick()))
			}
			rec.Name = b.String()
		} else {
			rec.Name = title(pick()) + " " + title(pick())
			rec.Email = "user" + strconv.Itoa(i) + "@example.com"
			rec.Tags = make([]string, 1+g.IntN(4))
			for t := range rec.Tags {
				rec.Tags[t] = pick()
			}
			rec.Address = &address{
				Street: strconv.Itoa(1+g.IntN(200)) + " " + title(pick()) + " Street",
				City:   title(pick()),
				Zip:    fmt.Sprintf("%05d", g.IntN(100000)),
			}
			base, err := json.Marshal(rec)
			if err != nil {
				return nil, err
			}
			// Pad the bio with words until the JSON reaches the
			// shape's size (the bio's own quotes and key included).
			room := s.target() - len(base) - len(`,"bio":""`)
			var bio strings.Builder
			for {
				w := pick()
				extra := len(w)
				if bio.Len() > 0 {
					extra++
				}
				if bio.Len()+extra > room {
					break
				}
				if bio.Len() > 0 {
					bio.WriteByte(' ')
				}
				bio.WriteString(w)
			}
			rec.Bio = bio.String()
		}
		js, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		docs[i] = Doc{Key: keys[i], JSON: js, Email: rec.Email, Age: rec.Age}
	}
	return docs, nil
}

// WithValues parses every document's JSON into its GrumpyDB value.
func WithValues(docs []Doc) error {
	for i := range docs {
		v, err := engine.ParseJSON(docs[i].JSON)
		if err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
		docs[i].Value = v
	}
	return nil
}

// MeanSize is the mean JSON size of docs.
func MeanSize(docs []Doc) float64 {
	if len(docs) == 0 {
		return 0
	}
	t := 0
	for _, d := range docs {
		t += len(d.JSON)
	}
	return float64(t) / float64(len(docs))
}

// decodeJSON decodes a document as the peers do: encoding/json into a
// map[string]any.
func decodeJSON(b []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrVerify, err)
	}
	return m, nil
}
