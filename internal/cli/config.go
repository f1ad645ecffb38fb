package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/internal/storeflag"
)

// config is the one JSON file the command works from (hypercare.json).
type config struct {
	// Store is where the store is, as store.Open takes it: a directory,
	// relative to the config file, or a URL.
	Store string `json:"store"`
	// Business is the business calendar: working hours and holidays. The
	// 90-day taper scenario of "hypercare plan" is laid out on it.
	Business *hypercare.Calendar `json:"business"`
	// Engagement is the hypercare itself, in the library's JSON: location,
	// go-live, planned end, phases (coverage, SLA policy, staffing,
	// ceremonies), the default SLA policy, the exit policy and the people.
	Engagement hypercare.Engagement `json:"engagement"`
	// Scheme names the severities as the firm calls them.
	Scheme hypercare.Scheme `json:"scheme,omitempty"`
	// Monitor configures the adoption flags.
	Monitor hypercare.MonitorConfig `json:"monitor"`
	// Rates price the staffing (plan) and feed the pitfall checks (status).
	Rates hypercare.Rates `json:"rates"`
	// Roster names the stored roster that status reports on.
	Roster string `json:"roster"`
	// Import says how "hypercare import" reads each helpdesk's exports.
	Import importConfig `json:"import,omitzero"`
}

// defaultConfig is the config file used when -config is not given.
const defaultConfig = "hypercare.json"

// loadConfig reads and checks the config file at path. Every error names the
// file, and where it can the line and the field.
func loadConfig(path string) (config, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return config{}, inputError{fmt.Errorf("%s: no such file: run \"hypercare init\" to write one, or name it with -config", path)}
	}
	if err != nil {
		return config{}, err // an I/O failure; *PathError names the file
	}
	return parseConfig(path, raw)
}

// parseConfig checks raw, the contents of the config file at path, as
// loadConfig does, and returns the config it holds.
func parseConfig(path string, raw []byte) (config, error) {
	data := stripComments(raw)
	var c config
	decode := func(b []byte, strict bool) error {
		c = config{}
		dec := json.NewDecoder(bytes.NewReader(b))
		if strict {
			dec.DisallowUnknownFields()
		}
		if err := dec.Decode(&c); err != nil {
			return err
		}
		if dec.More() {
			return fmt.Errorf("more than one JSON value")
		}
		return nil
	}
	if err := decodeFile(path, data, decode, func() ([]byte, error) { return json.Marshal(c) }); err != nil {
		return config{}, err
	}
	if err := decode(data, true); err != nil { // the probes left another value in c
		return config{}, &fileError{file: path, err: inputError{err}}
	}
	if err := c.check(); err != nil {
		var ce *checkError
		if errors.As(err, &ce) {
			// The line and field say where; the library's words say what.
			line := keyLine(data, ce.field)
			for p := ce.field; line == 0 && strings.Contains(p, "."); { // a missing key: the line of the one around it
				p = p[:strings.LastIndex(p, ".")]
				line = keyLine(data, p)
			}
			return config{}, &fileError{file: path, line: line, field: ce.field, err: inputError{reasonError{ce.err}}}
		}
		return config{}, err
	}
	if !filepath.IsAbs(c.Store) && !storeflag.IsURL(c.Store) {
		c.Store = filepath.Join(filepath.Dir(path), c.Store)
	}
	return c, nil
}

// checkError is a config that decodes but does not hold together.
type checkError struct {
	field string
	err   error
}

func (e *checkError) Error() string { return e.field + ": " + e.err.Error() }

// reasonError is a library error without its "hypercare: ": a file, line
// and field say where it is.
type reasonError struct{ err error }

func (e reasonError) Error() string { return strings.TrimPrefix(e.err.Error(), "hypercare: ") }
func (e reasonError) Unwrap() error { return e.err }

// check reports the first field of c that is missing or invalid.
func (c config) check() error {
	bad := func(field string, err error) error { return &checkError{field, err} }
	switch {
	case c.Store == "":
		return bad("store", errors.New("missing: the store's directory or URL"))
	case c.Business.IsAlways():
		return bad("business", errors.New("missing: the business calendar, such as {\"location\": \"Europe/Berlin\", \"spec\": \"Mon-Fri 09:00-17:00\"}"))
	case c.Roster == "":
		return bad("roster", errors.New("missing: the name of the stored roster to report on"))
	}
	if err := c.Engagement.Validate(); err != nil {
		return bad("engagement", err)
	}
	if c.Scheme != nil {
		if err := c.Scheme.Validate(); err != nil {
			return bad("scheme", err)
		}
	}
	// Rates, when set, must cost the engagement, as the pitfall checks of
	// status and the cost of plan will.
	if c.Rates.Currency != "" || len(c.Rates.Hourly) > 0 {
		if _, err := c.Engagement.Cost(c.Rates); err != nil {
			return bad(c.ratesField(), err)
		}
	}
	for _, src := range slices.Sorted(maps.Keys(c.Import.Mappings)) {
		field := "import.mappings." + src
		if _, ok := sources[src]; !ok {
			return bad(field, fmt.Errorf("unknown source %q (want one of %s)", src, strings.Join(sourceNames(), ", ")))
		}
		if err := c.Import.Mappings[src].Validate(); err != nil {
			return bad(field, err)
		}
	}
	return nil
}

