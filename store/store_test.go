package store_test

import (
	"testing"

	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/storetest"
)

func TestMemoryConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Open: func(string) (store.Store, error) { return store.NewMemory(), nil },
	})
}

func TestFileConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Open:    func(dir string) (store.Store, error) { return store.OpenFile(dir) },
		Durable: true,
	})
}
