package store

import (
	"fmt"
	"maps"
	"slices"

	"github.com/hypercare-go/hypercare"
)

// A change is one write. Both backends run it the same way: check it against
// what is stored, then apply it; the file backend also turns it into journal
// records, and on open turns records back into changes and replays them
// through the same check and apply — so what the journal accepts on replay is
// exactly what a live write accepts.
type change interface {
	// check returns the error the write fails with against v (ErrExists,
	// ErrNotFound, ErrConflict, ErrInvalid...), and otherwise computes what
	// apply will install. It does not change v.
	check(v view) error
	// stage records the checked change in o, for the later changes of the
	// same group commit to see.
	stage(o *overlay)
	// apply installs the checked change.
	apply(t *tables)
	// appendRecords appends the change's journal records to b. It fails with
	// ErrTooLarge, leaving b as it was, if a record would be too large.
	appendRecords(b []byte) ([]byte, error)
}

func issueName(eng hypercare.EngagementID, id hypercare.IssueID) string {
	if eng == "" {
		return fmt.Sprintf("issue %q", id)
	}
	return fmt.Sprintf("issue %q of engagement %q", id, eng)
}

// createEngagement stores a new engagement, kept as its JSON.
type createEngagement struct {
	id   hypercare.EngagementID
	json []byte
}

func (c *createEngagement) check(v view) error {
	if v.hasEngagement(c.id) {
		return fmt.Errorf("%w: engagement %q", ErrExists, c.id)
	}
	return nil
}
func (c *createEngagement) stage(o *overlay) { o.stageEngagement(c.id, c.json) }
func (c *createEngagement) apply(t *tables)  { t.engagements[c.id] = c.json }
func (c *createEngagement) appendRecords(b []byte) ([]byte, error) {
	return appendRecord(b, opCreateEngagement, func(p []byte) []byte { return append(p, c.json...) })
}

// updateEngagement replaces a stored engagement.
type updateEngagement struct {
	id   hypercare.EngagementID
	json []byte
}

func (c *updateEngagement) check(v view) error {
	if !v.hasEngagement(c.id) {
		return fmt.Errorf("%w: engagement %q", ErrNotFound, c.id)
	}
	return nil
}
func (c *updateEngagement) stage(o *overlay) { o.stageEngagement(c.id, c.json) }
func (c *updateEngagement) apply(t *tables)  { t.engagements[c.id] = c.json }
func (c *updateEngagement) appendRecords(b []byte) ([]byte, error) {
	return appendRecord(b, opUpdateEngagement, func(p []byte) []byte { return append(p, c.json...) })
}

// createIssues stores new issues, all or none: CreateIssue is a batch of one.
type createIssues struct {
	issues []hypercare.Issue
	// owned: issues is the change's own (decoded from a record), so the
	// tables may point into it; otherwise it is the caller's, and each
	// issue is copied.
	owned bool
	// table is set by check for a batch of issues of one engagement: the
	// issues, copied unless owned, by ID. apply installs it whole when the
	// engagement has no issue yet (an import's common case), so the batch
	// is hashed once, for the check of duplicates and for the table both.
	table map[hypercare.IssueID]*hypercare.Issue
}

func (c *createIssues) check(v view) error {
	c.table = nil
	if len(c.issues) > 1 && oneEngagement(c.issues) {
		return c.checkBatch(v)
	}
	var seen map[issueKey]bool
	if len(c.issues) > 1 {
		seen = make(map[issueKey]bool, len(c.issues))
	}
	for _, is := range c.issues {
		if err := ValidateIssue(is); err != nil {
			return err
		}
		if is.Engagement != "" && !v.hasEngagement(is.Engagement) {
			return fmt.Errorf("%w: engagement %q of issue %q", ErrNotFound, is.Engagement, is.ID)
		}
		k := issueKey{is.Engagement, is.ID}
		if _, ok := v.issue(k.eng, k.id); ok || seen[k] {
			return fmt.Errorf("%w: %s", ErrExists, issueName(k.eng, k.id))
		}
		if seen != nil {
			seen[k] = true
		}
	}
	return nil
}

