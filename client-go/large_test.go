package client

import (
	"errors"
	"strings"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

// TestLargeDocuments works near the limits: requests up to the 1 MiB line
// limit, and a resolved document (and a scan) answered with close to the
// 16 MiB bulk limit.
func TestLargeDocuments(t *testing.T) {
	_, db := testDB(t)
	c := ctx(t)
	if err := db.CreateCollection(c, "big"); err != nil {
		t.Fatal(err)
	}
	// The largest string that fits one INSERT line: the line is
	// `INSERT big <36-char uuid> "<s>"` plus LF.
	maxStr := protocol.MaxLine - len("INSERT big ") - 36 - len(` ""`) - 1
	if err := db.Insert(c, "big", keyN(0), strings.Repeat("x", maxStr)); err != nil {
		t.Fatalf("insert at the line limit: %v", err)
	}
	if v, err := db.Get(c, "big", keyN(0)); err != nil || len(v.Str()) != maxStr {
		t.Fatalf("get at the line limit: %d %v", len(v.Str()), err)
	}
	if err := db.Insert(c, "big", keyN(1), strings.Repeat("x", maxStr+1)); !errors.Is(err, ErrRequestTooLarge) {
		t.Fatalf("insert over the line limit: %v", err)
	}
	if err := db.Delete(c, "big", keyN(0)); err != nil {
		t.Fatal(err)
	}
	// 16 parts of ~1 MB, resolved into one ~16.6 MB document.
	const parts, partLen = 16, 1_040_000
	var refs []engine.Value
	for i := range parts {
		k := keyN(10 + i)
		if err := db.Insert(c, "big", k, strings.Repeat(string(rune('a'+i)), partLen)); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, engine.Ref("big", k))
	}
	root := keyN(1000)
	if err := db.Insert(c, "big", root, engine.Array(refs...)); err != nil {
		t.Fatal(err)
	}
	res, err := db.Resolve(c, "big", root, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Len() != parts || len(res.Index(parts-1).Str()) != partLen || res.Index(3).Str()[0] != 'd' {
		t.Fatalf("resolved %d elements", res.Len())
	}
	if size := len(res.String()); size < 16_600_000 || size > protocol.MaxBulk {
		t.Fatalf("resolved size %d", size)
	}
	all, err := db.Scan(c, "big")
	if err != nil || len(all) != parts+1 {
		t.Fatalf("scan %d %v", len(all), err)
	}
	// One more part pushes the resolved form past 16 MiB.
	extra := keyN(10 + parts)
	if err := db.Insert(c, "big", extra, strings.Repeat("z", partLen)); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(c, "big", root, engine.Array(append(refs, engine.Ref("big", extra))...)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Resolve(c, "big", root, 1); !errors.Is(err, ErrDocumentTooLarge) {
		t.Fatalf("resolve over the limit: %v", err)
	}
	// The connection is still in step after the large answers.
	if n, err := db.Count(c, "big"); err != nil || n != parts+2 {
		t.Fatalf("count %d %v", n, err)
	}
}
