package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// engagementArgs returns the columns of e's row: id, name, location,
// go_live, planned_end, doc.
func engagementArgs(e hypercare.Engagement) ([]any, error) {
	js, err := store.EncodeEngagement(e)
	if err != nil {
		return nil, err
	}
	return []any{toText(string(e.ID)), toText(e.Name), e.Location.String(), e.GoLive, e.PlannedEnd, string(js)}, nil
}

// CreateEngagement implements store.Store.CreateEngagement.
func (s *Store) CreateEngagement(ctx context.Context, e hypercare.Engagement) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	args, err := engagementArgs(e)
	if err != nil {
		return fmt.Errorf("postgres: create engagement: %w", err)
	}
	change := store.Change{Kind: store.ChangeEngagement, Engagement: e.ID}
	_, err = s.pool.Exec(context.WithoutCancel(ctx), `WITH target AS (
		INSERT INTO engagements (id, name, location, go_live, planned_end, doc) VALUES ($1, $2, $3, $4, $5, $6::json)
		RETURNING id
	) SELECT 1`, args...)
	switch pgCode(err) {
	case "":
		s.announce(change)
		return nil
	case uniqueViolation:
		return fmt.Errorf("postgres: create engagement %q: %w", e.ID, store.ErrExists)
	}
	return fmt.Errorf("postgres: create engagement %q: %w", e.ID, err)
}

// UpdateEngagement implements store.Store.UpdateEngagement.
func (s *Store) UpdateEngagement(ctx context.Context, e hypercare.Engagement) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	args, err := engagementArgs(e)
	if err != nil {
		return fmt.Errorf("postgres: update engagement: %w", err)
	}
	change := store.Change{Kind: store.ChangeEngagement, Engagement: e.ID}
	var n int
	err = s.pool.QueryRow(context.WithoutCancel(ctx), `WITH target AS (
		UPDATE engagements SET name = $2, location = $3, go_live = $4, planned_end = $5, doc = $6::json
		WHERE id = $1 RETURNING id
	) SELECT (SELECT count(*) FROM target)`, args...).Scan(&n)
	if err != nil {
		return fmt.Errorf("postgres: update engagement %q: %w", e.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("postgres: update engagement %q: %w", e.ID, store.ErrNotFound)
	}
	s.announce(change)
	return nil
}

// decodeJSON decodes a stored document afresh.
func decodeJSON[T any](what string, js []byte) (T, error) {
	var v T
	if err := json.Unmarshal(js, &v); err != nil {
		return v, fmt.Errorf("%w: %s: %w", store.ErrCorrupt, what, err)
	}
	return v, nil
}

// Engagement implements store.Store.Engagement.
func (s *Store) Engagement(ctx context.Context, id hypercare.EngagementID) (hypercare.Engagement, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return hypercare.Engagement{}, err
	}
	defer end()
	var js []byte
	err = s.pool.QueryRow(ctx, `SELECT doc::text FROM engagements WHERE id = $1`, toText(string(id))).Scan(&js)
	if err == pgx.ErrNoRows {
		return hypercare.Engagement{}, fmt.Errorf("postgres: engagement %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return hypercare.Engagement{}, fmt.Errorf("postgres: engagement %q: %w", id, err)
	}
	e, err := decodeJSON[hypercare.Engagement]("engagement "+string(id), js)
	if err != nil {
		return hypercare.Engagement{}, fmt.Errorf("postgres: engagement %q: %w", id, err)
	}
	return e, nil
}

// listing returns a sequence that reads everything with read before it
// yields the first value (a snapshot: read runs one statement).
func listing[T any](s *Store, ctx context.Context, what string, read func() ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		list, err := func() ([]T, error) {
			end, err := s.begin(ctx)
			if err != nil {
				return nil, err
			}
			defer end()
			return read()
		}()
		if err != nil {
			var zero T
			yield(zero, fmt.Errorf("postgres: %s: %w", what, err))
			return
		}
		for _, v := range list {
			if !yield(v, nil) {
				return
			}
		}
	}
}