// checkBatch is check for a batch of one engagement: it builds the table
// apply installs, finding duplicates as it goes.
func (c *createIssues) checkBatch(v view) error {
	eng := c.issues[0].Engagement
	if eng != "" && !v.hasEngagement(eng) {
		return fmt.Errorf("%w: engagement %q of issue %q", ErrNotFound, eng, c.issues[0].ID)
	}
	table := make(map[hypercare.IssueID]*hypercare.Issue, len(c.issues))
	stored := v.holdsIssues(eng) // an import into an empty engagement looks up nothing
	keep := c.keeper()
	for i := range c.issues {
		is := keep.issue(i)
		if err := ValidateIssue(*is); err != nil {
			return err
		}
		if _, dup := table[is.ID]; dup {
			return fmt.Errorf("%w: %s", ErrExists, issueName(eng, is.ID))
		}
		if stored {
			if _, ok := v.issue(eng, is.ID); ok {
				return fmt.Errorf("%w: %s", ErrExists, issueName(eng, is.ID))
			}
		}
		table[is.ID] = is
	}
	c.table = table
	return nil
}

// An issueKeeper gives the issues of a createIssues that the tables may
// keep: the change's own if it owns them, else copies, made in order into
// blocks of copyBlock issues. Trap: a block stays alive while any of its
// issues is stored unchanged; a reopen replays each issue into its own.
//
// Why blocks and not one allocation for the batch: an import's batch is
// large (100k issues, 34 MB) and the caller has just built it, so the
// garbage collector is usually marking while the batch is copied. One copy
// of the whole batch is one long non-preemptible memmove, which the
// collector spins trying to stop, and one huge allocation, for which the
// copying goroutine pays a huge assist. Blocks of 256 issues halved
// BenchmarkImport100kPaired's store/raw ratio (from 4.6–5.3 to 2.2–2.8 on
// a 2-core VM). What remains is the copy itself, mostly the first touch of
// its fresh pages (10 µs a page there): the benchmark's keep side, which
// only builds, copies and writes, costs as much as the store (store/keep
// 0.9–1.0, keep/raw 2.2–2.7). Keeping the encoded records instead
// (tried, not kept) made the import cheaper but the first read of each
// issue dearer (BenchmarkImportThenList100k).
type issueKeeper struct {
	c     *createIssues
	block []hypercare.Issue
}

const copyBlock = 256

func (c *createIssues) keeper() issueKeeper { return issueKeeper{c: c} }

// issue returns the change's issue i if the change owns it, else a copy;
// call it for i = 0, 1, 2... in order.
func (k *issueKeeper) issue(i int) *hypercare.Issue {
	if k.c.owned {
		return &k.c.issues[i]
	}
	if len(k.block) == cap(k.block) {
		k.block = make([]hypercare.Issue, 0, min(copyBlock, len(k.c.issues)-i))
	}
	k.block = append(k.block, k.c.issues[i])
	return &k.block[len(k.block)-1]
}

// oneEngagement reports whether the issues all belong to one engagement.
func oneEngagement(issues []hypercare.Issue) bool {
	for _, is := range issues[1:] {
		if is.Engagement != issues[0].Engagement {
			return false
		}
	}
	return true
}

func (c *createIssues) stage(o *overlay) {
	for _, is := range c.issues {
		o.stageIssue(is)
	}
}

func (c *createIssues) apply(t *tables) {
	if c.table != nil {
		eng := c.issues[0].Engagement
		if m := t.issues[eng]; len(m) > 0 {
			maps.Copy(m, c.table)
		} else {
			t.issues[eng] = c.table
		}
		c.table = nil
		return
	}
	keep := c.keeper()
	for i := range c.issues {
		t.putIssuePtr(keep.issue(i))
	}
}

func (c *createIssues) appendRecords(b []byte) ([]byte, error) {
	return appendAllUnits(b, c)
}
func (c *createIssues) units() int { return len(c.issues) }
func (c *createIssues) appendUnit(b []byte, i int) ([]byte, error) {
	return appendIssueRecords(b, &c.issues[i])
}

// A batchChange is a change whose records may be too many to hold in
// memory at once (an import): it appends them a unit (an issue) at a time,
// and the group writer writes out what it holds between units.
type batchChange interface {
	change
	units() int
	// appendUnit appends the records of unit i; on error, it leaves b as it
	// was.
	appendUnit(b []byte, i int) ([]byte, error)
}

// appendAllUnits appends the records of every unit of c, or none.
func appendAllUnits(b []byte, c batchChange) ([]byte, error) {
	mark := len(b)
	for i := range c.units() {
		var err error
		if b, err = c.appendUnit(b, i); err != nil {
			return b[:mark], err
		}
	}
	return b, nil
}

