package servicenow

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
)

// Delivery is what one webhook delivery says about one incident: its
// number, its short_description with control characters removed, when
// that was last set (the incident's sys_updated_on, else its creation),
// and its updates.
type Delivery struct {
	Number  hypercare.IssueID  `json:"number"`
	Title   string             `json:"title,omitempty"`
	Updated time.Time          `json:"updated"`
	Updates []hypercare.Update `json:"updates"`
}

// DecodeWebhook reads one delivery from r, the JSON a business rule or
// flow posts (ServiceNow has no built-in incident webhook):
//
//	{"incident": {an incident record, as the Table API gives it},
//	 "audit": [the sys_audit rows of the change, as the Table API gives them]}
//
// A delivery without audit rows reports the incident's insert: the
// incident's values are its first values, and it gives the update Import
// makes for the creation (ID "created"), so a webhook and an export of the
// same incident give the same events. So does a delivery whose only rows
// of the incident record the insert itself (at its sys_created_on), as a
// rule that runs on insert posts. A delivery with other audit rows gives an
// update per row, as Import does (rows of other incidents, other tables,
// fields not read, or the insert itself give none).
//
// It returns an error wrapping hypercare.ErrInvalid for malformed JSON, a
// value of the wrong type, an incident without sys_id, number or a
// sys_created_on that parses, and an audit row without sys_id or with a
// time that does not parse.
func DecodeWebhook(r io.Reader) (Delivery, error) {
	d, err := decodeWebhook(r)
	if err != nil {
		return Delivery{}, invalidf("servicenow: webhook: %w", err)
	}
	return d, nil
}

func decodeWebhook(r io.Reader) (Delivery, error) {
	dec := json.NewDecoder(r)
	var w struct {
		Incident *incident `json:"incident"`
		Audit    []audit   `json:"audit"`
	}
	if err := dec.Decode(&w); err != nil {
		return Delivery{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Delivery{}, errors.New("data after the delivery's object")
	}
	in := w.Incident
	if in == nil || in.SysID == "" || in.Number == "" {
		return Delivery{}, errors.New("no incident with a sys_id and a number")
	}
	created, err := time.Parse(TimeLayout, in.SysCreatedOn)
	if err != nil {
		return Delivery{}, fmt.Errorf("incident %s: sys_created_on %q is not %s", in.Number, in.SysCreatedOn, TimeLayout)
	}
	d := Delivery{Number: hypercare.IssueID(in.Number), Title: text.Clean(in.ShortDesc), Updated: created}
	if t, err := time.Parse(TimeLayout, in.SysUpdatedOn); err == nil && t.After(created) {
		d.Updated = t
	}
	if len(w.Audit) == 0 {
		d.Updates = []hypercare.Update{creation(*in, created, nil)}
		return d, nil
	}
	insert := false // a row of the insert itself
	for k, a := range w.Audit {
		if a.DocumentKey != in.SysID {
			continue
		}
		u, ok, err := auditUpdate(k, a, created)
		if err != nil {
			return Delivery{}, fmt.Errorf("incident %s: %w", in.Number, err)
		}
		if ok {
			d.Updates = append(d.Updates, u)
		} else if at, err := time.Parse(TimeLayout, a.SysCreatedOn); err == nil && !at.After(created) {
			insert = true
		}
	}
	if len(d.Updates) == 0 && insert {
		// The delivery of an insert, with the audit rows that record it:
		// the insert, as a delivery of it without rows gives.
		d.Updates = []hypercare.Update{creation(*in, created, nil)}
	}
	return d, nil
}
