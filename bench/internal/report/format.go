package report

import (
	"math"
	"strconv"
	"strings"
)

// Number formats a figure for the table: thousands separated and no
// decimals from 100 up, one decimal from 10, two from 1, otherwise three
// significant digits.
func Number(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "—"
	case math.Abs(x) >= 100:
		return group(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	case math.Abs(x) >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case x == 0:
		return "0"
	case math.Abs(x) >= 1:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// Int formats an integer with thousands separators.
func Int(n int) string { return group(strconv.Itoa(n)) }

// group inserts a comma every three digits of an integer string.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Ratio formats a ratio as "1.23×".
func Ratio(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return "—"
	}
	if x >= 100 {
		return Number(x) + "×"
	}
	return strconv.FormatFloat(x, 'f', 2, 64) + "×"
}

// Bytes formats a byte count in binary units ("64.0 MiB").
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	f, i := float64(n), -1
	for f >= unit && i < 4 {
		f /= unit
		i++
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + string("KMGTP"[i]) + "iB"
}
