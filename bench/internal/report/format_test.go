package report

import (
	"math"
	"testing"
)

func TestNumber(t *testing.T) {
	for x, want := range map[float64]string{
		0:          "0",
		0.004567:   "0.00457",
		1.5:        "1.50",
		2:          "2.00",
		9.876:      "9.88",
		12.345:     "12.3",
		123.6:      "124",
		223456.7:   "223,457",
		2420000:    "2,420,000",
		-1234.2:    "-1,234",
		math.NaN(): "—",
	} {
		if got := Number(x); got != want {
			t.Errorf("Number(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestIntRatioBytes(t *testing.T) {
	if Int(1234567) != "1,234,567" || Int(12) != "12" || Int(-1000) != "-1,000" {
		t.Errorf("Int: %q %q %q", Int(1234567), Int(12), Int(-1000))
	}
	if Ratio(1.234) != "1.23×" || Ratio(0) != "—" || Ratio(250) != "250×" {
		t.Errorf("Ratio: %q %q %q", Ratio(1.234), Ratio(0), Ratio(250))
	}
	for n, want := range map[int64]string{
		512: "512 B", 2048: "2.0 KiB", 64 << 20: "64.0 MiB", 24 << 30: "24.0 GiB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
