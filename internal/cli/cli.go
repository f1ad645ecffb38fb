package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// The exit codes (documented in the package comment).
const (
	exitOK       = 0 // success; for "exit", ready to exit
	exitNotReady = 1 // "exit": not ready
	exitInput    = 2 // usage or input error: bad flags, config, team file, TIME
	exitFailure  = 3 // store or I/O failure
)

// app is one run of the command: where it writes and what "now" is.
type app struct {
	out, errOut io.Writer
	now         func() time.Time
	store       string // -store, if given: the store instead of the config's
}

// command is a subcommand.
type command struct {
	name    string
	summary string
	run     func(a *app, args []string) error
}

// commands lists the subcommands in the order help shows them.
var commands = []command{
	{"init", "write a commented hypercare.json and create the store and engagement", (*app).init},
	{"status", "the status report: daily for the sponsor and users, weekly for leadership", (*app).status},
	{"clocks", "SLA clocks of open issues, one tab-separated line each", (*app).clocks},
	{"exit", "the exit verdict with reasons; exit code 0 when ready, 1 when not", (*app).exit},
	{"rota", "plan a fair rota, its fairness against L*, its calendar", (*app).rota},
	{"plan", "phases, ceremonies, cost and scenarios for the statement of work", (*app).plan},
	{"import", "merge a helpdesk export (jsm, zendesk, servicenow, csv) into the store", (*app).importIssues},
}

// synopses are the command lines of the subcommands, after their names.
var synopses = map[string]string{
	"init":   "[-id ID] [-go-live TIME] [-weeks N] [-calendar SPEC] [-zone ZONE] [-force]",
	"status": "[-at TIME] [-format " + strings.Join(formatNames(), "|") + "] [-weekly]",
	"clocks": "[-at TIME] [-at-risk]",
	"exit":   "[-at TIME]",
	"rota":   "plan TEAM.json [-ics FILE] [-save]",
	"plan":   "[-ics FILE] [-extend DAYS]",
	"import": "-from " + strings.Join(sourceNames(), "|") + " [-audit FILE] FILE",
}

// Main runs the hypercare command with args (without the program name),
// writing to stdout and stderr, and returns the exit code (0 success, 1 "exit"
// found the hypercare not ready, 2 usage or input error, 3 store or I/O
// failure). "Now" is the machine's clock.
func Main(args []string, stdout, stderr io.Writer) int {
	a := &app{out: stdout, errOut: stderr, now: time.Now}
	return a.run(args)
}

// run runs the command line args (without the program name) and returns the
// exit code.
func (a *app) run(args []string) int {
	if len(args) == 0 {
		a.usage(a.errOut)
		return exitInput
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return a.finish("help", a.help(rest))
	}
	for _, c := range commands {
		if c.name == name {
			return a.finish(name, c.run(a, rest))
		}
	}
	fmt.Fprintf(a.errOut, "hypercare: unknown command %q\n\n", name)
	a.usage(a.errOut)
	return exitInput
}

// finish prints err, if any, and returns the exit code it means.
func (a *app) finish(name string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errHelp) {
		return exitOK
	}
	if errors.Is(err, errNotReady) {
		return exitNotReady
	}
	fmt.Fprintf(a.errOut, "hypercare %s: %v\n", name, err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(a.errOut, "run \"hypercare %s -h\" for its flags\n", name)
	}
	return exitCode(err)
}

// exitCode returns the exit code for err: exitInput for a usage or input
// error, exitFailure for anything else (the store, the disk).
func exitCode(err error) int {
	var ue usageError
	var ie inputError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.As(err, &ie),
		errors.Is(err, hypercare.ErrInvalid), errors.Is(err, store.ErrInvalid):
		return exitInput
	}
	return exitFailure
}

// usageError is a bad command line: an unknown flag, a missing argument, a
// bad TIME.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// inputError is bad input in a file: the config or a team file.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

var (
	// errHelp: -h was asked for and the flags were printed.
	errHelp = errors.New("help shown")
	// errNotReady: "exit" found the hypercare not ready; the verdict says why.
	errNotReady = errors.New("not ready to exit")
)

// usage prints the list of commands.
func (a *app) usage(w io.Writer) {
	fmt.Fprint(w, `hypercare runs a hypercare from one config file (hypercare.json) and a
store: the status report, SLA clocks, the exit verdict, the rota, the plan
and helpdesk imports. Every command takes -config FILE (default
hypercare.json), -store STORE (a directory, memory: or a URL, instead of the
config's "store") and -h.

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-7s %s\n", "help", "this list, or with a command's name its flags")
	fmt.Fprint(w, `
Exit codes: 0 success (exit: ready), 1 exit: not ready, 2 usage or input
error, 3 store or I/O failure. "hypercare help COMMAND" shows a command's flags.
`)
}

// help prints the list of commands, or a command's flags.
func (a *app) help(args []string) error {
	if len(args) == 0 {
		a.usage(a.out)
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(a, []string{"-h"})
		}
	}
	return usageError{fmt.Errorf("unknown command %q", args[0])}
}

// flags is a subcommand's flag set, with -config and the synopsis.
type flags struct {
	*flag.FlagSet
	name   string
	config string
	store  string
	about  string
}

// newFlags returns the flag set of the named command; about is printed under
// the synopsis by -h.
func (a *app) newFlags(name, about string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), name: name, about: about}
	f.SetOutput(io.Discard)
	f.StringVar(&f.config, "config", defaultConfig, "the config `FILE`")
	f.StringVar(&f.store, "store", "", "the `STORE` instead of the config's: a directory, memory:, or a URL such as postgres://host/db (PostgreSQL needs the hypercare command of store/postgres/cmd/hypercare)")
	return f
}

// parse parses args, flags and arguments in any order, and returns the
// arguments. -h prints the synopsis and the flags to standard output and
// returns errHelp.
func (a *app) parse(f *flags, args []string) ([]string, error) {
	var rest []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(a.out, "usage: hypercare %s %s\n\n%s\n\nFlags:\n", f.name, synopses[f.name], strings.TrimSpace(f.about))
				f.SetOutput(a.out)
				f.PrintDefaults()
				return nil, errHelp
			}
			return nil, usageError{err}
		}
		if f.NArg() == 0 {
			a.store = f.store
			return rest, nil
		}
		rest = append(rest, f.Arg(0))
		args = f.Args()[1:]
	}
}
