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

func (p *params) text(s string) int {
	if p.nt == len(p.texts) {
		return p.add(s)
	}
	p.texts[p.nt] = pgtype.Text{String: s, Valid: true}
	p.nt++
	return p.add(&p.texts[p.nt-1])
}

func (p *params) int16(n int16) int {
	if p.n16 == len(p.i16) {
		return p.add(n)
	}
	p.i16[p.n16] = pgtype.Int2{Int16: n, Valid: true}
	p.n16++
	return p.add(&p.i16[p.n16-1])
}

func (p *params) int32(n int) int {
	if p.n32 == len(p.i32) {
		return p.add(int32(n))
	}
	p.i32[p.n32] = pgtype.Int4{Int32: int32(n), Valid: true}
	p.n32++
	return p.add(&p.i32[p.n32-1])
}

func (p *params) int64(n int64) int {
	if p.n64 == len(p.i64) {
		return p.add(n)
	}
	p.i64[p.n64] = pgtype.Int8{Int64: n, Valid: true}
	p.n64++
	return p.add(&p.i64[p.n64-1])
}

func (p *params) bool(b bool) int {
	if p.nb == len(p.bools) {
		return p.add(b)
	}
	p.bools[p.nb] = pgtype.Bool{Bool: b, Valid: true}
	p.nb++
	return p.add(&p.bools[p.nb-1])
}

// time adds t as a timestamptz, NULL for the zero time. The caller splits
// off the nanoseconds below the microsecond first (splitTime).
func (p *params) time(t time.Time) int {
	v := pgtype.Timestamptz{Time: t, Valid: !t.IsZero()}
	if p.ntm == len(p.times) {
		return p.add(v)
	}
	p.times[p.ntm] = v
	p.ntm++
	return p.add(&p.times[p.ntm-1])
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
