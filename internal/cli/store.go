package cli

import (
	"cmp"
	"path/filepath"

	"github.com/hypercare-go/hypercare/internal/storeflag"
)

// unknownSchemeHint follows store.Open's error for a URL scheme this binary
// was built without: the backends with dependencies of their own live in
// modules of their own, and so do the binaries that link them in.
const unknownSchemeHint = `This hypercare command is built without that backend. For PostgreSQL, use the
one built with it, store/postgres/cmd/hypercare (in a checkout of the
repository: cd store/postgres && go install ./cmd/hypercare).`

// storeName is the store the command opens (-store, else the config's), as
// messages show it: a URL without its password.
func (a *app) storeName(c config) string { return storeflag.Redact(cmp.Or(a.store, c.Store)) }

// configStore is the "store" init writes into the config at configPath:
// hypercare-store beside it, or -store — a directory made relative to the
// config file, as the config's paths are.
func (a *app) configStore(configPath string) (string, error) {
	if a.store == "" {
		return "hypercare-store", nil
	}
	if storeflag.IsURL(a.store) || filepath.IsAbs(a.store) {
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
