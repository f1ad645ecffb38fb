// Package servicenow reads ServiceNow incidents from the Table API
// (GET /api/now/table/incident) and the audit history of their field
// changes (GET /api/now/table/sys_audit?tablename=incident) into hypercare
// updates and issues.
//
// Each audit row (sys_audit) changes one field of one incident and becomes
// one update whose ID is the row's sys_id; the fields read are state,
// priority, category, assignment_group and assigned_to, by their stored
// values (state and priority codes, sys_ids), not display values. The
// incident's creation is one more update, ID "created": its first values
// are the current ones rolled back through the audit rows — a field's
// first value is the oldvalue of its earliest change, or its current value
// if it never changed. Audit rows at the incident's own sys_created_on
// record the insert itself and are not changes. Times are the Table API's
// stored form, "2006-01-02 15:04:05" in UTC.
//
// The package does no I/O of its own. Both results stream; the incidents
// are kept (they are the output), the audit rows are not.
package servicenow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/jsonscan"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
)

// TimeLayout is the layout of the Table API's stored times, in UTC.
const TimeLayout = "2006-01-02 15:04:05"

// ref is a reference field: "" or {"link": ..., "value": sys_id}, or a
// plain string with sysparm_exclude_reference_link.
type ref string

func (r *ref) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var v struct {
			Value string `json:"value"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*r = ref(v.Value)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*r = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a reference or a string, got %.20s", b)
	}
	*r = ref(s)
	return nil
}

type incident struct {
	SysID           string `json:"sys_id"`
	Number          string `json:"number"`
	SysCreatedOn    string `json:"sys_created_on"`
	SysCreatedBy    string `json:"sys_created_by"`
	SysUpdatedOn    string `json:"sys_updated_on"`
	ShortDesc       string `json:"short_description"`
	State           string `json:"state"`
	Priority        string `json:"priority"`
	Category        string `json:"category"`
	AssignmentGroup ref    `json:"assignment_group"`
	AssignedTo      ref    `json:"assigned_to"`
}

type audit struct {
	SysID        string `json:"sys_id"`
	DocumentKey  string `json:"documentkey"`
	TableName    string `json:"tablename"`
	FieldName    string `json:"fieldname"`
	OldValue     string `json:"oldvalue"`
	NewValue     string `json:"newvalue"`
	SysCreatedOn string `json:"sys_created_on"`
	User         string `json:"user"`
}

// The keys read of each record, matched as encoding/json matches the
// struct tags above (exactly, else case-insensitively).
var (
	incidentKeys = []string{"sys_id", "number", "sys_created_on", "sys_created_by", "sys_updated_on", "short_description", "state", "priority", "category", "assignment_group", "assigned_to"}
	auditKeys    = []string{"sys_id", "documentkey", "tablename", "fieldname", "oldvalue", "newvalue", "sys_created_on", "user"}
	refKeys      = []string{"value"}
)

// decode reads an incident of the Table API.
func (in *incident) decode(s *jsonscan.Scanner) error {
	return s.Object(incidentKeys, func(name string) (err error) {
		switch name {
		case "sys_id":
			err = s.Str(&in.SysID)
		case "number":
			err = s.Str(&in.Number)
		case "sys_created_on":
			err = s.Str(&in.SysCreatedOn)
		case "sys_created_by":
			err = s.Word(&in.SysCreatedBy, false)
		case "sys_updated_on":
			err = s.Str(&in.SysUpdatedOn)
		case "short_description":
			err = s.Str(&in.ShortDesc)
		case "state":
			err = s.Word(&in.State, false)
		case "priority":
			err = s.Word(&in.Priority, false)
		case "category":
			err = s.Word(&in.Category, false)
		case "assignment_group":
			err = in.AssignmentGroup.decode(s)
		case "assigned_to":
			err = in.AssignedTo.decode(s)
		}
		return err
	})
}

// decode reads a reference as UnmarshalJSON does.
func (r *ref) decode(s *jsonscan.Scanner) error {
	var v string
	var err error
	switch s.Peek() {
	case '{':
		err = s.Object(refKeys, func(string) error { return s.Word(&v, false) })
	case '"', 'n':
		err = s.Word(&v, false)
	default:
		return s.WrongType("a reference or a string")
	}
	*r = ref(v)
	return err
}

// decode reads a sys_audit row.
func (a *audit) decode(s *jsonscan.Scanner) error {
	return s.Object(auditKeys, func(name string) (err error) {
		switch name {
		case "sys_id":
			err = s.Str(&a.SysID)
		case "documentkey":
			err = s.Str(&a.DocumentKey)
		case "tablename":
			err = s.Word(&a.TableName, false)
		case "fieldname":
			err = s.Word(&a.FieldName, false)
		case "oldvalue":
			err = s.Word(&a.OldValue, false)
		case "newvalue":
			err = s.Word(&a.NewValue, false)
		case "sys_created_on":
			err = s.Str(&a.SysCreatedOn)
		case "user":
			err = s.Word(&a.User, false)
		}
		return err
	})
}

// results calls f with each element of a Table API response's "result"
// array, decoded one at a time by decode.
func results[T any](r io.Reader, decode func(*T, *jsonscan.Scanner) error, f func(int, T) error) error {
	s := jsonscan.New(r)
	if err := s.Begin('{'); err != nil {
		return fmt.Errorf("want a JSON object with a result array")
	}
	found := false
	for {
		key, more, err := s.Key()
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if string(key) != "result" {
			if err := s.Skip(); err != nil {
				return err
			}
			continue
		}
		found = true
		if err := s.Begin('['); err != nil {
			return fmt.Errorf("result is not an array")
		}
		for i := 0; ; i++ {
			more, err := s.Elem()
			if err != nil {
				return err
			}
			if !more {
				break
			}
			var v T
			if err := s.Record(func() error { return decode(&v, s) }); err != nil {
				return fmt.Errorf("result %d: %w", i, err)
			}
			if err := f(i, v); err != nil {
				return err
			}
		}
	}
	if err := s.End(); errors.Is(err, jsonscan.ErrDataAfter) {
		return errors.New("data after the response's object")
	} else if err != nil {
		return err
	}
	if !found {
		return errors.New("no result array")
	}
	return nil
}

// Import reads incidents and their audit rows and builds an issue per
// incident, named by its number and titled with its short_description
// (control characters removed; Updated: its sys_updated_on), through m, in
// the order the incidents come. Audit rows of other tables, of fields not read, or of incidents
// not among incidents are skipped. It returns an error wrapping
// hypercare.ErrInvalid, naming the incident or audit row, for malformed
// JSON, a missing sys_id or number, a time that does not parse, a value m
// does not map, or an audit sys_id given twice with other content (a
// *hypercare.EventConflictError).
func Import(incidents, audits io.Reader, m hypercare.Mapping) ([]hypercare.Issue, error) {
	incs, index, created, err := readIncidents(incidents)
	if err != nil {
		return nil, err
	}
	first, updates, err := readAudits(audits, index, created)
	if err != nil {
		return nil, err
	}
	out := make([]hypercare.Issue, len(incs))
	for i, in := range incs {
		if out[i], err = buildIssue(*in, created[i], &first[i], updates[i], m); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readIncidents decodes the incidents, indexes them by sys_id and parses
// when each was created. It keeps pointers: an incident is large, and
// growing a slice of them copies them all again and again.
func readIncidents(incidents io.Reader) ([]*incident, map[string]int, []time.Time, error) {
	var incs []*incident
	index := map[string]int{}
	err := results(incidents, (*incident).decode, func(i int, in incident) error {
		if in.SysID == "" || in.Number == "" {
			return fmt.Errorf("incident %d: no sys_id or number", i)
		}
		if _, dup := index[in.SysID]; dup {
			return fmt.Errorf("incident %s: listed twice", in.Number)
		}
		index[in.SysID] = len(incs)
		incs = append(incs, &in)
		return nil
	})
	if err != nil {
		return nil, nil, nil, invalidf("servicenow: incidents: %w", err)
	}
	created := make([]time.Time, len(incs))
	for i, in := range incs {
		if created[i], err = time.Parse(TimeLayout, in.SysCreatedOn); err != nil {
			return nil, nil, nil, invalidf("servicenow: incident %s: sys_created_on %q is not %s", in.Number, in.SysCreatedOn, TimeLayout)
		}
	}
	return incs, index, created, nil
}

// earliest is the earliest audited change of a field: when, by which audit
// row, and its oldvalue; set is false if there is none.
type earliest struct {
	set   bool
	at    time.Time
	id    string
	value string
}

// readFields are the fields of an incident read, as sys_audit names them.
var readFields = [...]string{"state", "priority", "category", "assignment_group", "assigned_to"}

// firsts holds the earliest change of each of readFields, in that order.
type firsts [len(readFields)]earliest

// of returns the earliest change of field, if it is one of readFields.
func (f *firsts) of(field string) *earliest {
	for i, name := range readFields {
		if name == field {
			return &f[i]
		}
	}
	return nil
}

// readAudits decodes the audit rows of the indexed incidents into updates
// per incident, and first[i], the earliest change of each field.
func readAudits(audits io.Reader, index map[string]int, created []time.Time) ([]firsts, [][]hypercare.Update, error) {
	first := make([]firsts, len(created))
	updates := make([][]hypercare.Update, len(created))
	err := results(audits, (*audit).decode, func(k int, a audit) error {
		i, ok := index[a.DocumentKey]
		if !ok {
			return nil
		}
		u, ok, err := auditUpdate(k, a, created[i])
		if err != nil || !ok {
			return err
		}
		at := u.At
		if e := first[i].of(a.FieldName); e != nil && (!e.set || at.Before(e.at) || at.Equal(e.at) && a.SysID < e.id) {
			*e = earliest{true, at, a.SysID, a.OldValue}
		}
		if updates[i] == nil {
			updates[i] = make([]hypercare.Update, 0, 4) // an incident's usual changes, in one allocation
		}
		updates[i] = append(updates[i], u)
		return nil
	})
	if err != nil {
		return nil, nil, invalidf("servicenow: audit: %w", err)
	}
	return first, updates, nil
}

// auditUpdate returns the update audit row k is, for an incident created
// at created, or false for a row of another table, of a field not read, or
// of the insert itself.
func auditUpdate(k int, a audit, created time.Time) (hypercare.Update, bool, error) {
	if a.TableName != "" && a.TableName != "incident" {
		return hypercare.Update{}, false, nil
	}
	var u hypercare.Update
	c := &hypercare.Change{From: a.OldValue, To: a.NewValue}
	switch a.FieldName {
	case "state":
		u.Status = c
	case "priority":
		u.Priority = c
	case "category":
		u.Type = c
	case "assignment_group":
		u.Group = c
	case "assigned_to":
		u.Assignee = c
	default:
		return hypercare.Update{}, false, nil
	}
	if a.SysID == "" {
		return hypercare.Update{}, false, fmt.Errorf("audit row %d: no sys_id", k)
	}
	at, err := time.Parse(TimeLayout, a.SysCreatedOn)
	if err != nil {
		return hypercare.Update{}, false, fmt.Errorf("audit row %s: sys_created_on %q is not %s", a.SysID, a.SysCreatedOn, TimeLayout)
	}
	if !at.After(created) {
		return hypercare.Update{}, false, nil // the insert itself
	}
	u.ID, u.At, u.By = hypercare.EventID(a.SysID), at, a.User
	return u, true, nil
}

// creation returns the update that created incident in at created, with
// each field's first value: the oldvalue of its earliest change in first
// (if first is not nil), or its current value.
func creation(in incident, created time.Time, first *firsts) hypercare.Update {
	value := func(field, current string) string {
		if first == nil {
			return current
		}
		if e := first.of(field); e != nil && e.set {
			return e.value
		}
		return current
	}
	c := hypercare.Update{ID: "created", At: created, Created: true, By: in.SysCreatedBy,
		Status:   &hypercare.Change{To: value("state", in.State)},
		Priority: &hypercare.Change{To: value("priority", in.Priority)},
		Type:     &hypercare.Change{To: value("category", in.Category)},
	}
	if g := value("assignment_group", string(in.AssignmentGroup)); g != "" {
		c.Group = &hypercare.Change{To: g}
	}
	if a := value("assigned_to", string(in.AssignedTo)); a != "" {
		c.Assignee = &hypercare.Change{To: a}
	}
	return c
}

// buildIssue replays an incident's creation (with each field's first value)
// and its audited updates through the mapping into an issue.
func buildIssue(in incident, created time.Time, first *firsts, updates []hypercare.Update, m hypercare.Mapping) (hypercare.Issue, error) {
	c := creation(in, created, first)
	id := hypercare.IssueID(in.Number)
	is := hypercare.Issue{ID: id, Title: text.Clean(in.ShortDesc), Updated: created}
	if t, err := time.Parse(TimeLayout, in.SysUpdatedOn); err == nil && t.After(created) {
		is.Updated = t
	}
	all := make([]hypercare.Event, 0, 2*(1+len(updates)))
	for k := -1; k < len(updates); k++ {
		u := c
		if k >= 0 {
			u = updates[k]
		}
		events, err := m.Events(id, u)
		if err != nil {
			return hypercare.Issue{}, fmt.Errorf("servicenow: %w", err)
		}
		all = append(all, events...)
	}
	// One Insert per incident: the issue depends on the set of events only.
	if _, err := is.Insert(all...); err != nil {
		return hypercare.Issue{}, invalidf("servicenow: %w", err) // the export contradicts itself
	}
	return is, nil
}

type invalidError struct{ err error }

func (e *invalidError) Error() string        { return e.err.Error() }
func (e *invalidError) Unwrap() error        { return e.err }
func (e *invalidError) Is(target error) bool { return target == hypercare.ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{fmt.Errorf(format, args...)}
}
