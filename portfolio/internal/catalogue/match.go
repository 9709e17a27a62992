package catalogue

import (
	"runtime"
	"slices"
	"sync"
)

// ParallelThreshold is the entry count past which a text search is split across cores.
const ParallelThreshold = 4096

func MatchSerial[T any](list []T, limit int, match func(T) bool) []T {
	var out []T
	for _, ix := range list {
		if match(ix) {
			out = append(out, ix)
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out
}

// Matching returns the members of list that match, in order, splitting a long
// list across the cores.
func Matching[T any](list []T, limit int, match func(T) bool) []T {
	workers := runtime.GOMAXPROCS(0)
	if len(list) < ParallelThreshold || workers < 2 || limit > 0 {
		return MatchSerial(list, limit, match)
	}
	// Split the scan into contiguous parts so results keep their order when joined.
	parts := make([][]T, workers)
	size := (len(list) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*size, min((w+1)*size, len(list))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ix := range list[lo:hi] {
				if match(ix) {
					parts[w] = append(parts[w], ix)
				}
			}
		}()
	}
	wg.Wait()
	return slices.Concat(parts...)
}
