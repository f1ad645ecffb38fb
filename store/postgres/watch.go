package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

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

// unknownPayload is the payload of a change too large to say.
const unknownPayload = `{"k":"unknown"}`

// appendPayload appends c's payload for pg_notify to buf: notice as JSON.
// Keys are escaped as text columns are, so that any string survives JSON.
// The payload never holds a newline (JSON escapes it in strings), which
// separates payloads in the notifier's batch.
func appendPayload(buf []byte, c store.Change) []byte {
	start := len(buf)
	if !c.Kind.Valid() {
		return append(buf, unknownPayload...)
	}
	buf = append(buf, `{"k":`...)
	buf = appendJSONString(buf, c.Kind.String())
	for _, f := range [...]struct{ key, value string }{
		{`,"e":`, string(c.Engagement)}, {`,"i":`, string(c.Issue)}, {`,"r":`, c.Roster},
	} {
		if f.value != "" {
			buf = append(buf, f.key...)
			buf = appendJSONString(buf, toText(f.value))
		}
	}
	if c.Version != 0 {
		buf = append(buf, `,"v":`...)
		buf = strconv.AppendInt(buf, int64(c.Version), 10)
	}
	buf = append(buf, '}')
	if len(buf)-start > maxPayload {
		return append(buf[:start], unknownPayload...)
	}
	return buf
}

// appendJSONString appends s, valid UTF-8, as a JSON string.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
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
		s.notices <- c
	}
}

// batchWait is how long the notifier waits, after the first change of a
// batch, for more: concurrent writers' changes then go out in one
// transaction instead of one each, which costs the server less than the
// wait costs the watchers.
const batchWait = 5 * time.Millisecond

// maxBatch bounds the changes of one batch.
const maxBatch = 256

// notifier sends the queued notifications until the queue is closed, in
// batches: it waits batchWait after the first change of a batch, then sends
// all that are queued in one statement. It does not listen to the queue
// while it waits, so that writers queue their changes without waking it.
// It runs on a connection of its own with synchronous_commit off: a
// notifying transaction holds a server-wide lock from its commit until it
// is done, which with a flush to disk would serialise every notifying
// writer.
func (s *Store) notifier(pool *pgxpool.Pool) {
	defer close(s.notified)
	defer pool.Close()
	var buf []byte
	for c := range s.notices {
		if len(s.notices) < maxBatch-1 { // else a batch is waiting already
			time.Sleep(batchWait)
		}
		buf = appendPayload(buf[:0], c)
		n, open := 1, true
	more:
		for n < maxBatch {
			select {
			case c, ok := <-s.notices:
				if !ok {
					open = false
					break more
				}
				buf = appendPayload(append(buf, '\n'), c)
				n++
			default:
				break more
			}
		}
		s.send(pool, string(buf))
		if !open {
			return
		}
	}
}

// notifyAttempts bounds the attempts to send one batch; the waits between
// them grow from 10 ms fourfold, about 0.85 s in all.
const notifyAttempts = 5

// send sends a batch of payloads (separated by newlines). A failed attempt
// is retried: the usual cause is a connection the server closed (a restart,
// a terminated backend), which the pool replaces. A batch that fails every
// attempt is dropped: the writes it announces have committed, and the
// server is unreachable for the watchers too, whose channels then close.
func (s *Store) send(pool *pgxpool.Pool, payloads string) {
	wait := 10 * time.Millisecond
	for attempt := 1; ; attempt++ {
		_, err := pool.Exec(context.Background(), `SELECT pg_notify($1, p) FROM unnest(string_to_array($2, E'\n')) AS p`, s.channel, payloads)
		if err == nil || attempt == notifyAttempts {
			return
		}
		time.Sleep(wait)
		wait *= 4
	}
}

// Watch implements store.Watcher: it reports the changes committed to the
// store's schema from now on, by any store (in this process or another)
// that is not Quiet: each store's in the order it made them, shortly after
// they committed (a store batches its notifications for about 5 ms; see
// the package doc, also for the one way a change can go unreported). It listens on a connection of its own, taken from the pool
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
