package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hypercare-go/hypercare/internal/storeflag"
)

// Opener opens the store that target names, for Open. target is the string
// given to Open, whole: a URL whose scheme the Opener was registered for.
// The error it returns should not repeat target, which may hold a password.
type Opener func(ctx context.Context, target string) (Store, error)

// ErrUnknownScheme: Open was given a URL whose scheme no backend
// registered (see Register). Open's error for it wraps ErrInvalid too.
var ErrUnknownScheme = errors.New("store: no backend registered for the scheme")

var (
	openersMu sync.RWMutex
	openers   = map[string]Opener{}
)

// providers are the packages known to register a scheme, for Open's error
// when one is not linked in.
var providers = map[string]string{
	"postgres":   "github.com/hypercare-go/hypercare/store/postgres",
	"postgresql": "github.com/hypercare-go/hypercare/store/postgres",
}

// Register makes Open hand the targets whose URL scheme is scheme (compared
// without regard to case) to open, as database/sql drivers register: a
// backend calls it from an init function, so that importing its package is
// enough. It panics — at init, a programming error — if open is nil, scheme
// is not a URL scheme of two characters or more, is "memory" (built in), or
// is registered already.
func Register(scheme string, open Opener) {
	s := strings.ToLower(scheme)
	switch {
	case open == nil:
		panic(fmt.Sprintf("store: Register(%q): nil Opener", scheme))
	case !isScheme(s):
		panic(fmt.Sprintf("store: Register(%q): not a URL scheme of two characters or more", scheme))
	case s == "memory":
		panic(fmt.Sprintf("store: Register(%q): the memory store is built in", scheme))
	}
	openersMu.Lock()
	defer openersMu.Unlock()
	if _, dup := openers[s]; dup {
		panic(fmt.Sprintf("store: Register(%q): registered twice", scheme))
	}
	openers[s] = open
}

func isScheme(s string) bool {
	sc, ok := storeflag.Scheme(s + ":")
	return ok && sc == s
}

// Open opens the store that target names, the way a command-line flag or a
// config file says where the store is:
//
//   - "memory:" is a new, empty Memory store (NewMemory);
//   - a URL, scheme:..., goes to the backend registered for its scheme
//     (Register): "postgres://host/db" to the PostgreSQL backend once
//     github.com/hypercare-go/hypercare/store/postgres is imported;
//   - anything else is a directory, opened as a File store (OpenFile).
//
// It returns ctx.Err() if ctx is done; an error wrapping ErrInvalid for an
// empty target or "memory:" followed by anything; and one wrapping both
// ErrUnknownScheme and ErrInvalid, naming the scheme and, when it is known,
// the package to import, for a scheme no backend registered. Otherwise it
// returns what the backend's open returns. Trap: a directory whose name
// looks like a URL ("db:1") must be written as a path ("./db:1").
func Open(ctx context.Context, target string) (Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sc, isURL := storeflag.Scheme(target)
	switch {
	case target == "":
		return nil, fmt.Errorf("store: open: %w: empty target: want a directory, memory: or a URL", ErrInvalid)
	case !isURL:
		return OpenFile(target)
	}
	name := strings.ToLower(sc)
	if name == "memory" {
		if len(target) != len(sc)+1 {
			return nil, fmt.Errorf("store: open %q: %w: the memory store takes nothing after \"memory:\" (a directory must be written as a path)", target, ErrInvalid)
		}
		return NewMemory(), nil
	}
	openersMu.RLock()
	open := openers[name]
	openersMu.RUnlock()
	if open == nil {
		return nil, unknownScheme(name)
	}
	return open(ctx, target)
}

// unknownScheme is Open's error for a scheme no backend registered.
func unknownScheme(name string) error {
	msg := fmt.Sprintf("%v %q", ErrUnknownScheme, name)
	if pkg, ok := providers[name]; ok {
		msg += fmt.Sprintf(`: import _ %q, a module of its own, to register it`, pkg)
	} else if name == "file" {
		msg += ": give the directory as a path, not as a file: URL"
	}
	return also{also{errors.New(msg), ErrUnknownScheme}, ErrInvalid}
}
