package portfolio

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/storage"
)

// Automatic snapshots: on the first unlock of each day folio copies the vault into a
// backups folder, verifies the copy, and thins old copies out as restic's
// --keep-daily/--keep-weekly/--keep-monthly do. Whether a day has its snapshot is read
// from the folder itself (the snapshots' names carry when they were taken), so there is
// no state to keep and a snapshot deleted by hand is simply taken again.

// SnapshotPolicy says whether, where and how many snapshots are kept.
type SnapshotPolicy struct {
	// Off turns automatic snapshots off; listing and restoring still work.
	Off bool `toml:"off"`
	// Folder holds the snapshots; "" means a folder named backups beside the vault.
	Folder string `toml:"folder"`
	// Daily, Weekly and Monthly are how many of the newest days, ISO weeks and months
	// keep their newest snapshot.
	Daily   int `toml:"daily"`
	Weekly  int `toml:"weekly"`
	Monthly int `toml:"monthly"`
}

// DefaultSnapshotPolicy keeps 7 daily, 4 weekly and 6 monthly snapshots beside the vault.
func DefaultSnapshotPolicy() SnapshotPolicy { return SnapshotPolicy{Daily: 7, Weekly: 4, Monthly: 6} }

// SnapshotPolicyFile is the policy's file in folio's configuration folder.
const SnapshotPolicyFile = "backups.toml"

// maxKeep bounds each count, so a typo cannot ask for a million files.
const maxKeep = 1000

// LoadSnapshotPolicy reads configDir/backups.toml; without the file (or a
// configuration folder) it is DefaultSnapshotPolicy. Counts left out keep their
// defaults.
func LoadSnapshotPolicy(configDir string) (SnapshotPolicy, error) {
	pol := DefaultSnapshotPolicy()
	if configDir == "" {
		return pol, nil
	}
	file := filepath.Join(configDir, SnapshotPolicyFile)
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return pol, nil
	}
	if err != nil {
		return pol, err
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&pol); err != nil {
		return DefaultSnapshotPolicy(), invalid("%s: %v", file, err)
	}
	if err := pol.Validate(); err != nil {
		return DefaultSnapshotPolicy(), invalid("%s: %v", file, err)
	}
	return pol, nil
}

// Validate checks the counts and the folder.
func (pol SnapshotPolicy) Validate() error {
	for _, n := range []int{pol.Daily, pol.Weekly, pol.Monthly} {
		if n < 0 || n > maxKeep {
			return fmt.Errorf("snapshot counts must be from 0 to %d", maxKeep)
		}
	}
	if pol.Daily+pol.Weekly+pol.Monthly == 0 && !pol.Off {
		return errors.New("keeping no snapshots at all is turning them off: set off = true")
	}
	if pol.Folder != "" && !filepath.IsAbs(pol.Folder) {
		return fmt.Errorf("the snapshot folder %q must be an absolute path", pol.Folder)
	}
	return nil
}

// SaveSnapshotPolicy writes the policy to configDir/backups.toml, complete or not at all.
func SaveSnapshotPolicy(configDir string, pol SnapshotPolicy) error {
	if err := pol.Validate(); err != nil {
		return invalid("%v", err)
	}
	if err := os.MkdirAll(configDir, 0o700); err != nil {
		return err
	}
	data, err := toml.Marshal(pol)
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(configDir, SnapshotPolicyFile), data, true)
}

// SnapshotFolder is where the portfolio's snapshots go under pol.
func (p *Portfolio) SnapshotFolder(pol SnapshotPolicy) string {
	if pol.Folder != "" {
		return pol.Folder
	}
	return filepath.Join(filepath.Dir(p.Path()), "backups")
}

// Snapshot is one snapshot file.
type Snapshot struct {
	Path  string
	Taken time.Time
	// seq tells apart snapshots taken in the same second, later ones higher.
	seq int
}

// Name is the snapshot's file name, which `folio backup restore` accepts.
func (s Snapshot) Name() string { return filepath.Base(s.Path) }

// snapshotStamp is the time in a snapshot's name, in local time as the user reads it.
const snapshotStamp = "20060102-150405"