// ratesField returns the key of the config's rates that Engagement.Cost
// rejects: the currency, else the first negative rate, else "rates.hourly"
// (a staffed role without a rate).
func (c config) ratesField() string {
	cur := c.Rates.Currency
	if len(cur) != 3 || strings.Trim(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "rates.currency"
	}
	for _, role := range slices.Sorted(maps.Keys(c.Rates.Hourly)) {
		if c.Rates.Hourly[role].IsNegative() {
			return "rates.hourly." + role.String()
		}
	}
	return "rates.hourly"
}

// keyLine returns the line of the key at path in the JSON document data, or
// 0 if there is none.
func keyLine(data []byte, path string) int {
	root, err := parseTree(data)
	if err != nil {
		return 0
	}
	var find func(v *jsonValue) int
	find = func(v *jsonValue) int {
		if v.path == path {
			return lineOf(data, v.keyOff)
		}
		for _, c := range v.children {
			if n := find(c); n > 0 {
				return n
			}
		}
		return 0
	}
	return find(root)
}

// configComments are the comments "hypercare init" writes above each key,
// by path.
var configComments = map[string][]string{
	"store": {"The store: issues, sign-offs, adoption samples and rosters live there.",
		"A directory, relative to this file (the file store), or a URL such as",
		"postgres://host/db (with the hypercare command of store/postgres/cmd/hypercare)."},
	"business": {"The business calendar: working hours (\"Mon-Fri 09:00-17:00; Sat 10:00-14:00\")",
		"and holidays (\"holidays\": [\"2026-12-25\"]). The 90-day taper scenario of",
		"\"hypercare plan\" is laid out on it."},
	"engagement": {"The hypercare, in the library's own JSON (hypercare.Engagement). Times are",
		"RFC 3339, durations Go durations (\"4h0m0s\"), times of day \"09:00\"."},
	"engagement.location": {"The home zone: \"a day\" of the hypercare is a calendar day here."},
	"engagement.go_live":  {"Go-live, and the planned end of hypercare."},
	"engagement.policy":   {"The SLA policy outside any phase that sets its own: per severity, a", "first-response and a resolution target on a calendar (none: 24x7)."},
	"engagement.phases":   {"Phases of decreasing intensity, from go-live (day 0): coverage, SLA", "policy, staffing (priced by \"rates\") and ceremonies (\"hypercare plan -ics\")."},
	"engagement.people":   {"Who works on the hypercare: team project or steady-state; roles lead,", "triage, change-manager, sponsor, agent; skills; zone; time off."},
	"engagement.exit":     {"The exit criteria \"hypercare exit\" judges; the sponsor's sign-off is the last gate."},
	"scheme":              {"What the firm calls each severity (shown in reports)."},
	"monitor":             {"The adoption monitor: which flag rules, targets per metric, ramp-up", "(hypercare.MonitorConfig)."},
	"rates":               {"Hourly rates per role, for the plan's cost and the pitfall checks."},
	"roster":              {"The stored roster (who is on call when) that status reports on."},
}

// configHeader opens the file "hypercare init" writes.
var configHeader = []string{
	"hypercare.json: the configuration of the hypercare command.",
	"",
	"Lines starting with // are comments; a comment cannot follow a value on its",
	"line. An unknown key is an error, so a typo does not go unnoticed.",
	"Edit freely: every command reads this file, and keeps the engagement in the",
	"store in step with it.",
}

// encodeConfig returns c as the commented JSON "hypercare init" writes.
func encodeConfig(c config) ([]byte, error) {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	// The line of each key with a comment, then the lines with the comments.
	before := map[int][]string{}
	var walk func(v *jsonValue)
	walk = func(v *jsonValue) {
		if lines := configComments[v.path]; len(lines) > 0 && v.key != "" {
			before[lineOf(data, v.keyOff)] = lines
		}
		for _, c := range v.children {
			walk(c)
		}
	}
	walk(root)
	var b bytes.Buffer
	for _, l := range configHeader {
		b.WriteString(strings.TrimRight("// "+l, " ") + "\n")
	}
	for i, line := range strings.Split(string(data), "\n") {
		if lines := before[i+1]; len(lines) > 0 {
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
			if i > 1 {
				b.WriteString("\n")
			}
			for _, l := range lines {
				b.WriteString(indent + "// " + l + "\n")
			}
		}
		b.WriteString(line + "\n")
	}
	return b.Bytes(), nil
}

// configPaths lists the paths with a comment, so a test can check each is a
// real key.
func configPaths() []string {
	var out []string
	for p, lines := range configComments {
		if len(lines) > 0 {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}