// appendEvents grows an issue's timeline, if it is at the expected version.
type appendEvents struct {
	eng     hypercare.EngagementID
	id      hypercare.IssueID
	version int
	events  []hypercare.Event
	// Set by check: the result, and the events it added, which are the
	// events to write: a redelivered event (its ID held already) adds
	// nothing, and the version of a record continuing a long append counts
	// the events the records before it added.
	result hypercare.Issue
	added  []hypercare.Event
}

func (c *appendEvents) check(v view) error {
	is, ok := v.issue(c.eng, c.id)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, issueName(c.eng, c.id))
	}
	result, err := WithEvents(is, c.version, c.events...)
	if err != nil {
		return err
	}
	c.added = c.events
	if n := result.Version() - is.Version(); n != len(c.events) {
		c.added = newIDs(is, c.events)
		if len(c.added) != n {
			return fmt.Errorf("store: %s: %d of %d events are new, but the issue's version grew by %d (a bug: nothing was written)",
				issueName(c.eng, c.id), len(c.added), len(c.events), n)
		}
	}
	c.result = result
	return nil
}

// newIDs returns the events of events that Insert adds to is: all but
// those whose ID is held already, by is or by an earlier event.
func newIDs(is hypercare.Issue, events []hypercare.Event) []hypercare.Event {
	known := map[hypercare.EventID]bool{}
	for _, e := range allEvents(is) {
		if e.ID != "" {
			known[e.ID] = true
		}
	}
	out := make([]hypercare.Event, 0, len(events))
	for _, e := range events {
		if e.ID != "" {
			if known[e.ID] {
				continue
			}
			known[e.ID] = true
		}
		out = append(out, e)
	}
	return out
}
func (c *appendEvents) stage(o *overlay) { o.stageIssue(c.result) }
func (c *appendEvents) apply(t *tables)  { t.putIssuePtr(&c.result) }

// appendRecords appends one append-events record, or several when the
// events do not fit in one (each at the version the ones before it reach,
// and never empty): all go in the same group commit, so they apply together
// or not at all, as appendIssueRecords does for a long timeline.
func (c *appendEvents) appendRecords(b []byte) ([]byte, error) {
	if len(c.added) == 0 {
		return b, nil // nothing to make durable
	}
	mark := len(b)
	b, start := beginRecord(b, opAppendEvents)
	b = appendKey(b, c.eng, c.id, c.version)
	var err error
	for i := range c.added {
		e := &c.added[i]
		end := len(b)
		b = appendEvent(b, e)
		if i == 0 || len(b)-start-frameHeaderSize <= maxWritePayload {
			continue // a record holds at least one event; one too large fails below
		}
		if b, err = endRecord(b[:end], start); err != nil {
			return b[:mark], fmt.Errorf("%s: %w", issueName(c.eng, c.id), err)
		}
		b, start = beginRecord(b, opAppendEvents)
		b = appendKey(b, c.eng, c.id, c.version+i)
		b = appendEvent(b, e)
	}
	if b, err = endRecord(b, start); err != nil {
		return b[:mark], fmt.Errorf("%s: %w", issueName(c.eng, c.id), err)
	}
	return b, nil
}

// updateIssue replaces an issue's descriptive fields.
type updateIssue struct {
	details hypercare.Issue // key, descriptive fields and (as Len) the version
	version int
	result  hypercare.Issue // set by check
}

func (c *updateIssue) check(v view) error {
	eng, id := c.details.Engagement, c.details.ID
	is, ok := v.issue(eng, id)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, issueName(eng, id))
	}
	result, err := withDetails(is, c.version, c.details)
	if err != nil {
		return err
	}
	c.result = result
	return nil
}
func (c *updateIssue) stage(o *overlay) { o.stageIssue(c.result) }
func (c *updateIssue) apply(t *tables)  { t.putIssuePtr(&c.result) }
func (c *updateIssue) appendRecords(b []byte) ([]byte, error) {
	d := c.details
	return appendRecord(b, opUpdateIssue, func(p []byte) []byte {
		p = appendKey(p, d.Engagement, d.ID, c.version)
		return appendDetails(p, &d)
	})
}

// addSignOff appends a sign-off, kept as its JSON on disk, unless the
// engagement has an identical one.
type addSignOff struct {
	signOff hypercare.SignOff
	json    []byte
	// live: a write, checked against its engagement's go-live
	// (ValidateSignOff); a record replayed from a journal written before
	// that check is not.
	live bool
	dup  bool // set by check: an identical sign-off is stored
}

