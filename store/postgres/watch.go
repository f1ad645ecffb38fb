package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

var _ store.Watcher = (*Store)(nil)

// notice is a store.Change as a notification carries it, with short keys.
type notice struct {
	Kind       store.ChangeKind       `json:"k"`
	Engagement hypercare.EngagementID `json:"e,omitempty"`
	Issue      hypercare.IssueID      `json:"i,omitempty"`
	Version    int                    `json:"v,omitempty"`
	Roster     string                 `json:"r,omitempty"`
}

// maxPayload is below PostgreSQL's limit of 8000 bytes for a notification.
const maxPayload = 7900

// payload encodes c for pg_notify. Keys are escaped as text columns are, so
// that any string survives JSON.
func payload(c store.Change) string {
	n := notice{
		Kind:       c.Kind,
		Engagement: hypercare.EngagementID(toText(string(c.Engagement))),
		Issue:      hypercare.IssueID(toText(string(c.Issue))),
		Version:    c.Version,
		Roster:     toText(c.Roster),
	}
	b, err := json.Marshal(n)
	if err != nil || len(b) > maxPayload {
		return `{"k":"unknown"}`
	}
	return string(b)
}

func parsePayload(p string) store.Change {
	var n notice
	if err := json.Unmarshal([]byte(p), &n); err != nil || !n.Kind.Valid() {
		return store.Change{Kind: store.ChangeUnknown}
	}
	return store.Change{
		Kind:       n.Kind,
		Engagement: hypercare.EngagementID(fromText(string(n.Engagement))),
		Issue:      hypercare.IssueID(fromText(string(n.Issue))),
		Version:    n.Version,
		Roster:     fromText(n.Roster),
	}
}

// announce queues c for the notifier, unless the store is Quiet. It is
// called after the write committed.
func (s *Store) announce(c store.Change) {
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

// Watch implements store.Watcher: it reports the changes committed to the
// store's schema from now on, by any store (in this process or another)
// that is not Quiet: each store's in the order it made them, shortly after
// they committed (see the package doc for the one way a change can go
// unreported). It listens on a connection of its own, taken from the pool
// for as long as it watches.
//
// The channel closes when ctx is done, the store is closed, or the
// connection is lost; the caller cannot tell which without checking ctx.
// After the channel closes, changes may have been missed: watch again and
// re-read what you keep. A notification is only a hint: read the store for
// the data. The caller must keep receiving: PostgreSQL queues what a slow
// watcher has not read (up to 8 GB for the whole server) and a full queue
// makes every notifying write fail.
func (s *Store) Watch(ctx context.Context) (<-chan store.Change, error) {
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
	ch := make(chan store.Change, 64)
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