// snapshotPrefix begins the names of this vault's snapshots: the vault's file name and
// a tag derived from its key, so vaults of the same file name can share a folder
// without one's rotation ever removing the other's snapshots.
func (p *Portfolio) snapshotPrefix() string {
	vault := p.Path()
	return strings.TrimSuffix(filepath.Base(vault), filepath.Ext(vault)) + "-" + p.vault.SnapshotTag()
}

// snapshotName is the file name of the snapshot taken at t; n > 0 tells apart two
// taken in the same second.
func snapshotName(prefix string, t time.Time, n int) string {
	name := prefix + "-" + t.Local().Format(snapshotStamp)
	if n > 0 {
		name += "-" + strconv.Itoa(n)
	}
	return name + ".folio"
}

// parseSnapshotName reads back when a snapshot named with prefix was taken and its
// sequence number in that second, and whether name is one at all.
func parseSnapshotName(prefix, name string) (time.Time, int, bool) {
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `-(\d{8}-\d{6})(?:-(\d{1,4}))?\.folio$`)
	m := re.FindStringSubmatch(name)
	if m == nil {
		return time.Time{}, 0, false
	}
	t, err := time.ParseInLocation(snapshotStamp, m[1], time.Local)
	seq, _ := strconv.Atoi(m[2])
	return t, seq, err == nil
}

// Snapshots lists the portfolio's snapshots in folder, newest first.
func (p *Portfolio) Snapshots(folder string) ([]Snapshot, error) {
	list, err := os.ReadDir(folder)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Snapshot
	prefix := p.snapshotPrefix()
	for _, e := range list {
		if !e.Type().IsRegular() {
			continue
		}
		if t, seq, ok := parseSnapshotName(prefix, e.Name()); ok {
			out = append(out, Snapshot{Path: filepath.Join(folder, e.Name()), Taken: t, seq: seq})
		}
	}
	slices.SortFunc(out, func(a, b Snapshot) int {
		if c := b.Taken.Compare(a.Taken); c != 0 {
			return c
		}
		return b.seq - a.seq
	})
	return out, nil
}

// SnapshotCheck is what verifying a snapshot found.
type SnapshotCheck = storage.SnapshotCheck

// ErrNotThisVault means a snapshot is a copy of another vault.
var ErrNotThisVault = storage.ErrNotThisVault

// TakeSnapshot writes and verifies a snapshot of the vault in folder now.
func (p *Portfolio) TakeSnapshot(folder string) (Snapshot, SnapshotCheck, error) {
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return Snapshot{}, SnapshotCheck{}, err
	}
	now := p.now()
	prefix := p.snapshotPrefix()
	for n := 0; ; n++ {
		path := filepath.Join(folder, snapshotName(prefix, now, n))
		check, err := p.vault.Snapshot(path, collections)
		if errors.Is(err, os.ErrExist) && n < 100 {
			continue
		}
		return Snapshot{Path: path, Taken: now.Truncate(time.Second), seq: n}, check, err
	}
}

// AutoSnapshot is what TakeDailySnapshot did.
type AutoSnapshot struct {
	Taken   *Snapshot // nil when none was due
	Removed []Snapshot
	// Swept names the unfinished files an earlier, killed snapshot left in the folder
	// (only where unnamed files are not available), now removed.
	Swept  []string
	Folder string
}

// TakeDailySnapshot takes the day's snapshot if it is due under pol. Run it after
// unlocking, in the background: it reads the vault in one read transaction, which
// does not block changes.
func (p *Portfolio) TakeDailySnapshot(pol SnapshotPolicy) (AutoSnapshot, error) {
	var res AutoSnapshot
	if pol.Off {
		return res, nil
	}
	if !p.snapMu.enter() {
		return res, errLockedFirst
	}
	defer p.snapMu.leave()
	return p.takeDailySnapshot(pol)
}

// errLockedFirst is a snapshot asked for after the vault was locked.
var errLockedFirst = errors.New("the vault was locked before the day's snapshot began")