// docs reads the rows of a query returning a key and a JSON document.
func docs[T any](ctx context.Context, s *Store, what, query string, args ...any) ([]T, []string, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var (
		out  []T
		keys []string
		key  string
		js   []byte
	)
	for rows.Next() {
		if err := rows.Scan(&key, &js); err != nil {
			return nil, nil, err
		}
		v, err := decodeJSON[T](what, js)
		if err != nil {
			return nil, nil, err
		}
		out, keys = append(out, v), append(keys, fromText(key))
	}
	return out, keys, rows.Err()
}

// Engagements implements store.Store.Engagements.
func (s *Store) Engagements(ctx context.Context) iter.Seq2[hypercare.Engagement, error] {
	return listing(s, ctx, "engagements", func() ([]hypercare.Engagement, error) {
		engs, _, err := docs[hypercare.Engagement](ctx, s, "engagement", `SELECT id, doc::text FROM engagements ORDER BY id`)
		slices.SortFunc(engs, func(a, b hypercare.Engagement) int { return cmp.Compare(a.ID, b.ID) })
		return engs, err
	})
}

// AddSignOff implements store.Store.AddSignOff, in a transaction that
// locks the engagement: it validates the sign-off against the stored
// engagement (store.ValidateSignOff) and stores it unless an identical one
// is stored.
func (s *Store) AddSignOff(ctx context.Context, so hypercare.SignOff) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	js, err := store.EncodeSignOff(so)
	if err != nil {
		return fmt.Errorf("postgres: add sign-off: %w", err)
	}
	back, err := decodeJSON[hypercare.SignOff]("sign-off", js)
	if err != nil {
		return fmt.Errorf("postgres: add sign-off: %w", err)
	}
	ctx = context.WithoutCancel(ctx)
	eng := toText(string(so.Engagement))
	added := false
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		// The engagement, locked: sign-offs of one engagement are added
		// one at a time, so that an identical one is stored once.
		var ejs []byte
		err := tx.QueryRow(ctx, `SELECT doc::text FROM engagements WHERE id = $1 FOR UPDATE`, eng).Scan(&ejs)
		if err == pgx.ErrNoRows {
			return fmt.Errorf("engagement %q: %w", so.Engagement, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		e, err := decodeJSON[hypercare.Engagement]("engagement "+string(so.Engagement), ejs)
		if err != nil {
			return err
		}
		if err := store.ValidateSignOff(e, back); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT doc::text FROM sign_offs WHERE engagement = $1 AND by_person = $2 AND role = $3`,
			eng, toText(string(back.By)), back.Role.String())
		if err != nil {
			return err
		}
		stored, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		if err != nil {
			return err
		}
		for _, sjs := range stored {
			had, err := decodeJSON[hypercare.SignOff]("sign-off", sjs)
			if err != nil {
				return err
			}
			if sameSignOff(had, back) {
				return nil // stored already
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO sign_offs (engagement, by_person, role, at, note, doc) VALUES ($1, $2, $3, $4, $5, $6::json)`,
			eng, toText(string(back.By)), back.Role.String(), back.At, toText(back.Note), string(js))
		added = err == nil
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: add sign-off to engagement %q: %w", so.Engagement, err)
	}
	if added {
		s.announce(store.Change{Kind: store.ChangeSignOff, Engagement: so.Engagement})
	}
	return nil
}

// sameSignOff reports whether a and b are identical sign-offs: every
// field equal, the instants by time.Time.Equal.
func sameSignOff(a, b hypercare.SignOff) bool {
	return a.Engagement == b.Engagement && a.By == b.By && a.Role == b.Role && a.At.Equal(b.At) && a.Note == b.Note
}

