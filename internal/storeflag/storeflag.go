// Package storeflag is what the repository's programs share about their
// -store flag, the string store.Open takes: how to show it.
package storeflag

import (
	"net/url"
	"regexp"
)

// scheme is the start of a URL, as store.Open tells one from a directory: a
// scheme of two characters or more (one letter is a Windows drive).
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

// IsURL reports whether store.Open takes target for a URL (memory: among
// them), not a directory.
func IsURL(target string) bool { return scheme.MatchString(target) }

// Redact returns target as messages may show it: a directory as it is, a
// URL without its password, and only the scheme of a URL that does not
// parse (it might hold a password url.Parse cannot find).
func Redact(target string) string {
	if !IsURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return scheme.FindString(target) + "..."
	}
	return u.Redacted()
}