func (c *addSignOff) check(v view) error {
	js, ok := v.engagement(c.signOff.Engagement)
	if !ok {
		return fmt.Errorf("%w: engagement %q of sign-off by %q", ErrNotFound, c.signOff.Engagement, c.signOff.By)
	}
	if c.live {
		e, err := decodeEngagement(js)
		if err != nil {
			return fmt.Errorf("store: engagement %q: %w", c.signOff.Engagement, err)
		}
		if err := ValidateSignOff(e, c.signOff); err != nil {
			return err
		}
	}
	c.dup = v.hasSignOff(c.signOff)
	return nil
}
func (c *addSignOff) stage(o *overlay) {
	if !c.dup {
		o.stageSignOff(c.signOff)
	}
}
func (c *addSignOff) apply(t *tables) {
	if c.dup {
		return
	}
	id := c.signOff.Engagement
	t.signOffs[id] = append(t.signOffs[id], c.signOff)
}
func (c *addSignOff) appendRecords(b []byte) ([]byte, error) {
	if c.dup {
		return b, nil // nothing to make durable
	}
	return appendRecord(b, opAddSignOff, func(p []byte) []byte { return append(p, c.json...) })
}

// addSamples adds adoption samples to an engagement's series. Its series
// come from PrepareSeries: valid, one per metric and segment, each sorted by
// date with no date twice.
type addSamples struct {
	eng    hypercare.EngagementID
	series []hypercare.Series
}

func (c *addSamples) check(v view) error {
	if !v.hasEngagement(c.eng) {
		return fmt.Errorf("%w: engagement %q of adoption samples", ErrNotFound, c.eng)
	}
	for _, s := range c.series {
		if d, ok := v.storedDate(c.eng, keyOf(s), s.Samples); ok {
			return fmt.Errorf("%w: sample of %s on %s in engagement %q", ErrExists, s, d, c.eng)
		}
	}
	return nil
}

func (c *addSamples) stage(o *overlay) {
	for _, s := range c.series {
		o.stageSamples(c.eng, s)
	}
}

func (c *addSamples) apply(t *tables) {
	for _, s := range c.series {
		t.addSamples(c.eng, s)
	}
}

func (c *addSamples) appendRecords(b []byte) ([]byte, error) {
	return appendSampleRecords(b, c.eng, c.series)
}

// prepareSeriesInPlace is PrepareSeries without the copy: each series
// validated by the root package's rules (ErrInvalid), its samples sorted by
// date, and series of one metric and segment merged into one (ErrExists if
// they share a date). The order of the series is kept, the first of each
// metric and segment standing for its merge. It works in place: callers
// pass series and samples they own (PrepareSeries' copy, or what a journal
// record decodes to).
func prepareSeriesInPlace(eng hypercare.EngagementID, series []hypercare.Series) ([]hypercare.Series, error) {
	if eng == "" {
		return nil, fmt.Errorf("%w: adoption samples name no engagement", ErrInvalid)
	}
	out := series[:0]           // merged in place: a series moves only ever back
	var index map[seriesKey]int // where each key is in out, once there are two series
	if len(series) > 1 {
		index = make(map[seriesKey]int, len(series))
	}
	for _, s := range series {
		if err := validSeries(s); err != nil {
			return nil, err
		}
		if index == nil {
			out = append(out, s)
			continue
		}
		if i, ok := index[keyOf(s)]; ok {
			out[i].Samples = append(out[i].Samples[:len(out[i].Samples):len(out[i].Samples)], s.Samples...)
			continue
		}
		index[keyOf(s)] = len(out)
		out = append(out, s)
	}
	for _, s := range out {
		slices.SortFunc(s.Samples, func(a, b hypercare.Sample) int { return a.Date.Compare(b.Date) })
		for i := 1; i < len(s.Samples); i++ {
			if s.Samples[i].Date == s.Samples[i-1].Date {
				return nil, fmt.Errorf("%w: two samples of %s on %s in one call", ErrExists, s, s.Samples[i].Date)
			}
		}
	}
	return out, nil
}

// validSeries returns an error wrapping ErrInvalid if s fails
// Series.Validate, or has a date whose year a Date's JSON cannot hold.
func validSeries(s hypercare.Series) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	for _, x := range s.Samples {
		if x.Date.Year < 0 || x.Date.Year > 9999 {
			return fmt.Errorf("%w: series %q: sample %s: year outside 0 to 9999", ErrInvalid, s.String(), x.Date)
		}
	}
	return nil
}

