package cli

import (
	"cmp"
	"net/url"
	"path/filepath"
	"regexp"
)

// unknownSchemeHint follows store.Open's error for a URL scheme this binary
// was built without: the backends with dependencies of their own live in
// modules of their own, and so do the binaries that link them in.
const unknownSchemeHint = `This hypercare command is built without that backend. For PostgreSQL, use the
one built with it, store/postgres/cmd/hypercare (in a checkout of the
repository: cd store/postgres && go install ./cmd/hypercare).`

// scheme is the start of a URL, as store.Open tells one from a directory.
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]+:`)

// hasScheme reports whether store.Open takes s for a URL, not a directory.
func hasScheme(s string) bool { return scheme.MatchString(s) }

// storeName is the store the command opens (-store, else the config's), as
// messages show it: a URL without its password.
func (a *app) storeName(c config) string {
	target := cmp.Or(a.store, c.Store)
	if !hasScheme(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return scheme.FindString(target) + "..." // unparsable: show no more than the scheme
	}
	return u.Redacted()
}

// configStore is the "store" init writes into the config at configPath:
// hypercare-store beside it, or -store — a directory made relative to the
// config file, as the config's paths are.
func (a *app) configStore(configPath string) (string, error) {
	if a.store == "" {
		return "hypercare-store", nil
	}
	if hasScheme(a.store) || filepath.IsAbs(a.store) {
		return a.store, nil
	}
	abs, err := filepath.Abs(a.store)
	if err != nil {
		return "", err
	}
	base, err := filepath.Abs(filepath.Dir(configPath))
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(base, abs); err == nil {
		return rel, nil
	}
	return abs, nil
}
