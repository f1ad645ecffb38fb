package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
)

// journalSeed returns the journal a short workload writing every op
// writes, without its header.
func journalSeed(tb testing.TB) []byte {
	fsys := newMemFS()
	f, err := openFile(memDir, fsys)
	must(tb, err)
	must(tb, f.CreateEngagement(bg, testEngagement("erp")))
	e := testEngagement("erp")
	e.Name = "ERP"
	must(tb, f.UpdateEngagement(bg, e))
	is := testIssue("erp", "INC-1", t0)
	must(tb, f.ImportIssues(bg, []hypercare.Issue{is, testIssue("erp", "INC-2", t0)}))
	is, err = f.AppendEvents(bg, "erp", "INC-1", 1, nextEvent(is, t0.Add(time.Minute)))
	must(tb, err)
	is.Workaround = "use the old screen"
	must(tb, f.UpdateIssue(bg, is))
	must(tb, f.AddSignOff(bg, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: t0}))
	must(tb, f.AddSamples(bg, "erp", hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: day0, Value: 2, Base: 4}}}))
	must(tb, f.PutRoster(bg, "erp", "week 1", testRoster()))
	merged := testIssue("erp", "INC-3", t0)
	_, err = f.MergeIssues(bg, []hypercare.Issue{merged})
	must(tb, err)
	must(tb, f.DeleteIssue(bg, "erp", "INC-2", 1))
	must(tb, f.CreateEngagement(bg, testEngagement("crm")))
	must(tb, f.PurgeEngagement(bg, "crm"))
	must(tb, f.Close())
	return fsys.bytesOf(filepath.Join(memDir, journalName))[headerSize:]
}

// FuzzReplay opens a store whose journal holds any bytes after a valid
// header: it never panics; it opens, or fails with an error (ErrCorrupt
// for damage); once it has opened, it opens again to the same state with
// nothing left to repair, and takes a write. The seeds — a group of a
// record of every op, committed or not, the journal of a workload, cut and
// damaged — run in every go test.
func FuzzReplay(f *testing.F) {
	var group []byte
	recs := seedRecords(f)
	for _, r := range recs[:len(recs)-1] { // all but the commit
		group, _ = appendRecord(group, r[0], func(p []byte) []byte { return append(p, r[1:]...) })
	}
	f.Add(appendCommit(slices.Clone(group), 0)) // a valid group
	f.Add(group)                                // the same, not committed
	journal := journalSeed(f)
	f.Add(journal)
	f.Add(journal[:len(journal)/2])
	f.Add(journal[:len(journal)-1])
	damaged := bytes.Clone(journal)
	damaged[len(damaged)/3] ^= 0x40
	f.Add(damaged)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		fsys := newMemFS()
		path := filepath.Join(memDir, journalName)
		j, err := fsys.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		must(t, err)
		_, err = j.WriteAt(append(appendHeader(nil, kindJournal, 1), body...), 0)
		must(t, err)
		must(t, j.Sync())
		must(t, fsys.SyncDir(memDir))
		s, err := openFile(memDir, fsys)
		if err != nil {
			var ce *CorruptError
			if errors.Is(err, ErrCorrupt) != errors.As(err, &ce) {
				t.Fatalf("open: %v: ErrCorrupt and *CorruptError disagree", err)
			}
			return
		}
		first := dump(t, s)
		must(t, s.Close())
		s, err = openFile(memDir, fsys)
		if err != nil {
			t.Fatalf("opened once, then not again: %v", err)
		}
		defer s.Close()
		if got := dump(t, s); got != first {
			t.Fatalf("opened to\n%s\nthen to\n%s", first, got)
		}
		if r := s.Recovery(); r.Repaired() {
			t.Fatalf("second open repaired again: %+v", r)
		}
		if err := s.CreateEngagement(bg, testEngagement("fuzz-after")); err != nil && !errors.Is(err, ErrExists) {
			t.Fatalf("write after opening: %v", err)
		}
	})
}
