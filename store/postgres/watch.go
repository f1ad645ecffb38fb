package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hypercare-go/hypercare"
)

// ChangeKind says what a Change changed.
type ChangeKind int

// The kinds of change. The zero ChangeKind is invalid.
const (
	// ChangeEngagement: an engagement was created, updated or purged
	// with everything of it (PurgeEngagement).
	ChangeEngagement ChangeKind = 1 + iota
	// ChangeIssue: an issue was created, appended to, updated, merged or
	// deleted (re-read it to tell); with an empty Issue, issues of
	// Engagement were imported (re-read them all).
	ChangeIssue
	// ChangeSignOff: a sign-off was added to Engagement.
	ChangeSignOff
	// ChangeSamples: adoption samples were added to Engagement.
	ChangeSamples
	// ChangeRoster: roster Roster of Engagement was put.
	ChangeRoster
	// ChangeUnknown: something changed that the notification could not
	// name (its keys were too long for a notification): re-read what you
	// keep.
	ChangeUnknown
)

var changeNames = []string{"", "engagement", "issue", "sign-off", "samples", "roster", "unknown"}

// String returns the kind's name, such as "issue".
func (k ChangeKind) String() string {
	if k > 0 && int(k) < len(changeNames) {
		return changeNames[k]
	}
	return "ChangeKind(" + strconv.Itoa(int(k)) + ")"
}

// Change is one committed write, as Watch reports it.
type Change struct {
	// Kind says what was written.
	Kind ChangeKind `json:"k"`
	// Engagement is the engagement written to ("" for an issue of none).
	Engagement hypercare.EngagementID `json:"e,omitempty"`
	// Issue is the issue written (ChangeIssue; "" after an import).
	Issue hypercare.IssueID `json:"i,omitempty"`
	// Version is the issue's version after the write (ChangeIssue; 0
	// after a delete).
	Version int `json:"v,omitempty"`
	// Roster is the roster's name (ChangeRoster).
	Roster string `json:"r,omitempty"`
}

// Watcher is the optional capability of a store that reports the changes
// committed to it, by this process or any other. *Store implements it.
//
// It is defined here until the store package grows the same capability
// for its file and memory backends; then this will be an alias of it.
type Watcher interface {
	Watch(ctx context.Context) (<-chan Change, error)
}

var _ Watcher = (*Store)(nil)

// maxPayload is below PostgreSQL's limit of 8000 bytes for a notification.
const maxPayload = 7900

// payload encodes c for pg_notify. Keys are escaped as text columns are, so
// that any string survives JSON.
func payload(c Change) string {
	c.Engagement = hypercare.EngagementID(toText(string(c.Engagement)))
	c.Issue = hypercare.IssueID(toText(string(c.Issue)))
	c.Roster = toText(c.Roster)
	b, err := json.Marshal(c)
	if err != nil || len(b) > maxPayload {
		return `{"k":` + strconv.Itoa(int(ChangeUnknown)) + `}`
	}
	return string(b)
}

func parsePayload(p string) Change {
	var c Change
	if err := json.Unmarshal([]byte(p), &c); err != nil || c.Kind <= 0 || int(c.Kind) >= len(changeNames) {
		return Change{Kind: ChangeUnknown}
	}
	c.Engagement = hypercare.EngagementID(fromText(string(c.Engagement)))
	c.Issue = hypercare.IssueID(fromText(string(c.Issue)))
	c.Roster = fromText(c.Roster)
	return c
}

// announce queues c for the notifier, unless the store is Quiet. It is
// called after the write committed.
func (s *Store) announce(c Change) {
	if s.notices != nil {
		s.notices <- payload(c)
	}
}

// notifier sends the queued notifications until the queue is closed, in
// batches: one statement for all that are waiting. It runs on a connection
// of its own with synchronous_commit off: a notifying transaction holds a
// server-wide lock from its commit until it is done, which with a flush to
// disk would serialise every notifying writer.
func (s *Store) notifier(pool *pgxpool.Pool) {
	defer close(s.notified)
	defer pool.Close()
	batch := make([]string, 0, 256)
	for p := range s.notices {
		batch = append(batch[:0], p)
	more:
		for len(batch) < cap(batch) {
			select {
			case p, ok := <-s.notices:
				if !ok {
					break more
				}
				batch = append(batch, p)
			default:
				break more
			}
		}
		// A failed notification is lost: watchers re-read after a gap
		// anyway, and the write it announces has committed.
		pool.Exec(context.Background(), `SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, s.channel, batch)
	}
}

// Watch reports the changes committed to the store's schema from now on,
// by any store (in this process or another) that is not Quiet: each
// store's in the order it made them, shortly after they committed (see the
// package doc for the one way a change can go unreported). It listens on a connection of its own, taken from the pool for as
// long as it watches.
//
// The channel closes when ctx is done, the store is closed, or the
// connection is lost; the caller cannot tell which without checking ctx.
// After the channel closes, changes may have been missed: watch again and
// re-read what you keep. A notification is only a hint: read the store for
// the data. The caller must keep receiving: PostgreSQL queues what a slow
// watcher has not read (up to 8 GB for the whole server) and a full queue
// makes every notifying write fail.
func (s *Store) Watch(ctx context.Context) (<-chan Change, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: watch: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.watchCh}.Sanitize()); err != nil {
		conn.Release()
		return nil, fmt.Errorf("postgres: watch: %w", err)
	}
	ch := make(chan Change, 64)
	ctx, cancel := context.WithCancel(ctx)
	stopWatching := context.AfterFunc(s.stopped, cancel)
	go func() {
		defer close(ch)
		defer cancel()
		defer stopWatching()
		// The connection is closed, not returned: it still listens.
		defer func() { conn.Hijack().Close(context.Background()) }()
		for {
			n, err := conn.Conn().WaitForNotification(ctx)
			if err != nil {
				return
			}
			select {
			case ch <- parsePayload(n.Payload):
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}