func (p *Portfolio) takeDailySnapshot(pol SnapshotPolicy) (AutoSnapshot, error) {
	folder := p.SnapshotFolder(pol)
	res := AutoSnapshot{Folder: folder}
	res.Swept, _ = storage.SweepStale(folder)
	have, err := p.Snapshots(folder)
	if err != nil {
		return res, err
	}
	today := calendar.DateOf(p.now())
	for _, s := range have {
		if calendar.DateOf(s.Taken) == today {
			return res, nil
		}
	}
	s, _, err := p.TakeSnapshot(folder)
	if err != nil {
		return res, err
	}
	res.Taken = &s
	have = append([]Snapshot{s}, have...)
	for _, old := range Thin(have, pol) {
		if err := os.Remove(old.Path); err == nil {
			res.Removed = append(res.Removed, old)
		}
	}
	return res, nil
}

// Thin returns the snapshots pol does not keep; snaps are newest first. The newest
// snapshot of each of the pol.Daily newest days is kept, and likewise for ISO weeks
// and months; a snapshot kept for any reason is kept.
func Thin(snaps []Snapshot, pol SnapshotPolicy) []Snapshot {
	keep := make([]bool, len(snaps))
	periods := []struct {
		n   int
		key func(time.Time) string
	}{
		{pol.Daily, func(t time.Time) string { return t.Format("2006-01-02") }},
		{pol.Weekly, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprint(y, "-", w) }},
		{pol.Monthly, func(t time.Time) string { return t.Format("2006-01") }},
	}
	for _, per := range periods {
		seen := map[string]bool{}
		for i, s := range snaps {
			if len(seen) == per.n {
				break
			}
			k := per.key(s.Taken.Local())
			if !seen[k] {
				seen[k] = true
				keep[i] = true
			}
		}
	}
	var drop []Snapshot
	for i, s := range snaps {
		if !keep[i] {
			drop = append(drop, s)
		}
	}
	return drop
}

// VerifySnapshot opens a snapshot with the vault's key and authenticates every record.
func (p *Portfolio) VerifySnapshot(path string) (SnapshotCheck, error) {
	return p.vault.VerifySnapshot(path, collections)
}

// RekeySnapshot makes a snapshot open with the vault's current passphrase.
func (p *Portfolio) RekeySnapshot(path string) error {
	return p.vault.RekeySnapshot(path, collections)
}

// RestoreSnapshot keeps the vault as it is now as a snapshot in folder, then replaces
// it with the snapshot at path, which then opens with today's passphrase. The
// portfolio is closed afterwards; open the vault again to use it. It returns the
// snapshot of the vault as it was.
func (p *Portfolio) RestoreSnapshot(path, folder string) (Snapshot, error) {
	if _, err := p.vault.VerifySnapshot(path, collections); err != nil {
		return Snapshot{}, err
	}
	before, _, err := p.TakeSnapshot(folder)
	if err != nil {
		return Snapshot{}, fmt.Errorf("could not keep the vault as it is before restoring, so nothing was restored: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.vault.Restore(path, collections); err != nil {
		return before, err
	}
	return before, nil
}

// StartDailySnapshot runs TakeDailySnapshot in the background and delivers its
// outcome on the channel, so an unlock is never kept waiting; Close waits for it.
func (p *Portfolio) StartDailySnapshot(pol SnapshotPolicy) <-chan DailySnapshotResult {
	done := make(chan DailySnapshotResult, 1)
	if pol.Off {
		done <- DailySnapshotResult{}
		return done
	}
	// Admitted now, not when the goroutine runs, so a Close that follows at once
	// waits for the snapshot instead of refusing it.
	if !p.snapMu.enter() {
		done <- DailySnapshotResult{Err: errLockedFirst}
		return done
	}
	go func() {
		defer p.snapMu.leave()
		r, err := p.takeDailySnapshot(pol)
		done <- DailySnapshotResult{r, err}
	}()
	return done
}

// DailySnapshotResult is StartDailySnapshot's outcome.
type DailySnapshotResult struct {
	AutoSnapshot
	Err error
}

// snapshotGate lets snapshots run side by side and Close wait for them to end.
type snapshotGate struct {
	mu     sync.RWMutex
	closed bool
}

// enter admits a snapshot unless the portfolio is closing.
func (g *snapshotGate) enter() bool {
	g.mu.RLock()
	if g.closed {
		g.mu.RUnlock()
		return false
	}
	return true
}

func (g *snapshotGate) leave() { g.mu.RUnlock() }

// close waits for the snapshots in progress and admits no more.
func (g *snapshotGate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}
