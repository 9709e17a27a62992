// Package testvault makes the small, cheap vaults the tests of portfolio's
// subpackages run against, on a pinned clock.
package testvault

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
)

// Now is the pinned clock of every test: Saturday 14 March 2026, 10:00 UTC.
var Now = time.Date(2026, time.March, 14, 10, 0, 0, 0, time.UTC)

// Today is Now's calendar day.
var Today = calendar.MakeDate(2026, time.March, 14)

// Passphrase unlocks every test vault.
var Passphrase = []byte("correct horse battery staple")

// CheapKDF keeps tests fast; the program's default is never this cheap.
var CheapKDF = portfolio.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// Clock is a settable clock, so a test can move time forward between saves.
type Clock struct{ T time.Time }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

// Options are the options of a test vault on clock c.
func Options(c *Clock) portfolio.Options {
	return portfolio.Options{KDF: CheapKDF, Now: c.Now}
}

// New creates an empty vault in a fresh temporary directory and closes it when the
// test ends.
func New(t testing.TB) (*portfolio.Portfolio, *Clock) {
	t.Helper()
	c := &Clock{T: Now}
	path := filepath.Join(t.TempDir(), "vault.folio")
	p, err := portfolio.Create(path, Passphrase, Options(c))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p, c
}

// Reopen closes p and opens its vault again with the same clock, as a new run of the
// program would.
func Reopen(t testing.TB, p *portfolio.Portfolio, c *Clock) *portfolio.Portfolio {
	t.Helper()
	path := p.Path()
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	q, err := portfolio.Open(path, Passphrase, Options(c))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// MustAddEntry adds e or fails the test.
func MustAddEntry(t testing.TB, p *portfolio.Portfolio, e portfolio.Entry) *portfolio.Entry {
	t.Helper()
	got, err := p.AddEntry(e)
	if err != nil {
		t.Fatalf("AddEntry(%q): %v", e.Title, err)
	}
	return got
}

// MustAddGoal adds g or fails the test. It writes through the store API as
// goals.Add does, since testvault may import only the core (goals' own tests use it).
func MustAddGoal(t testing.TB, p *portfolio.Portfolio, g portfolio.Goal) *portfolio.Goal {
	t.Helper()
	err := p.Update(func(tx *portfolio.Tx) error {
		g.ID, g.Created = tx.NewID(), tx.Now()
		g.Updated = g.Created
		if err := portfolio.Validate(tx, &g); err != nil {
			return err
		}
		return portfolio.Put(tx, &g)
	})
	if err != nil {
		t.Fatalf("AddGoal(%q): %v", g.Title, err)
	}
	return &g
}

// MustAddAction adds a or fails the test, as goals.AddAction does.
func MustAddAction(t testing.TB, p *portfolio.Portfolio, a portfolio.Action) *portfolio.Action {
	t.Helper()
	err := p.Update(func(tx *portfolio.Tx) error {
		a.ID, a.Created = tx.NewID(), tx.Now()
		a.Updated = a.Created
		if err := portfolio.Validate(tx, &a); err != nil {
			return err
		}
		if a.Status == portfolio.ActionDone && a.DoneOn.IsZero() {
			a.DoneOn = tx.Today()
		}
		return portfolio.Put(tx, &a)
	})
	if err != nil {
		t.Fatalf("AddAction(%q): %v", a.What, err)
	}
	return &a
}

// Titles lists the titles of entries in order, for readable comparisons.
func Titles(es []*portfolio.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Title
	}
	return out
}

// SealTo encrypts data to the age recipient pub with the standard age library, as a
// sender's folio or age tool would.
func SealTo(t testing.TB, pub string, data []byte, armored bool) []byte {
	t.Helper()
	to, err := age.ParseX25519Recipient(pub)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var dst io.Writer = &buf
	var aw io.WriteCloser
	if armored {
		aw = armor.NewWriter(&buf)
		dst = aw
	}
	w, err := age.Encrypt(dst, to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}
