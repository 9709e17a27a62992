package entryindex

import "slices"

// Set makes byID and the date order from all, sorted newest first in place, and
// returns them. An empty byID is made anew, sized once: growing a map of 100k
// entries rehashes it a dozen times.
func Set(byID map[ID]*Slot, all []*Slot) (map[ID]*Slot, []*Slot) {
	if len(byID) == 0 {
		byID = make(map[ID]*Slot, len(all))
	}
	for _, ix := range all {
		byID[ix.id] = ix
	}
	SortNewestFirst(all)
	return byID, all
}

// Append adds the slots of es, whole, to byID and the date order, and returns
// the order sorted again. One sort of the whole list is cheaper than an insert
// per entry once the batch is more than a handful.
func Append(order []*Slot, byID map[ID]*Slot, es []*Entry) []*Slot {
	order = slices.Grow(order, len(es))
	for _, e := range es {
		ix := New(e)
		byID[ix.id] = ix
		order = append(order, ix)
	}
	slices.SortFunc(order, NewestFirst)
	return order
}
