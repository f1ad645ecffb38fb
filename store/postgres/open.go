package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/hypercare-go/hypercare/store"
)

// Importing this package registers the schemes postgres and postgresql with
// store.Open (see openURL).
func init() {
	store.Register("postgres", openURL)
	store.Register("postgresql", openURL)
}

// openURL opens the store at a postgres:// or postgresql:// URL: it is
// store.Open's opener for those schemes. Two query
// parameters are the store's, not the driver's, and are removed before the
// URL goes to Open: schema (Options.Schema) and migrate (Options.Migrate:
// true or false, as strconv.ParseBool reads them). The rest goes to pgx
// (pool_max_conns, sslmode, ...):
//
//	postgres://hypercare@db.example.com/helpdesk?schema=erp&migrate=true
//
// It returns an error wrapping store.ErrInvalid for a URL that does not
// parse or a bad migrate value, and otherwise what Open returns. Its errors
// never show the URL's password.
func openURL(ctx context.Context, rawURL string) (store.Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL, which may hold a password
		}
		return nil, fmt.Errorf("postgres: open: %w: the URL does not parse: %w", store.ErrInvalid, err)
	}
	q := u.Query()
	opts := Options{Schema: q.Get("schema")}
	if m := q.Get("migrate"); m != "" {
		if opts.Migrate, err = strconv.ParseBool(m); err != nil {
			return nil, fmt.Errorf("postgres: open: %w: migrate=%q: want true or false", store.ErrInvalid, m)
		}
	}
	q.Del("schema")
	q.Del("migrate")
	u.RawQuery = q.Encode()
	s, err := Open(ctx, u.String(), opts)
	if err != nil {
		return nil, err // not a nil *Store in a non-nil store.Store
	}
	return s, nil
}
