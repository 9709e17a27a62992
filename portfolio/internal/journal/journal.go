// Package journal is the sealed journal of an archive import written in batches
// (docs/VAULT.md, "An import under way"): the record each batch writes beside the
// records it adds, naming them (Write), and the roll-back the next open runs when an
// import did not finish.
package journal

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/foliohq/folio/storage"
)

// A large import is written in batches (docs/VAULT.md, "An import under way"): bbolt
// keeps every page a transaction dirties in memory until it commits, so one
// transaction of 100,000 entries held well over a gigabyte. Each batch adds only
// records new to the vault (no earlier value, no history, not in the trash) and,
// in the same transaction, a sealed journal record naming them. The import's last
// transaction (the core's Staged.Commit) writes everything else and deletes the journal
// records: that commit is the import's. Until it, the journal names exactly what
// the unfinished import has written, and the next open (Open) takes it out
// again, so a kill at any moment leaves the whole import or none of it.

// Coll holds the journal records of an unfinished import.
const Coll = "import-journal"

// format is the first byte of a journal record's plaintext.
const format = 1

// Group is one collection's records in a journal record.
type Group struct {
	Coll string
	IDs  []storage.ID
}

// Encode is a journal record's plaintext: the format byte, then for each
// collection its name's length (one byte, 1 to 255), the name, the count of IDs
// (uvarint) and the IDs, IDSize bytes each.
func Encode(groups []Group) []byte {
	b := []byte{format}
	for _, g := range groups {
		b = append(b, byte(len(g.Coll)))
		b = append(b, g.Coll...)
		b = binary.AppendUvarint(b, uint64(len(g.IDs)))
		for _, id := range g.IDs {
			b = append(b, id[:]...)
		}
	}
	return b
}

// errMalformed means a journal record does not read as one.
var errMalformed = fmt.Errorf("%w: the journal of an unfinished import is malformed", storage.ErrDamaged)

// Decode reads a journal record strictly: every collection must be one
// whose records keep history, as only those are batched.
func Decode(b []byte, known func(coll string) bool) ([]Group, error) {
	if len(b) == 0 || b[0] != format {
		return nil, errMalformed
	}
	b = b[1:]
	var out []Group
	for len(b) > 0 {
		n := int(b[0])
		if n == 0 || len(b) < 1+n {
			return nil, errMalformed
		}
		coll := string(b[1 : 1+n])
		if !known(coll) {
			return nil, errMalformed
		}
		b = b[1+n:]
		count, k := binary.Uvarint(b)
		// Only the shortest form of the count: one record, one spelling.
		if k <= 0 || k != len(binary.AppendUvarint(nil, count)) || count == 0 || count > uint64(len(b)-k)/storage.IDSize {
			return nil, errMalformed
		}
		b = b[k:]
		g := Group{Coll: coll, IDs: make([]storage.ID, count)}
		for i := range g.IDs {
			copy(g.IDs[i][:], b[:storage.IDSize])
			b = b[storage.IDSize:]
		}
		out = append(out, g)
	}
	return out, nil
}

// Put is one record a batch adds: its collection, its ID and its plaintext.
type Put struct {
	Coll  string
	ID    storage.ID
	Plain []byte
}

// Write writes a batch in tx: puts, sorted here in key order within each
// collection (bbolt splits a node only at commit, so records put in random order
// land in the middle of one ever-growing leaf; in key order each put appends), and
// the journal record jid naming them.
func Write(tx *storage.Tx, jid storage.ID, puts []Put) error {
	slices.SortFunc(puts, func(a, b Put) int {
		if c := strings.Compare(a.Coll, b.Coll); c != 0 {
			return c
		}
		return bytes.Compare(a.ID[:], b.ID[:])
	})
	var groups []Group
	for _, x := range puts {
		if len(groups) == 0 || groups[len(groups)-1].Coll != x.Coll {
			groups = append(groups, Group{Coll: x.Coll})
		}
		g := &groups[len(groups)-1]
		g.IDs = append(g.IDs, x.ID)
		if err := tx.Put(x.Coll, x.ID, x.Plain); err != nil {
			return err
		}
	}
	return tx.Put(Coll, jid, Encode(groups))
}

// End deletes the journal records ids in an import's last transaction, whose
// commit then makes the batches they name part of the import.
func End(tx *storage.Tx, ids []storage.ID) error {
	for _, jid := range ids {
		if err := tx.Delete(Coll, jid); err != nil {
			return err
		}
	}
	return nil
}

// Rollback takes out the records one journal record names, with every
// version of them, and the journal record itself.
func Rollback(tx *storage.Tx, jid storage.ID, plain []byte, known func(coll string) bool) error {
	groups, err := Decode(plain, known)
	if err != nil {
		return err
	}
	for _, g := range groups {
		for _, id := range g.IDs {
			if err := tx.Delete(g.Coll, id); err != nil {
				return err
			}
			if _, err := tx.Purge(g.Coll, id); err != nil {
				return err
			}
		}
	}
	return tx.Delete(Coll, jid)
}

// Open opens the vault as storage.Open does, first taking out the records
// of an import that did not finish (its journal records). A vault opened to read
// alone is opened once to write for that, then again as asked.
func Open(path string, passphrase []byte, opts storage.Options, known func(coll string) bool) (*storage.Vault, error) {
	v, err := storage.Open(path, passphrase, opts)
	if err != nil {
		return nil, err
	}
	n, counted, err := v.Count(Coll)
	if err != nil || (counted && n == 0) {
		if err != nil {
			v.Close()
			return nil, err
		}
		return v, nil
	}
	if opts.ReadOnly {
		v.Close()
		w := opts
		w.ReadOnly, w.Writing = false, true
		if v, err = storage.Open(path, passphrase, w); err != nil {
			return nil, fmt.Errorf("the vault holds an import that did not finish, which only a write can take out: %w", err)
		}
		err = rollbackAll(v, known)
		v.Close()
		if err != nil {
			return nil, err
		}
		return storage.Open(path, passphrase, opts)
	}
	if err := rollbackAll(v, known); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// rollbackAll takes out what an unfinished import wrote, one transaction a
// journal record. It runs before the history is kept (newPortfolio), so the
// deletions leave no version behind, and outside the catalogue's writes, so the
// catalogue and the text index, no longer in step, are checked and mended as the
// portfolio opens.
func rollbackAll(v *storage.Vault, known func(coll string) bool) error {
	journal := map[storage.ID][]byte{}
	var mu sync.Mutex
	damaged, err := v.Load(Coll, func(id storage.ID, plain []byte) error {
		mu.Lock()
		journal[id] = bytes.Clone(plain)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return err
	}
	if len(damaged) > 0 {
		return fmt.Errorf("%w: the journal of an import that did not finish cannot be read, so what it wrote cannot be taken out; restore a backup", storage.ErrDamaged)
	}
	for id, plain := range journal {
		if err := v.Update(func(tx *storage.Tx) error { return Rollback(tx, id, plain, known) }); err != nil {
			return err
		}
	}
	return nil
}
