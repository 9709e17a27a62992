package portfolio

import (
	"errors"

	"github.com/foliohq/folio/portfolio/record"
)

// KindRating is a dated set of self-ratings. Resolve does not look among ratings;
// history.ResolveRecord does.
const KindRating = record.KindRating

// IsAmbiguous reports whether err says an ID prefix names more than one record.
func IsAmbiguous(err error) bool { return errors.Is(err, ErrAmbiguousID) }
