package workload

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/grumpydb/grumpydb/bench/internal/keygen"
	"github.com/grumpydb/grumpydb/bench/internal/roundtrip"
)

func TestVerifiedMapsRoundTripFailures(t *testing.T) {
	for _, tc := range []struct {
		in         error
		wantVerify bool
	}{
		{nil, false},
		{fmt.Errorf("S1 grumpydb C=1 P=1 sample 0: %w", fmt.Errorf("%w: GET answered $-1", roundtrip.ErrVerify)), true},
		{roundtrip.ErrStart, false},
		{io.ErrUnexpectedEOF, false},
	} {
		_, err := verified(nil, tc.in)
		if errors.Is(err, ErrVerify) != tc.wantVerify {
			t.Errorf("verified(%v) = %v; ErrVerify %v, want %v", tc.in, err, errors.Is(err, ErrVerify), tc.wantVerify)
		}
		if tc.in != nil && !errors.Is(err, tc.in) {
			t.Errorf("verified(%v) = %v lost the cause", tc.in, err)
		}
	}
}

// TestR10JSON checks S1 is given R10's keys and the compact JSON of its
// small documents.
func TestR10JSON(t *testing.T) {
	keys, docs, err := r10JSON(2000)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := keygen.UUIDs(0x5EED0010, 2000)
	if len(keys) != 2000 || len(docs) != 2000 || keys[0] != want[0] || keys[1999] != want[1999] {
		t.Fatalf("keys are not R10's: %d keys, %d docs", len(keys), len(docs))
	}
	for i, want := range map[int]string{
		0:    `{"name":"user_0","age":0,"active":true}`,
		1:    `{"name":"user_1","age":1,"active":false}`,
		1999: `{"name":"user_1999","age":999,"active":false}`,
	} {
		if got := string(docs[i]); got != want {
			t.Errorf("document %d = %s, want %s", i, got, want)
		}
	}
}
