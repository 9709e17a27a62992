package keyring

import "runtime/debug"

// holdCollector turns the garbage collector off until release is called, so that
// no collection starts beside the prefault or the derivation: Argon2's allocation
// would start one, which then waits on Argon2's goroutine (in assembly, so not at a
// safe point) and spins, and the collection that frees Argon2's memory afterwards
// would be forced (runtime.GC, which sweeps span by span with a yield between).
// After release the heap is above the goal the last collection set, so the next
// allocation starts a collection in the background that frees Argon2's memory.
//
// The collector's setting is the process's: a hold that finds it off already (the
// user's GOGC=off, or another derivation holding it) leaves it to whoever turned it
// off, so overlapping holds end with the setting they began with.
func holdCollector() (release func()) {
	old := debug.SetGCPercent(-1)
	if old < 0 {
		return func() {}
	}
	return func() { debug.SetGCPercent(old) }
}
