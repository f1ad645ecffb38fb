package postgres

import (
	"context"
	"testing"

	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/storetest"
)

// TestConformance runs the store package's conformance suite, the same the
// memory and file backends pass, against a real server. Each directory the
// suite hands out names a schema of its own.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Open: func(dir string) (store.Store, error) {
			return Open(context.Background(), fastURL(), Options{Schema: testSchema(dir), Migrate: true})
		},
		Durable: true,
	})
}
