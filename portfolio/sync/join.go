package sync

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

// Joining and passphrase changes (docs/SYNC.md "The key header").

// KeyChange says the folder's newest key header is not this vault's: the passphrase
// was changed on another device. This vault still opens with its own passphrase.
type KeyChange struct {
	Device portfolio.DeviceID
	When   time.Time
	File   string
}

// Errors of Join that are the user's to fix.
var (
	ErrNotFolder = errors.New("is not a folder")
	ErrNoKey     = errors.New("holds no folio key header: it is not a folio sync folder, or no device has synced into it yet")
)

// keys publishes this vault's key header when it is the first in the folder or the
// passphrase was changed here since, removes this device's key files that an
// adopted or newer header has replaced, and notes in rep a newer header of another
// device's. It saves st if it changed.
func (s *Syncer) keys(st *state, rep *Report) error {
	cur := s.P.KeyHeader()
	sum := sha256.Sum256(cur)
	files, refused, err := readKeys(s.Folder)
	if err != nil {
		return err
	}
	var good []*wire.KeyFile
	for _, k := range files {
		if err := k.Verify(s.P); err != nil {
			refused = append(refused, Refusal{File: k.Name(), Err: err})
			continue
		}
		good = append(good, k)
	}
	if rep != nil {
		rep.Refused = append(rep.Refused, refused...)
	}
	changedHere := st.key != [32]byte{} && st.key != sum
	if len(good) == 0 || changedHere && !bytes.Equal(good[0].Header, cur) {
		k, err := s.publish(st.device, cur)
		if err != nil {
			return err
		}
		good = append([]*wire.KeyFile{k}, good...)
		if rep != nil {
			rep.KeyPublished = k.Name()
		}
	}
	if st.key != sum {
		st.key = sum
		if err := s.save(st); err != nil {
			return err
		}
	}
	newest := good[0]
	if !bytes.Equal(newest.Header, cur) {
		if rep != nil {
			rep.KeyChanged = &KeyChange{Device: newest.Device, When: newest.When, File: newest.Name()}
		}
		return nil
	}
	// This vault has the newest passphrase: its own older key files go, so an old
	// passphrase stops opening the folder once every device has moved on.
	for _, k := range good {
		if k.Device == st.device && !bytes.Equal(k.Header, cur) {
			if err := os.Remove(s.path(k.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// publish writes the vault's key header as this device's next key file.
func (s *Syncer) publish(d portfolio.DeviceID, header []byte) (*wire.KeyFile, error) {
	own := filepath.Join(s.Folder, d.String())
	if err := os.MkdirAll(own, 0o700); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(own)
	if err != nil {
		return nil, err
	}
	seq := uint64(1)
	for _, e := range ents {
		name := e.Name()
		if n, ok := wire.ParseKeyName(name); ok && n >= seq {
			seq = n + 1
		}
	}
	when := s.now()
	file, err := wire.SealKey(s.P, d, seq, when, header)
	if err != nil {
		return nil, err
	}
	k, err := wire.ParseKey(d, seq, file)
	if err != nil {
		return nil, err
	}
	return k, writeNew(s.path(k.Name()), file)
}

// PublishKey publishes the vault's key header at once if the passphrase was changed
// here (as the next sync would), and returns the key file written, "" if none or if
// the vault does not sync.
func (s *Syncer) PublishKey() (string, error) {
	if err := s.folder(); err != nil {
		if errors.Is(err, ErrNotSyncing) {
			return "", nil
		}
		return "", err
	}
	st, err := s.stored()
	if err != nil || st == nil {
		return "", err
	}
	rep := &Report{}
	if err := s.keys(st, rep); err != nil {
		return "", err
	}
	return rep.KeyPublished, nil
}

// NewestKey is the folder's newest key file that this vault's key verifies.
func (s *Syncer) NewestKey() (*wire.KeyFile, error) {
	if err := s.folder(); err != nil {
		return nil, err
	}
	files, _, err := readKeys(s.Folder)
	if err != nil {
		return nil, err
	}
	for _, k := range files {
		if k.Verify(s.P) == nil {
			return k, nil
		}
	}
	return nil, fmt.Errorf("the sync folder %s %w", s.Folder, ErrNoKey)
}

// AdoptKey makes the folder's newest key header this vault's, if passphrase (the one
// set on another device) unwraps it to this vault's key: from then on this vault opens
// with that passphrase. ErrWrongPassphrase if it does not.
func (s *Syncer) AdoptKey(passphrase []byte) (*wire.KeyFile, error) {
	k, err := s.NewestKey()
	if err != nil {
		return nil, err
	}
	if bytes.Equal(k.Header, s.P.KeyHeader()) {
		return k, nil
	}
	if err := s.P.AdoptKeyHeader(k.Header, passphrase); err != nil {
		return nil, err
	}
	st, err := s.stored()
	if err != nil || st == nil {
		return k, err
	}
	return k, s.keys(st, nil)
}

// Join makes a new vault at path for a new device of the portfolio in folder: it
// unlocks the folder's newest key header with the passphrase (asked only once the
// folder and path are known to be good), creates the vault with that key, syncs it
// through the folder and fills it with the other devices' change sets. Bad input
// (no such folder, no key header in it, a file at path, a wrong passphrase) writes
// nothing.
func Join(folder, path string, passphrase func() ([]byte, error), opts portfolio.Options) (*portfolio.Portfolio, *Report, error) {
	abs, err := filepath.Abs(folder)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s %w", folder, ErrNotFolder)
	}
	if portfolio.Exists(path) {
		return nil, nil, fmt.Errorf("%w: a vault is already at %s; a device joins with a vault of its own, so pass another --vault", portfolio.ErrExists, path)
	}
	files, _, err := readKeys(abs)
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, nil, fmt.Errorf("%s %w", folder, ErrNoKey)
	}
	pass, err := passphrase()
	if err != nil {
		return nil, nil, err
	}
	key, err := store.UnlockKey(files[0].Header, pass)
	clear(pass)
	if err != nil {
		return nil, nil, err
	}
	defer key.Close()
	if err := files[0].Verify(key); err != nil {
		return nil, nil, fmt.Errorf("%w: the sync folder's key file %s: %w", portfolio.ErrDamaged, files[0].Name(), err)
	}
	p, err := key.Create(path, opts)
	if err != nil {
		return nil, nil, err
	}
	s := &Syncer{P: p, Folder: abs, Now: opts.Now}
	if err := s.Init(false); err != nil {
		p.Close()
		return nil, nil, err
	}
	rep, err := s.Sync()
	if err != nil {
		p.Close()
		return nil, rep, err
	}
	return p, rep, nil
}

// readKeys reads every device's key files in the folder, parsed but not verified;
// files cut short are left for later, others that do not parse are refused.
func readKeys(folder string) ([]*wire.KeyFile, []Refusal, error) {
	ents, err := os.ReadDir(folder)
	if err != nil {
		return nil, nil, err
	}
	var out []*wire.KeyFile
	var refused []Refusal
	for _, e := range ents {
		d, ok := wire.ParseDeviceName(e.Name())
		if !ok || !e.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(folder, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			seq, ok := wire.ParseKeyName(f.Name())
			if !ok {
				continue
			}
			name := wire.KeyFileName(d, seq)
			b, err := os.ReadFile(filepath.Join(folder, filepath.FromSlash(name)))
			if err != nil {
				return nil, nil, err
			}
			k, err := wire.ParseKey(d, seq, b)
			switch {
			case err == nil:
				out = append(out, k)
			case err != ErrIncomplete:
				refused = append(refused, Refusal{File: name, Err: err})
			}
		}
	}
	slices.SortFunc(out, func(a, b *wire.KeyFile) int {
		switch {
		case a.Newer(b):
			return -1
		case b.Newer(a):
			return 1
		}
		return 0
	})
	return out, refused, nil
}
