package postgres

import (
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/hypercare-go/hypercare"
)

// params collects the arguments of one statement. Each value is kept in a
// field of params, as a pgtype value, and passed to pgx as a pointer to
// that field: a pointer goes into an interface without an allocation,
// where a string, a time or an int16 is copied to the heap, and pgx
// encodes a pointer to a pgtype value through its valuer interface
// (pgtype.TextValuer, ...) without copying it either — a pointer to a
// plain string it dereferences by reflection, which allocates. So the
// whole argument list of a write costs one allocation (params itself)
// instead of one per value.
// The zero value is empty; a params must not be copied once it holds
// values.
type params struct {
	list  []any // the arguments, in order: $1 is list[0]
	buf   [32]any
	texts [16]pgtype.Text
	nt    int
	i16   [6]pgtype.Int2
	n16   int
	i32   [4]pgtype.Int4
	n32   int
	i64   [2]pgtype.Int8
	n64   int
	times [6]pgtype.Timestamptz
	ntm   int
	bools [2]pgtype.Bool
	nb    int
}

// add appends v, a pointer into p or a value of its own, and returns its
// parameter number.
func (p *params) add(v any) int {
	if p.list == nil {
		p.list = p.buf[:0]
	}
	p.list = append(p.list, v)
	return len(p.list)
}

// addIn adds v as a pointer to the next free element of arr, whose use
// *n counts, or, once arr is full, as a value of its own (one allocation).
func addIn[T any](p *params, arr []T, n *int, v T) int {
	if *n == len(arr) {
		return p.add(v)
	}
	arr[*n] = v
	*n++
	return p.add(&arr[*n-1])
}

func (p *params) text(s string) int {
	return addIn(p, p.texts[:], &p.nt, pgtype.Text{String: s, Valid: true})
}

func (p *params) int16(n int16) int {
	return addIn(p, p.i16[:], &p.n16, pgtype.Int2{Int16: n, Valid: true})
}

func (p *params) int32(n int) int {
	return addIn(p, p.i32[:], &p.n32, pgtype.Int4{Int32: int32(n), Valid: true})
}

func (p *params) int64(n int64) int {
	return addIn(p, p.i64[:], &p.n64, pgtype.Int8{Int64: n, Valid: true})
}

func (p *params) bool(b bool) int {
	return addIn(p, p.bools[:], &p.nb, pgtype.Bool{Bool: b, Valid: true})
}

// time adds t as a timestamptz, NULL for the zero time. The caller splits
// off the nanoseconds below the microsecond first (splitTime).
func (p *params) time(t time.Time) int {
	return addIn(p, p.times[:], &p.ntm, pgtype.Timestamptz{Time: t, Valid: !t.IsZero()})
}

// splitOpt is splitTime that keeps the zero time zero.
func splitOpt(t time.Time) (time.Time, int16) {
	if t.IsZero() {
		return t, 0
	}
	return splitTime(t)
}

// state adds the issue's derived columns — status, severity, kind, team,
// opened_at, resolved_at — as stateSQL reads them: "" and 0 for NULL.
func (p *params) state(is hypercare.Issue) {
	st := is.State()
	p.text(enumText(st.Status))
	p.int16(int16(st.Severity))
	p.text(enumText(st.Kind))
	p.text(enumText(st.Team))
	p.time(st.Opened)
	p.time(st.Resolved)
}

// details adds the issue's descriptive columns — title, workaround,
// fix_expected, fix_expected_ns, updated, updated_ns.
func (p *params) details(is hypercare.Issue) {
	fix, fixNS := splitOpt(is.FixExpected)
	upd, updNS := splitOpt(is.Updated)
	p.text(toText(is.Title))
	p.text(toText(is.Workaround))
	p.time(fix)
	p.int16(fixNS)
	p.time(upd)
	p.int16(updNS)
}

// row adds the columns of one event row at position seq, as insertOneSQL
// reads them: type, at, at_ns, severity, kind, team, person, reason,
// source_id, held, held_reason, then seq.
func (p *params) row(r storedEvent, seq int) {
	e := r.e
	at, ns := splitTime(e.At)
	p.text(e.Type.String())
	p.time(at)
	p.int16(ns)
	p.int16(int16(e.Severity))
	p.text(enumText(e.Kind))
	p.text(enumText(e.Team))
	p.text(toText(string(e.Person)))
	p.text(toText(e.Reason))
	p.text(toText(string(e.ID)))
	p.bool(r.held)
	p.text(toText(r.reason))
	p.int32(seq)
}
