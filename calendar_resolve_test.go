package hypercare

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Worked cases, by hand. Berlin: 2026-03-29 02:00 CET jumps to 03:00 CEST;
// 2026-10-25 03:00 CEST falls back to 02:00 CET. Lord Howe: 2026-10-04
// 02:00 (+10:30) jumps to 02:30 (+11); 2026-04-05 02:00 (+11) falls back to
// 01:30 (+10:30).
func TestTimeOfDayResolve(t *testing.T) {
	utc := func(s string) time.Time { return wallIn(time.UTC, s) }
	cases := []struct {
		name          string
		loc           *time.Location
		d             Date
		t             TimeOfDay
		earlier, late time.Time // zero: rejected
		reject        string    // "" when WallReject accepts
	}{
		{"Berlin, an ordinary noon", berlinZone, Date{2026, 6, 1}, TimeOfDay{12, 0}, utc("2026-06-01 10:00"), utc("2026-06-01 10:00"), ""},
		{"Berlin, 02:30 in the spring gap", berlinZone, Date{2026, 3, 29}, TimeOfDay{2, 30},
			utc("2026-03-29 00:30"), utc("2026-03-29 01:30"), "does not occur (spring-forward gap)"},
		{"Berlin, 02:30 twice in the fall", berlinZone, Date{2026, 10, 25}, TimeOfDay{2, 30},
			utc("2026-10-25 00:30"), utc("2026-10-25 01:30"), "occurs twice (fall-back overlap)"},
		{"Berlin, 03:00 right after the gap", berlinZone, Date{2026, 3, 29}, TimeOfDay{3, 0}, utc("2026-03-29 01:00"), utc("2026-03-29 01:00"), ""},
		{"Lord Howe, 02:15 in the 30-minute gap", lordHoweZone, Date{2026, 10, 4}, TimeOfDay{2, 15},
			utc("2026-10-03 15:15"), utc("2026-10-03 15:45"), "does not occur"},
		{"Lord Howe, 01:45 twice", lordHoweZone, Date{2026, 4, 5}, TimeOfDay{1, 45},
			utc("2026-04-04 14:45"), utc("2026-04-04 15:15"), "occurs twice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []struct {
				how  WallChoice
				want time.Time
			}{{WallEarlier, c.earlier}, {WallLater, c.late}} {
				got, err := c.t.Resolve(c.d, c.loc, k.how)
				if err != nil || !got.Equal(k.want) || got.Location() != c.loc {
					t.Errorf("%s: %s, %v; want %s in %s", k.how, got, err, k.want, c.loc)
				}
			}
			got, err := c.t.Resolve(c.d, c.loc, WallReject)
			switch {
			case c.reject == "" && (err != nil || !got.Equal(c.earlier)):
				t.Errorf("reject: %s, %v; want %s", got, err, c.earlier)
			case c.reject != "" && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.reject) ||
				!strings.Contains(err.Error(), c.d.String()+" "+c.t.String())):
				t.Errorf("reject: error %v, want ErrInvalid naming %s %s: %s", err, c.d, c.t, c.reject)
			}
		})
	}
	if _, err := (TimeOfDay{25, 0}).Resolve(Date{2026, 6, 1}, berlinZone, WallLater); !errors.Is(err, ErrInvalid) {
		t.Errorf("25:00: %v", err)
	}
	if _, err := (TimeOfDay{9, 0}).Resolve(Date{2026, 6, 1}, berlinZone, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("choice 0: %v", err)
	}
}

// Laws: a wall time that occurs once is the same instant under every choice
// and reads back as itself; RFC 5545's On is the earlier instant of an
// overlap and the later reading of a gap; earlier is never after later.
func TestTimeOfDayResolveLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		loc := rapid.SampledFrom([]*time.Location{berlinZone, lordHoweZone, time.UTC}).Draw(t, "loc")
		d := Date{2026, 1, 1}.AddDays(rapid.IntRange(0, 364).Draw(t, "day"))
		tod := TimeOfDay{rapid.IntRange(0, 23).Draw(t, "hour"), rapid.IntRange(0, 59).Draw(t, "minute")}
		e, err1 := tod.Resolve(d, loc, WallEarlier)
		l, err2 := tod.Resolve(d, loc, WallLater)
		_, rerr := tod.Resolve(d, loc, WallReject)
		if err1 != nil || err2 != nil {
			t.Fatalf("earlier %v, later %v", err1, err2)
		}
		if e.After(l) {
			t.Fatalf("earlier %s after later %s", e, l)
		}
		on := tod.On(d, loc)
		wall := func(x time.Time) string { return x.In(loc).Format("2006-01-02 15:04") }
		want := d.String() + " " + tod.String()
		switch {
		case rerr == nil:
			if !e.Equal(l) || !on.Equal(e) || wall(e) != want {
				t.Fatalf("unique wall time: earlier %s, later %s, On %s", e, l, on)
			}
		case wall(e) == want && wall(l) == want: // an overlap
			if !on.Equal(e) || e.Equal(l) {
				t.Fatalf("overlap: On %s, earlier %s, later %s", on, e, l)
			}
		default: // a gap: neither reads as the wall time
			if wall(e) == want || wall(l) == want || !on.Equal(l) {
				t.Fatalf("gap: earlier %s, later %s, On %s", e, l, on)
			}
		}
	})
}