// putRoster stores an engagement's roster under a name, replacing any
// roster of that name. The roster is kept as its JSON.
type putRoster struct {
	eng  hypercare.EngagementID
	name string
	json []byte
}

func (c *putRoster) check(v view) error {
	if !v.hasEngagement(c.eng) {
		return fmt.Errorf("%w: engagement %q of roster %q", ErrNotFound, c.eng, c.name)
	}
	return nil
}
func (c *putRoster) stage(*overlay) {}
func (c *putRoster) apply(t *tables) {
	m := t.rosters[c.eng]
	if m == nil {
		m = map[string][]byte{}
		t.rosters[c.eng] = m
	}
	m[c.name] = c.json
}
func (c *putRoster) appendRecords(b []byte) ([]byte, error) {
	return appendRosterRecord(b, c.eng, c.name, c.json)
}

// mergeIssues merges a batch of issues into the store, all or none (see
// MergeIssue). Its records are merge-issue records, each holding the
// result's details and (some of) the events the merge added; on replay
// they are mergeRecord changes.
type mergeIssues struct {
	issues []hypercare.Issue
	// Set by check, one per issue the batch changed (an issue listed twice,
	// once): the merged issue, the events the merge added, what changed.
	results []hypercare.Issue
	added   [][]hypercare.Event
	changes []IssueChange
	report  MergeReport
}

func (c *mergeIssues) check(v view) error {
	c.results, c.added, c.changes = nil, nil, nil
	c.report = MergeReport{Issues: len(c.issues)}
	// Where an issue the batch changed is in results, for an issue listed
	// twice. An issue the merge left unchanged needs no entry: merging into
	// it again is merging into the stored issue.
	var changed map[issueKey]int
	for _, in := range c.issues {
		if err := ValidateIssue(in); err != nil {
			return err
		}
		if in.Engagement != "" && !v.hasEngagement(in.Engagement) {
			return fmt.Errorf("%w: engagement %q of issue %q", ErrNotFound, in.Engagement, in.ID)
		}
		k := issueKey{in.Engagement, in.ID}
		i, again := changed[k]
		var stored hypercare.Issue
		found := false
		if again {
			stored, found = c.results[i], true
		} else {
			stored, found = v.issue(k.eng, k.id)
		}
		result, ch, err := MergeIssue(stored, found, in)
		if err != nil {
			return err
		}
		if !ch.Changed() {
			if again {
				c.changes[i].Held = ch.Held
			}
			continue
		}
		if !again {
			if changed == nil {
				changed = map[issueKey]int{}
			}
			changed[k] = len(c.results)
			c.results = append(c.results, result)
			c.added = append(c.added, nil)
			c.changes = append(c.changes, IssueChange{Engagement: k.eng, ID: k.id})
			i = len(c.results) - 1
		}
		if ch.EventsAdded > 0 {
			c.added[i] = append(c.added[i], newEvents(stored, found, result)...)
		}
		c.results[i] = result
		sum := &c.changes[i]
		sum.Created = sum.Created || ch.Created
		sum.EventsAdded += ch.EventsAdded
		sum.FieldsUpdated = sum.FieldsUpdated || ch.FieldsUpdated
		sum.Held, sum.Released = ch.Held, sum.Released+ch.Released
	}
	c.report.Changes = c.changes
	return nil
}

// newEvents returns the events result holds that stored did not: the tail
// the merge added, found by count (a merge only ever adds events).
func newEvents(stored hypercare.Issue, found bool, result hypercare.Issue) []hypercare.Event {
	all := allEvents(result)
	if !found {
		return all
	}
	have := map[hypercare.Event]int{}
	for _, e := range allEvents(stored) {
		have[sameKey(e)]++
	}
	var out []hypercare.Event
	for _, e := range all {
		if k := sameKey(e); have[k] > 0 {
			have[k]--
			continue
		}
		out = append(out, e)
	}
	return out
}

func (c *mergeIssues) stage(o *overlay) {
	for _, is := range c.results {
		o.stageIssue(is)
	}
}

func (c *mergeIssues) apply(t *tables) {
	for i := range c.results {
		t.putIssuePtr(&c.results[i])
	}
}

func (c *mergeIssues) appendRecords(b []byte) ([]byte, error) {
	return appendAllUnits(b, c)
}
func (c *mergeIssues) units() int { return len(c.results) }
func (c *mergeIssues) appendUnit(b []byte, i int) ([]byte, error) {
	return appendIssueEvents(b, opMergeIssue, &c.results[i], c.added[i])
}

