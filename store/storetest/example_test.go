package storetest_test

import (
	"testing"

	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/storetest"
)

// A backend proves itself by running the suite from its own tests. Durable
// backends are reopened on the same directory to check they kept
// everything.
func ExampleRun() {
	_ = func(t *testing.T) { // in a _test.go file: func TestConformance(t *testing.T)
		storetest.Run(t, storetest.Backend{
			Open:    func(dir string) (store.Store, error) { return store.OpenFile(dir) },
			Durable: true,
		})
	}
}
