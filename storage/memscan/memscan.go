// Package memscan searches a process's memory, its own or a child's, for byte
// strings, so tests can show that secrets are gone after a vault is closed or the
// app locks. Only tests import it.
//
// The needles are handed over complemented (every byte inverted) and matched against
// complemented memory, so the scan itself never puts a needle in memory to find.
package memscan

import (
	"bytes"
	"fmt"
)

// Needle is a secret to look for, stored complemented.
type Needle struct {
	Name string
	Not  []byte // the secret with every byte inverted
}

// Complement inverts every byte of b into a new slice.
func Complement(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = ^c
	}
	return out
}

// Hit is one place a needle was found.
type Hit struct {
	Needle  string
	Addr    uint64
	Mapping string // the line of /proc/self/maps that holds Addr
}

func (h Hit) String() string { return fmt.Sprintf("%s at %#x in %s", h.Needle, h.Addr, h.Mapping) }

// find reports the offsets in chunk where the complement of not occurs.
func find(chunk, not []byte) []int {
	if len(not) == 0 {
		return nil
	}
	var at []int
	first := ^not[0]
	for i := 0; i+len(not) <= len(chunk); {
		j := bytes.IndexByte(chunk[i:len(chunk)-len(not)+1], first)
		if j < 0 {
			break
		}
		i += j
		match := true
		for k := 1; k < len(not); k++ {
			if chunk[i+k] != ^not[k] {
				match = false
				break
			}
		}
		if match {
			at = append(at, i)
		}
		i++
	}
	return at
}
