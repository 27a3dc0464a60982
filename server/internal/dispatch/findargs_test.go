package dispatch

import (
	"errors"
	"testing"

	"github.com/grumpydb/grumpydb/engine"
)

func TestSplitFindArgs(t *testing.T) {
	for _, tc := range []struct{ in, filter, options, err string }{
		{`{}`, `{}`, ``, ``},
		{`  {"a": 1}   `, `{"a": 1}`, ``, ``},
		{`{"a":"} {"}{"limit": 2}`, `{"a":"} {"}`, `{"limit": 2}`, ``},
		{`{"a":"\"}"} {"sort": {"a": -1}}`, `{"a":"\"}"}`, `{"sort": {"a": -1}}`, ``},
		{`{} {} x`, ``, ``, `invalid JSON: trailing characters after options`},
		{`{} {} {}`, ``, ``, `invalid JSON: trailing characters after options`},
		{`{"a":[1,{"b":2}]}{}`, `{"a":[1,{"b":2}]}`, `{}`, ``},
		{`{ unclosed`, `{ unclosed`, ``, ``},
		{`5 {}`, `5 {}`, ``, ``},
		{`{} 7`, `{}`, `7`, ``},
		{`{}` + "\u00a0" + `{"limit":1}`, `{}`, `{"limit":1}`, ``},
	} {
		f, o, err := splitFindArgs(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err || !errors.Is(err, engine.ErrInvalidJSON) {
				t.Errorf("%q: err %v", tc.in, err)
			}
			continue
		}
		if err != nil || f != tc.filter || o != tc.options {
			t.Errorf("%q: %q, %q, %v", tc.in, f, o, err)
		}
	}
}

func FuzzSplitFindArgs(f *testing.F) {
	for _, s := range []string{`{}`, `{} {}`, `{"a":"}"} {"limit":1}`, `[`, `{"\\"}`, `{} {} x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		filter, options, err := splitFindArgs(s)
		if err != nil {
			return
		}
		if len(filter)+len(options) > len(s) {
			t.Fatalf("%q: parts longer than the input", s)
		}
	})
}
