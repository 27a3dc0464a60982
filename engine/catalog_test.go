package engine

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

func sampleCatalog() *catalog {
	return &catalog{collections: map[string]*collMeta{
		"users": {name: "users", data: 2, primary: 3, indexes: []*indexMeta{
			{name: "by_age", path: "age", segs: []string{"age"}, file: 4},
			{name: "by_city", path: "address.city", segs: []string{"address", "city"}, file: 5},
		}},
		"orders": {name: "orders", data: 6, primary: 7},
	}}
}

func TestCatalogRoundTrip(t *testing.T) {
	c := sampleCatalog()
	b := c.encode()
	got, err := decodeCatalog(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.encode(), b) {
		t.Fatal("catalog does not round-trip")
	}
	if ix := got.collections["users"].indexes; len(ix) != 2 || ix[1].name != "by_city" || len(ix[1].segs) != 2 {
		t.Fatalf("indexes lost or reordered: %+v", ix)
	}
	for n := 0; n < len(b); n++ {
		if _, err := decodeCatalog(b[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
}

// TestCatalogChain stores a catalog spanning several pages, rewrites it
// smaller, and checks that the chain's pages are reused, not leaked.
func TestCatalogChain(t *testing.T) {
	st := page.NewMemStore()
	big := &catalog{collections: map[string]*collMeta{}}
	for i := 0; i < 400; i++ {
		n := strings.Repeat("c", 50) + string(rune('a'+i%26)) + string(rune('a'+i/26))
		big.collections[n] = &collMeta{name: n, data: uint32(i), primary: uint32(i + 1000)}
	}
	if err := storeCatalog(st, big); err != nil {
		t.Fatal(err)
	}
	pages, _ := catalogPages(st)
	if len(pages) < 2 {
		t.Fatalf("large catalog used %d pages", len(pages))
	}
	got, err := loadCatalog(st)
	if err != nil || len(got.collections) != 400 {
		t.Fatalf("load: %d collections, %v", len(got.collections), err)
	}
	if err := storeCatalog(st, sampleCatalog()); err != nil {
		t.Fatal(err)
	}
	if got, err := loadCatalog(st); err != nil || len(got.collections) != 2 {
		t.Fatalf("reload: %v", err)
	}
	if free := len(st.FreePages()); free != len(pages)-1 {
		t.Fatalf("%d pages free after shrinking from %d chain pages", free, len(pages))
	}
	// A flipped byte in a chain page is caught by the checksum.
	p, _ := catalogPages(st)
	pg, _ := st.Write(p[0])
	pg.Payload()[20] ^= 0xff
	if _, err := loadCatalog(st); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("corrupt chain: %v", err)
	}
}

func FuzzDecodeCatalog(f *testing.F) {
	f.Add(sampleCatalog().encode())
	f.Add([]byte("GCAT\x01\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeCatalog(b)
		if err != nil {
			return
		}
		if !bytes.Equal(c.encode(), b) {
			// Names are sorted on encode; only a canonical blob round-trips.
			if _, err := decodeCatalog(c.encode()); err != nil {
				t.Fatalf("re-encoded catalog does not decode: %v", err)
			}
		}
	})
}
