package storeflag

import "testing"

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ name, target, want string }{
		{name: "directory", target: "/var/lib/hypercare", want: "/var/lib/hypercare"},
		{name: "relative directory", target: "hypercare-store", want: "hypercare-store"},
		{name: "windows drive", target: `C:\hypercare`, want: `C:\hypercare`},
		{name: "memory", target: "memory:", want: "memory:"},
		{name: "URL without password", target: "postgres://ana@db/helpdesk?schema=erp", want: "postgres://ana@db/helpdesk?schema=erp"},
		{name: "URL with password", target: "postgres://ana:s3cret@db/helpdesk?schema=erp", want: "postgres://ana:xxxxx@db/helpdesk?schema=erp"},
		// libpq and pgx also read a password from the query.
		{name: "password in the query", target: "postgres://ana@db/helpdesk?password=s3cret&schema=erp", want: "postgres://ana@db/helpdesk?password=xxxxx&schema=erp"},
		{name: "both passwords", target: "postgres://ana:s3cret@db/helpdesk?schema=erp&sslpassword=k3y&PASSWORD=s3cret", want: "postgres://ana:xxxxx@db/helpdesk?schema=erp&sslpassword=xxxxx&PASSWORD=xxxxx"},
		{name: "escaped parameter name", target: "postgres://db/x?pass%77ord=s3cret", want: "postgres://db/x?pass%77ord=xxxxx"},
		{name: "URL that does not parse", target: "postgres://ana:s3cret@db:port/x", want: "postgres:..."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Redact(tc.target); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.target, got, tc.want)
			}
		})
	}
}

func TestScheme(t *testing.T) {
	for _, tc := range []struct {
		target, want string
		ok           bool
	}{
		{"postgres://db/helpdesk", "postgres", true},
		{"MEMORY:", "MEMORY", true},
		{"svn+ssh://host", "svn+ssh", true},
		{`C:\hypercare`, "", false}, // a drive letter, not a scheme
		{"./db:1", "", false},
		{"db", "", false},
		{"1db:x", "", false}, // a scheme starts with a letter
		{"", "", false},
	} {
		got, ok := Scheme(tc.target)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Scheme(%q) = %q, %v, want %q, %v", tc.target, got, ok, tc.want, tc.ok)
		}
		if IsURL(tc.target) != tc.ok {
			t.Errorf("IsURL(%q) = %v, want %v", tc.target, !tc.ok, tc.ok)
		}
	}
}
