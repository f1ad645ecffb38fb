// Command hypercare runs a hypercare from the command line, for the leads who
// run one day to day: the status report, the SLA clocks, the exit verdict,
// the rota, the plan and helpdesk imports, over a store and one config file.
//
//	go install github.com/hypercare-go/hypercare/cmd/hypercare@latest
//
// This binary opens a file store (a directory) or memory:. The same
// command with PostgreSQL linked in, for a store shared by many processes
// (-store postgres://host/db), is built in its own module, from a checkout
// of the repository:
//
//	cd store/postgres && go install ./cmd/hypercare
//
// # A two-minute tour
//
//	hypercare init -id erp -zone Europe/Berlin -go-live "2026-10-19 08:00" -weeks 4
//	    # writes hypercare.json (commented) and creates the store beside it
//	$EDITOR hypercare.json
//	    # people, phases, SLA targets, exit criteria, rates: it is all there
//	hypercare plan -ics ceremonies.ics
//	    # phases, ceremonies, staffing cost; planned vs extended vs 90-day taper
//	hypercare rota plan team.json -ics rota.ics -save
//	    # a fair rota against the lower bound L*; -save puts it in the store
//	    # (team.json as in examples/rotation)
//	hypercare import -from zendesk ticket_events.json
//	    # merges the helpdesk's export into the store; run it again with the
//	    # next export: what is already stored is skipped
//	hypercare status                    # today's status for the sponsor
//	hypercare status -weekly -format md # the week's trends for leadership
//	hypercare clocks -at-risk           # SLA clocks about to breach, tab-separated
//	hypercare exit -at "2026-11-13 17:00" && echo "ready to hand over"
//	    # the exit verdict, criterion by criterion; exit code 0 when ready
//
// Every command takes -config FILE (default hypercare.json), -store STORE
// (the store instead of the config's: a directory, memory:, or a URL such
// as postgres://host/db?schema=erp; "init -store" writes it into the
// config), and -h, which prints its flags. "hypercare help" lists the
// commands.
//
// # Commands
//
//	hypercare init [-id ID] [-go-live TIME] [-weeks N] [-calendar SPEC] [-zone ZONE] [-force]
//	hypercare status [-at TIME] [-format text|md|json|html] [-weekly]
//	hypercare clocks [-at TIME] [-at-risk]
//	hypercare exit [-at TIME]
//	hypercare rota plan TEAM.json [-ics FILE] [-save]
//	hypercare plan [-ics FILE] [-extend DAYS]
//	hypercare import -from csv|jsm|servicenow|zendesk [-audit FILE] FILE
//
// import reads one export file of a helpdesk (Jira Service Management's
// search results with their changelog, Zendesk's incremental ticket event
// export, ServiceNow's incidents with -audit their sys_audit history, or
// CSV) and merges its tickets as issues of the engagement into the store,
// printing what it added, changed and held. The helpdesk's own event IDs
// make it idempotent: importing the same export twice changes nothing. On a
// terminal a progress line shows how much of the file is read; piped, it is
// quiet.
//
// A TIME is RFC 3339 ("2026-10-19T08:00:00+02:00") or "2026-10-19 08:00" on
// the engagement's wall clock; a wall time that a DST change skips or
// repeats is an error naming it. Without -at, commands answer for now.
//
// clocks prints one line per SLA clock of the issues open at -at (clocks
// already met are left out), ordered by due time, then issue ID, then metric
// (first response first), with tab-separated columns: issue ID; severity, as
// the config's scheme names it; metric (first-response, resolution); state
// (running, paused, breached); at risk (yes, no: yes when breached too);
// due, RFC 3339 in the engagement's zone; remaining working time, a Go
// duration, negative once breached; percent of the target used, rounded
// down; title. There is no header line.
//
// # The config file
//
// hypercare.json is one JSON object; lines whose first non-blank characters
// are // are comments. "hypercare init" writes a commented starting point.
// Its keys:
//
//	store       the store, as -store takes it: a directory, relative to the
//	            config file, or a URL
//	business    the business calendar: {"location", "spec", "holidays"}
//	engagement  the hypercare in the library's JSON (hypercare.Engagement):
//	            id, name, location, go_live, planned_end, policy, phases
//	            (coverage, policy, staff, cadences), people, exit
//	scheme      the severities' names (hypercare.Scheme)
//	monitor     the adoption monitor (hypercare.MonitorConfig)
//	rates       hourly rates per role: {"currency": "EUR", "hourly": {"lead": "120"}}
//	roster      the name of the stored roster status reports on
//	import      how import reads exports: "mappings" by source (a
//	            hypercare.Mapping; default the product's out-of-the-box
//	            values, csv needs one), "csv" (columns, layout, comma as
//	            in package ingest/csv) and "csv_zone"
//
// An unknown key is an error, as is a missing store, business calendar or
// roster name, or an engagement that does not validate. Errors name the
// file, the line and the field, as in
// "hypercare.json:50: engagement.policy.targets[2].calendar.spec: ...".
// Every command keeps the engagement in the store in step with the file:
// created when missing, replaced when the file changed.
//
// # Exit codes
//
//	0  success; for exit, the hypercare is ready to end
//	1  exit: not ready (the verdict says why)
//	2  usage or input error: a bad flag or TIME, a bad or missing config or team file,
//	   a store URL whose backend this binary lacks
//	3  store or I/O failure: the store is locked by another process, damaged, or a disk
//	   error; a database that cannot be reached or whose schema is not migrated
package main