// mergeRecord is a merge-issue record on replay: it gives the stored issue
// (or a new one) the details of the merge's result and inserts the events
// the merge added. It does not merge them again: a merge adds an event
// without an ID that the stored issue holds already when the incoming issue
// holds it once more, and merging the added copy again would count the
// stored one and drop it.
type mergeRecord struct {
	is     hypercare.Issue // key and details
	events []hypercare.Event
	result hypercare.Issue // set by check
}

func (c *mergeRecord) check(v view) error {
	out, found := v.issue(c.is.Engagement, c.is.ID)
	if !found {
		out = hypercare.Issue{ID: c.is.ID, Engagement: c.is.Engagement}
	}
	setDetails(&out, c.is)
	if _, err := out.Insert(c.events...); err != nil {
		return insertError(err)
	}
	c.result = out
	return nil
}
func (c *mergeRecord) stage(o *overlay) { o.stageIssue(c.result) }
func (c *mergeRecord) apply(t *tables)  { t.putIssuePtr(&c.result) }
func (c *mergeRecord) appendRecords(b []byte) ([]byte, error) {
	return appendIssueEvents(b, opMergeIssue, &c.is, c.events)
}

// deleteIssue removes an issue at the expected version.
type deleteIssue struct {
	eng     hypercare.EngagementID
	id      hypercare.IssueID
	version int
}

func (c *deleteIssue) check(v view) error {
	is, ok := v.issue(c.eng, c.id)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, issueName(c.eng, c.id))
	}
	return CheckVersion(is, c.version)
}
func (c *deleteIssue) stage(o *overlay) { o.stageDelete(issueKey{c.eng, c.id}) }
func (c *deleteIssue) apply(t *tables) {
	delete(t.issues[c.eng], c.id)
	if len(t.issues[c.eng]) == 0 {
		delete(t.issues, c.eng)
	}
}
func (c *deleteIssue) appendRecords(b []byte) ([]byte, error) {
	return appendRecord(b, opDeleteIssue, func(p []byte) []byte { return appendKey(p, c.eng, c.id, c.version) })
}

// purgeEngagement removes an engagement and everything of it.
type purgeEngagement struct {
	eng hypercare.EngagementID
}

func (c *purgeEngagement) check(v view) error {
	if !v.hasEngagement(c.eng) {
		return fmt.Errorf("%w: engagement %q", ErrNotFound, c.eng)
	}
	return nil
}
func (c *purgeEngagement) stage(o *overlay) { o.stagePurge(c.eng) }
func (c *purgeEngagement) apply(t *tables)  { t.purge(c.eng) }
func (c *purgeEngagement) appendRecords(b []byte) ([]byte, error) {
	return appendRecord(b, opPurgeEngagement, func(p []byte) []byte { return appendString(p, string(c.eng)) })
}

// describe names the write c is, for an error about its fate on disk
// ("append events to issue "INC-1" of engagement "erp"").
func describe(c change) string {
	switch c := c.(type) {
	case *createEngagement:
		return fmt.Sprintf("create engagement %q", c.id)
	case *updateEngagement:
		return fmt.Sprintf("update engagement %q", c.id)
	case importIssues:
		return describe(c.createIssues)
	case *createIssues:
		if len(c.issues) == 1 {
			return "create " + issueName(c.issues[0].Engagement, c.issues[0].ID)
		}
		return fmt.Sprintf("import of %d issues", len(c.issues))
	case *appendEvents:
		return "append events to " + issueName(c.eng, c.id)
	case *updateIssue:
		return "update " + issueName(c.details.Engagement, c.details.ID)
	case *mergeIssues:
		return fmt.Sprintf("merge of %d issues", len(c.issues))
	case *mergeRecord:
		return "merge into " + issueName(c.is.Engagement, c.is.ID)
	case *deleteIssue:
		return "delete " + issueName(c.eng, c.id)
	case *purgeEngagement:
		return fmt.Sprintf("purge of engagement %q", c.eng)
	case *addSignOff:
		return fmt.Sprintf("sign-off by %q of engagement %q", c.signOff.By, c.signOff.Engagement)
	case *addSamples:
		return fmt.Sprintf("adoption samples of engagement %q", c.eng)
	case *putRoster:
		return fmt.Sprintf("roster %q of engagement %q", c.name, c.eng)
	}
	return "a write"
}