// SignOffs implements store.Store.SignOffs.
func (s *Store) SignOffs(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[hypercare.SignOff, error] {
	return listing(s, ctx, "sign-offs", func() ([]hypercare.SignOff, error) {
		out, _, err := docs[hypercare.SignOff](ctx, s, "sign-off", `SELECT engagement, doc::text FROM sign_offs WHERE engagement = $1 ORDER BY seq`, toText(string(eng)))
		return out, err
	})
}

// AddSamples implements store.Store.AddSamples, in one statement.
func (s *Store) AddSamples(ctx context.Context, eng hypercare.EngagementID, series ...hypercare.Series) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	prepared, err := store.PrepareSeries(eng, series)
	if err != nil {
		return fmt.Errorf("postgres: add samples to engagement %q: %w", eng, err)
	}
	var (
		mk, mn, dim, seg []string
		days             []time.Time
		values, bases    []float64
	)
	for _, sr := range prepared {
		for _, x := range sr.Samples {
			mk, mn = append(mk, sr.Metric.Kind.String()), append(mn, toText(sr.Metric.Name))
			dim, seg = append(dim, toText(sr.Segment.Dimension)), append(seg, toText(sr.Segment.Name))
			days = append(days, time.Date(x.Date.Year, x.Date.Month, x.Date.Day, 0, 0, 0, 0, time.UTC))
			values, bases = append(values, x.Value), append(bases, x.Base)
		}
	}
	if len(days) == 0 {
		var ok bool
		if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM engagements WHERE id = $1)`, toText(string(eng))).Scan(&ok); err != nil {
			return fmt.Errorf("postgres: add samples to engagement %q: %w", eng, err)
		}
		if !ok {
			return fmt.Errorf("postgres: add samples to engagement %q: %w", eng, store.ErrNotFound)
		}
		return nil
	}
	args := []any{toText(string(eng)), mk, mn, dim, seg, days, values, bases}
	change := store.Change{Kind: store.ChangeSamples, Engagement: eng}
	_, err = s.pool.Exec(context.WithoutCancel(ctx), `WITH target AS (
		INSERT INTO samples (engagement, metric_kind, metric_name, dimension, segment, day, value, base)
		SELECT $1, x.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::float8[], $8::float8[]) AS x
		RETURNING 1
	) SELECT 1`, args...)
	switch pgCode(err) {
	case "":
		s.announce(change)
		return nil
	case uniqueViolation:
		var kind, name, dimension, segment string
		var day time.Time
		if s.pool.QueryRow(context.WithoutCancel(ctx), `SELECT metric_kind, metric_name, dimension, segment, day FROM samples
			WHERE engagement = $1 AND (metric_kind, metric_name, dimension, segment, day) IN
				(SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::date[]))
			ORDER BY 1, 2, 3, 4, 5 LIMIT 1`, args[:6]...).Scan(&kind, &name, &dimension, &segment, &day) == nil {
			d := hypercare.Date{Year: day.Year(), Month: day.Month(), Day: day.Day()}
			return fmt.Errorf("postgres: add samples to engagement %q: the sample of %s %q (%s %q) on %s is already stored: %w",
				eng, kind, fromText(name), fromText(dimension), fromText(segment), d, store.ErrExists)
		}
		return fmt.Errorf("postgres: add samples to engagement %q: a sample is already stored: %w", eng, store.ErrExists)
	case foreignKeyViolation:
		return fmt.Errorf("postgres: add samples to engagement %q: %w", eng, store.ErrNotFound)
	}
	return fmt.Errorf("postgres: add samples to engagement %q: %w", eng, err)
}

// Series implements store.Store.Series.
func (s *Store) Series(ctx context.Context, eng hypercare.EngagementID, f store.SeriesFilter) iter.Seq2[hypercare.Series, error] {
	return listing(s, ctx, "series", func() ([]hypercare.Series, error) {
		if err := f.Validate(); err != nil {
			return nil, err
		}
		rows, err := s.pool.Query(ctx, `SELECT metric_kind, metric_name, dimension, segment, day, value, base
			FROM samples WHERE engagement = $1 ORDER BY metric_kind, metric_name, dimension, segment, day`, toText(string(eng)))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var (
			all              []hypercare.Series
			mk, mn, dim, seg string
			day              time.Time
			value, base      float64
		)
		for rows.Next() {
			if err := rows.Scan(&mk, &mn, &dim, &seg, &day, &value, &base); err != nil {
				return nil, err
			}
			kind, ok := metricKinds[mk]
			if !ok {
				return nil, fmt.Errorf("%w: a sample of unknown metric kind %q", store.ErrCorrupt, mk)
			}
			m := hypercare.AdoptionMetric{Kind: kind, Name: fromText(mn)}
			sg := hypercare.Segment{Dimension: fromText(dim), Name: fromText(seg)}
			if n := len(all); n == 0 || all[n-1].Metric != m || all[n-1].Segment != sg {
				all = append(all, hypercare.Series{Metric: m, Segment: sg})
			}
			last := &all[len(all)-1]
			y, mo, d := day.Date()
			last.Samples = append(last.Samples, hypercare.Sample{Date: hypercare.Date{Year: y, Month: mo, Day: d}, Value: value, Base: base})
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		var out []hypercare.Series
		for _, sr := range all {
			if kept, ok := f.Apply(sr); ok {
				out = append(out, kept)
			}
		}
		slices.SortFunc(out, store.CompareSeries)
		return out, nil
	})
}

// PutRoster implements store.Store.PutRoster.
func (s *Store) PutRoster(ctx context.Context, eng hypercare.EngagementID, name string, r hypercare.Roster) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	js, err := store.EncodeRoster(eng, name, r)
	if err != nil {
		return fmt.Errorf("postgres: put roster: %w", err)
	}
	args := []any{toText(string(eng)), toText(name), string(js)}
	change := store.Change{Kind: store.ChangeRoster, Engagement: eng, Roster: name}
	_, err = s.pool.Exec(context.WithoutCancel(ctx), `WITH target AS (
		INSERT INTO rosters (engagement, name, doc) VALUES ($1, $2, $3::json)
		ON CONFLICT (engagement, name) DO UPDATE SET doc = excluded.doc
		RETURNING 1
	) SELECT 1`, args...)
	switch pgCode(err) {
	case "":
		s.announce(change)
		return nil
	case foreignKeyViolation:
		return fmt.Errorf("postgres: put roster %q of engagement %q: %w", name, eng, store.ErrNotFound)
	}
	return fmt.Errorf("postgres: put roster %q of engagement %q: %w", name, eng, err)
}

// Roster implements store.Store.Roster.
func (s *Store) Roster(ctx context.Context, eng hypercare.EngagementID, name string) (hypercare.Roster, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return hypercare.Roster{}, err
	}
	defer end()
	var js []byte
	err = s.pool.QueryRow(ctx, `SELECT doc::text FROM rosters WHERE engagement = $1 AND name = $2`, toText(string(eng)), toText(name)).Scan(&js)
	if err == pgx.ErrNoRows {
		return hypercare.Roster{}, fmt.Errorf("postgres: roster %q of engagement %q: %w", name, eng, store.ErrNotFound)
	}
	if err != nil {
		return hypercare.Roster{}, fmt.Errorf("postgres: roster %q of engagement %q: %w", name, eng, err)
	}
	r, err := decodeJSON[hypercare.Roster]("roster "+name, js)
	if err != nil {
		return hypercare.Roster{}, fmt.Errorf("postgres: roster %q of engagement %q: %w", name, eng, err)
	}
	return r, nil
}

// Rosters implements store.Store.Rosters.
func (s *Store) Rosters(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[store.NamedRoster, error] {
	return listing(s, ctx, "rosters", func() ([]store.NamedRoster, error) {
		rs, names, err := docs[hypercare.Roster](ctx, s, "roster", `SELECT name, doc::text FROM rosters WHERE engagement = $1`, toText(string(eng)))
		if err != nil {
			return nil, err
		}
		out := make([]store.NamedRoster, len(rs))
		for i, r := range rs {
			out[i] = store.NamedRoster{Engagement: eng, Name: names[i], Roster: r}
		}
		slices.SortFunc(out, func(a, b store.NamedRoster) int { return cmp.Compare(a.Name, b.Name) })
		return out, nil
	})
}
