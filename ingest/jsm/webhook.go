package jsm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
)

// The webhook events DecodeWebhook reads.
const (
	WebhookIssueCreated   = "jira:issue_created"
	WebhookIssueUpdated   = "jira:issue_updated"
	WebhookCommentCreated = "comment_created"
)

// webhook is a Jira webhook delivery.
type webhook struct {
	Timestamp    *int64 `json:"timestamp"`
	WebhookEvent string `json:"webhookEvent"`
	User         *user  `json:"user"`
	Issue        *issue `json:"issue"`
	Changelog    *struct {
		ID    string `json:"id"`
		Items []item `json:"items"`
	} `json:"changelog"`
	Comment *comment `json:"comment"`
}

// DecodeWebhook reads one Jira webhook delivery from r: jira:issue_created,
// jira:issue_updated or comment_created, with the issue it is about.
//
// An issue_created delivery gives the issue's creation, with the issue's
// fields as its first values (the "created" update Import makes, so a
// webhook and an export of the same issue give the same events). An
// issue_updated delivery gives the update of its changelog (ID: the
// changelog's ID; time: the delivery's timestamp, Unix milliseconds; by:
// the user), as Import gives one per history, whatever fields it changed
// (one that changed only the summary maps to no event, but dates the
// title), and the update of its comment if it carries a public one. A comment_created delivery gives
// the update of its comment if it is public. Ticket.Title is the issue's
// summary in every case.
//
// It returns an error wrapping hypercare.ErrInvalid for malformed JSON, a
// value of the wrong type, another webhookEvent, a delivery without the
// issue's key, an issue_updated without timestamp, a changelog without ID
// or a time that does not parse.
func DecodeWebhook(r io.Reader) (Ticket, error) {
	t, err := decodeWebhook(r)
	if err != nil {
		return Ticket{}, invalidf("jsm: webhook: %w", err)
	}
	return t, nil
}

func decodeWebhook(r io.Reader) (Ticket, error) {
	dec := json.NewDecoder(r)
	var w webhook
	if err := dec.Decode(&w); err != nil {
		return Ticket{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Ticket{}, errors.New("data after the delivery's object")
	}
	if w.Issue == nil || w.Issue.Key == "" {
		return Ticket{}, fmt.Errorf("%s delivery without an issue key", w.WebhookEvent)
	}
	is := *w.Issue
	switch w.WebhookEvent {
	case WebhookIssueCreated:
		is.Changelog, is.Fields.Comment = nil, nil
		return is.ticket()
	case WebhookIssueUpdated, WebhookCommentCreated:
	default:
		return Ticket{}, fmt.Errorf("webhookEvent %q is not one of %s", w.WebhookEvent,
			strings.Join([]string{WebhookIssueCreated, WebhookIssueUpdated, WebhookCommentCreated}, ", "))
	}
	t := Ticket{Key: hypercare.IssueID(is.Key), Title: text.Clean(is.Fields.Summary)}
	if cl := w.Changelog; w.WebhookEvent == WebhookIssueUpdated && cl != nil && len(cl.Items) > 0 {
		if cl.ID == "" {
			return Ticket{}, fmt.Errorf("issue %s: changelog without an id", is.Key)
		}
		if w.Timestamp == nil {
			return Ticket{}, fmt.Errorf("issue %s: %s delivery without a timestamp", is.Key, w.WebhookEvent)
		}
		at := time.UnixMilli(*w.Timestamp).UTC()
		// Kept whatever fields it changed, as Import keeps each history: one
		// that changed none the package reads (a summary) gives no event,
		// but dates the title.
		t.Updates = append(t.Updates, update(cl.ID, at, w.User.id(), cl.Items, func(string, string) {}))
	}
	if w.Comment != nil {
		u, ok, err := w.Comment.update()
		if err != nil {
			return Ticket{}, fmt.Errorf("issue %s: %w", is.Key, err)
		}
		if ok {
			t.Updates = append(t.Updates, u)
		}
	}
	return t, nil
}
