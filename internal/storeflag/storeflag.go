// Package storeflag is what the repository's programs and store.Open share
// about the -store flag, the string store.Open takes: how to tell a URL
// from a directory, and how to show it.
package storeflag

import (
	"net/url"
	"regexp"
	"strings"
)

// scheme is the start of a URL (RFC 3986), as store.Open tells one from a
// directory: a scheme of two characters or more (a single letter before a
// colon is a Windows drive, part of a path).
var scheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// Scheme returns the URL scheme target starts with, as written (without
// its colon), and whether it starts with one: whether store.Open takes
// target for a URL (memory: among them), not a directory.
func Scheme(target string) (string, bool) {
	m := scheme.FindStringSubmatch(target)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// IsURL reports whether store.Open takes target for a URL (memory: among
// them), not a directory.
func IsURL(target string) bool { return scheme.MatchString(target) }

// Redact returns target as messages may show it: a directory as it is, a
// URL without its passwords (in the user info, and in the query parameters
// libpq and pgx read one from: password and sslpassword), and only the
// scheme of a URL that does not parse (it might hold a password url.Parse
// cannot find).
func Redact(target string) string {
	if !IsURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return scheme.FindString(target) + "..."
	}
	if u.RawQuery != "" {
		params := strings.Split(u.RawQuery, "&")
		for i, p := range params {
			key, _, _ := strings.Cut(p, "=")
			if k, err := url.QueryUnescape(key); err != nil || secretParams[strings.ToLower(k)] {
				params[i] = key + "=xxxxx" // as Redacted shows a user info password
			}
		}
		u.RawQuery = strings.Join(params, "&")
	}
	return u.Redacted()
}

// secretParams are the query parameters of a connection URL that hold a
// password.
var secretParams = map[string]bool{"password": true, "sslpassword": true}
