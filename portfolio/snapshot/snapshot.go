// Package snapshot keeps automatic copies of the vault: the policy in folio's
// configuration folder, the copies' names and folder, the day's snapshot taken after
// an unlock, thinning old ones out, and restoring one. The vault-level work (the
// copy itself, checking it, putting it back) is the core's (Portfolio.WriteSnapshot,
// VerifySnapshot, ReplaceWith).
package snapshot

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
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/interchange"
	"github.com/foliohq/folio/storage/atomicfile"
)

// Automatic snapshots: on the first unlock of each day folio copies the vault into a
// backups folder, verifies the copy, and thins old copies out as restic's
// --keep-daily/--keep-weekly/--keep-monthly do. Whether a day has its snapshot is read
// from the folder itself (the snapshots' names carry when they were taken), so there is
// no state to keep and a snapshot deleted by hand is simply taken again.

// Policy says whether, where and how many snapshots are kept.
type Policy struct {
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

// DefaultPolicy keeps 7 daily, 4 weekly and 6 monthly snapshots beside the vault.
func DefaultPolicy() Policy { return Policy{Daily: 7, Weekly: 4, Monthly: 6} }

// PolicyFile is the policy's file in folio's configuration folder.
const PolicyFile = "backups.toml"

// maxKeep bounds each count, so a typo cannot ask for a million files.
const maxKeep = 1000

// LoadPolicy reads configDir/backups.toml; without the file (or a
// configuration folder) it is DefaultPolicy. Counts left out keep their
// defaults.
func LoadPolicy(configDir string) (Policy, error) {
	pol := DefaultPolicy()
	if configDir == "" {
		return pol, nil
	}
	file := filepath.Join(configDir, PolicyFile)
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return pol, nil
	}
	if err != nil {
		return pol, err
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&pol); err != nil {
		return DefaultPolicy(), invalid("%s: %v", file, err)
	}
	if err := pol.Validate(); err != nil {
		return DefaultPolicy(), invalid("%s: %v", file, err)
	}
	return pol, nil
}

// Validate checks the counts and the folder.
func (pol Policy) Validate() error {
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

// SavePolicy writes the policy to configDir/backups.toml, complete or not at all.
func SavePolicy(configDir string, pol Policy) error {
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
	return interchange.WriteFileAtomic(filepath.Join(configDir, PolicyFile), data, true)
}

// SnapshotFolder is where the portfolio's snapshots go under pol.
func Folder(p *portfolio.Portfolio, pol Policy) string {
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
func prefixOf(p *portfolio.Portfolio) string {
	vault := p.Path()
	return strings.TrimSuffix(filepath.Base(vault), filepath.Ext(vault)) + "-" + p.SnapshotTag()
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
func List(p *portfolio.Portfolio, folder string) ([]Snapshot, error) {
	list, err := os.ReadDir(folder)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Snapshot
	prefix := prefixOf(p)
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

// TakeSnapshot writes and verifies a snapshot of the vault in folder now.
func Take(p *portfolio.Portfolio, folder string) (Snapshot, SnapshotCheck, error) {
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return Snapshot{}, SnapshotCheck{}, err
	}
	now := p.Now()
	prefix := prefixOf(p)
	for n := 0; ; n++ {
		path := filepath.Join(folder, snapshotName(prefix, now, n))
		check, err := p.WriteSnapshot(path)
		if errors.Is(err, os.ErrExist) && n < 100 {
			continue
		}
		return Snapshot{Path: path, Taken: now.Truncate(time.Second), seq: n}, check, err
	}
}

// Auto is what TakeDailySnapshot did.
type Auto struct {
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
func TakeDaily(p *portfolio.Portfolio, pol Policy) (Auto, error) {
	var res Auto
	if pol.Off {
		return res, nil
	}
	release, ok := p.HoldOpen()
	if !ok {
		return res, errLockedFirst
	}
	defer release()
	return takeDaily(p, pol)
}

// errLockedFirst is a snapshot asked for after the vault was locked.
var errLockedFirst = errors.New("the vault was locked before the day's snapshot began")

func takeDaily(p *portfolio.Portfolio, pol Policy) (Auto, error) {
	folder := Folder(p, pol)
	res := Auto{Folder: folder}
	res.Swept, _ = atomicfile.SweepStale(folder)
	have, err := List(p, folder)
	if err != nil {
		return res, err
	}
	today := calendar.DateOf(p.Now())
	for _, s := range have {
		if calendar.DateOf(s.Taken) == today {
			return res, nil
		}
	}
	s, _, err := Take(p, folder)
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
func Thin(snaps []Snapshot, pol Policy) []Snapshot {
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

// RestoreSnapshot keeps the vault as it is now as a snapshot in folder, then replaces
// it with the snapshot at path, which then opens with today's passphrase. The
// portfolio is closed afterwards; open the vault again to use it. It returns the
// snapshot of the vault as it was.
func Restore(p *portfolio.Portfolio, path, folder string) (Snapshot, error) {
	if _, err := p.VerifySnapshot(path); err != nil {
		return Snapshot{}, err
	}
	before, _, err := Take(p, folder)
	if err != nil {
		return Snapshot{}, fmt.Errorf("could not keep the vault as it is before restoring, so nothing was restored: %w", err)
	}
	if err := p.ReplaceWith(path); err != nil {
		return before, err
	}
	return before, nil
}

// StartDailySnapshot runs TakeDailySnapshot in the background and delivers its
// outcome on the channel, so an unlock is never kept waiting; Close waits for it.
func StartDaily(p *portfolio.Portfolio, pol Policy) <-chan DailyResult {
	done := make(chan DailyResult, 1)
	if pol.Off {
		done <- DailyResult{}
		return done
	}
	// Admitted now, not when the goroutine runs, so a Close that follows at once
	// waits for the snapshot instead of refusing it.
	release, ok := p.HoldOpen()
	if !ok {
		done <- DailyResult{Err: errLockedFirst}
		return done
	}
	go func() {
		defer release()
		r, err := takeDaily(p, pol)
		done <- DailyResult{r, err}
	}()
	return done
}

// DailyResult is StartDailySnapshot's outcome.
type DailyResult struct {
	Auto
	Err error
}

// invalid is bad input: an error wrapping portfolio.ErrInvalid.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", portfolio.ErrInvalid, fmt.Sprintf(format, args...))
}
