package text

import "testing"

func TestClean(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{name: "plain", in: "Invoices fail", want: "Invoices fail"},
		{name: "NUL and bell dropped", in: "Inv\x00oices\a fail", want: "Invoices fail"},
		{name: "line breaks become one space", in: "Invoices\r\n\tfail ", want: "Invoices fail"},
		{name: "C1 and DEL dropped", in: "a\u0085b\x7fc", want: "abc"},
		{name: "invalid UTF-8 replaced", in: "a\xffb", want: "a\uFFFDb"},
		{name: "escape sequence", in: "\x1b[31mred\x1b[0m", want: "[31mred[0m"},
		{name: "only controls", in: "\x00\x01", want: ""},
		{name: "unicode kept", in: "Rechnungen schlagen fehl — ß", want: "Rechnungen schlagen fehl — ß"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Clean(tc.in); got != tc.want {
				t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHasControl(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{{"T-1", false}, {"T\x00", true}, {"a\nb", true}, {"\xff", true}, {"Ünï", false}} {
		if got := HasControl(tc.in); got != tc.want {
			t.Errorf("HasControl(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
