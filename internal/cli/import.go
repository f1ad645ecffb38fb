package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/csv"
	"github.com/hypercare-go/hypercare/ingest/jsm"
	"github.com/hypercare-go/hypercare/ingest/servicenow"
	"github.com/hypercare-go/hypercare/ingest/zendesk"
)

// importConfig is the "import" part of the config: how to read each
// helpdesk's exports.
type importConfig struct {
	// Mappings are, by source (jsm, zendesk, servicenow, csv), the map from
	// the helpdesk's priorities, statuses, types, groups and agents to the
	// domain. A source without one uses its product's out-of-the-box
	// values; csv has none and needs one.
	Mappings map[string]hypercare.Mapping `json:"mappings,omitempty"`
	// CSV says how to read a CSV file: its columns, time layout and
	// separator.
	CSV *csv.Config `json:"csv,omitempty"`
	// CSVZone is the IANA zone of CSV times without an offset.
	CSVZone string `json:"csv_zone,omitempty"`
}

// sources are the helpdesks import reads, with their out-of-the-box
// mappings (csv has none).
var sources = map[string]func() hypercare.Mapping{
	"jsm":        hypercare.JSMMapping,
	"zendesk":    hypercare.ZendeskMapping,
	"servicenow": hypercare.ServiceNowMapping,
	"csv":        nil,
}

func sourceNames() []string { return slices.Sorted(maps.Keys(sources)) }

// importIssues reads a helpdesk export and merges its issues into the store.
func (a *app) importIssues(args []string) error {
	f := a.newFlags("import", `
Reads a helpdesk's export FILE and merges its tickets, as issues of the
config's engagement, into the store: new tickets are created, new events
appended, events already stored (by the helpdesk's own IDs) skipped, so
importing the same or an overlapping export again changes nothing. Prints
what it added, changed and held (events that arrived out of order and wait
for the events before them).

Sources (-from):
  jsm         Jira Service Management: a page of GET /rest/api/3/search
              with expand=changelog
  zendesk     Zendesk: a page of the incremental ticket event export
              (GET /api/v2/incremental/ticket_events)
  servicenow  ServiceNow: the incidents of GET /api/now/table/incident, with
              their field history from -audit (GET /api/now/table/sys_audit)
  csv         one row per event, read as the config's "import.csv" says

The config's "import.mappings" may hold, by source, a mapping from the
helpdesk's priorities, statuses, types, groups and agents to the domain;
without one a source uses its product's out-of-the-box values (csv needs
one). On a terminal, a progress line shows how much of FILE is read.`)
	from := f.String("from", "", "the `SOURCE`: "+strings.Join(sourceNames(), ", "))
	audit := f.String("audit", "", "servicenow: the audit history `FILE` (sys_audit rows of the incidents)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	defaults, ok := sources[*from]
	switch {
	case !ok:
		return usageError{fmt.Errorf("-from %q: want one of %s", *from, strings.Join(sourceNames(), ", "))}
	case len(rest) != 1:
		return usageError{fmt.Errorf("want one export FILE, got %d arguments", len(rest))}
	case *audit != "" && *from != "servicenow":
		return usageError{fmt.Errorf("-audit is for -from servicenow, not %s", *from)}
	}
	cfg, err := loadConfig(f.config)
	if err != nil {
		return err
	}
	m, ok := cfg.Import.Mappings[*from]
	switch {
	case !ok && defaults == nil:
		return inputError{fmt.Errorf("%s: import.mappings.%s: missing: a %s file has no out-of-the-box values to map", f.config, *from, *from)}
	case !ok:
		m = defaults()
	}
	issues, err := a.readExport(*from, rest[0], *audit, cfg, m)
	if err != nil {
		return err
	}
	for i := range issues {
		issues[i].Engagement = cfg.Engagement.ID
	}
	ctx := context.Background()
	s, err := openStore(ctx, cfg, a)
	if err != nil {
		return err
	}
	r, err := s.MergeIssues(ctx, issues)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "%s: %s\n", rest[0], r)
	return nil
}

// readExport reads the export at path (and, for servicenow, the audit file)
// into issues; errors name the file.
func (a *app) readExport(from, path, audit string, cfg config, m hypercare.Mapping) ([]hypercare.Issue, error) {
	file, err := a.openProgress(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var issues []hypercare.Issue
	switch from {
	case "jsm":
		issues, _, err = jsm.Import(file, m)
	case "zendesk":
		var x zendesk.Export
		x, err = zendesk.Import(file, m)
		issues = x.Issues
	case "servicenow":
		var audits io.Reader = strings.NewReader(`{"result":[]}`)
		if audit != "" {
			af, aerr := os.Open(audit)
			if aerr != nil {
				return nil, inputError{aerr}
			}
			defer af.Close()
			audits = af
		}
		issues, err = servicenow.Import(file, audits, m)
	case "csv":
		issues, err = readCSV(file, path, cfg)
	}
	file.done()
	if err != nil {
		return nil, inputError{fmt.Errorf("%s: %w", path, err)}
	}
	return issues, nil
}

func readCSV(r io.Reader, path string, cfg config) ([]hypercare.Issue, error) {
	if cfg.Import.CSV == nil {
		return nil, fmt.Errorf("the config has no \"import.csv\": the columns and time layout of the file")
	}
	c := *cfg.Import.CSV
	if cfg.Import.CSVZone != "" {
		zone, err := time.LoadLocation(cfg.Import.CSVZone)
		if err != nil {
			return nil, fmt.Errorf("import.csv_zone %q: %w", cfg.Import.CSVZone, err)
		}
		c.Zone = zone
	}
	m := cfg.Import.Mappings["csv"]
	return csv.Import(r, c, m)
}

// progressFile is an export being read, showing on a terminal how much of it
// has been read.
type progressFile struct {
	*os.File
	name     string
	size     int64
	read     int64
	shown    time.Time
	terminal io.Writer // nil: no progress line
}

// openProgress opens path for reading; the progress line goes to standard
// error when that is a terminal, and nowhere otherwise.
func (a *app) openProgress(path string) (*progressFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, inputError{err}
	}
	p := &progressFile{File: f, name: path}
	if fi, err := f.Stat(); err == nil {
		p.size = fi.Size()
	}
	if isTerminal(a.errOut) {
		p.terminal = a.errOut
	}
	return p, nil
}

func (p *progressFile) Read(b []byte) (int, error) {
	n, err := p.File.Read(b)
	p.read += int64(n)
	if p.terminal != nil && p.size > 0 && time.Since(p.shown) > 200*time.Millisecond {
		p.shown = time.Now()
		fmt.Fprintf(p.terminal, "\rhypercare import: %s: %3.0f%% of %s read", p.name, 100*float64(p.read)/float64(p.size), megabytes(p.size))
	}
	return n, err
}

// done ends the progress line, if one was shown.
func (p *progressFile) done() {
	if p.terminal != nil && !p.shown.IsZero() {
		fmt.Fprintf(p.terminal, "\r%s\r", bytes.Repeat([]byte(" "), 60+len(p.name)))
	}
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// isTerminal reports whether w is a character device, a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
