package portfolio

import (
	"fmt"

	"github.com/foliohq/folio/storage"
)

// Side collections hold records the core keeps no copy of in memory and does not
// put in the archive: the package that owns the kind encodes, checks, writes and
// reads them whole, through PutSide and LoadSide.
const (
	// CollEvaluations holds package evaluation's filled-in questionnaires.
	CollEvaluations = collEvaluations
	collEvaluations = "evaluations"
)

// PutSide seals data as a new record of a side collection, in one transaction, and
// returns its ID.
func (p *Portfolio) PutSide(coll string, data []byte) (ID, error) {
	if coll != collEvaluations {
		return "", fmt.Errorf("%q is not a side collection", coll)
	}
	sid := storage.NewID()
	if err := p.vault.Put(coll, sid, data); err != nil {
		return "", err
	}
	return ID(sid.String()), nil
}

// LoadSide opens every record of a side collection and hands each to fn, which may
// be called from several goroutines at once and must copy what it keeps: the record
// is overwritten when fn returns. Records that fail to open are returned as damage.
func (p *Portfolio) LoadSide(coll string, fn func(id ID, plain []byte) error) ([]Damage, error) {
	if coll != collEvaluations {
		return nil, fmt.Errorf("%q is not a side collection", coll)
	}
	return p.vault.Load(coll, func(sid storage.ID, plain []byte) error {
		defer clear(plain)
		return fn(ID(sid.String()), plain)
	})
}
