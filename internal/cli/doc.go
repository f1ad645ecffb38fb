// Package cli is the hypercare command: its subcommands, config file and exit
// codes, documented in cmd/hypercare. It lives here, importable, so that
// every binary of the repository that is the hypercare command (cmd/hypercare,
// and the one in the store/postgres module with PostgreSQL linked in) runs
// the same code through Main.
package cli

import _ "time/tzdata" // engagement zones load by name on any machine
