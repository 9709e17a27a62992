package pagewalk

import (
	"bytes"
	"testing"
)

// The arena's pieces never overlap while in use, a piece grown keeps its bytes
// whether it grows in place or moves, and after a reset the memory is reused.
func TestPageArena(t *testing.T) {
	var a pageArena
	fill := func(p []byte, c byte) {
		for i := range p {
			p[i] = c
		}
	}
	var pieces [][]byte
	for i := range 200 {
		p := a.alloc(4096)
		fill(p, byte(i))
		if i%3 == 0 {
			// Grown in place while the buffer has room, moved when it has not.
			p = a.grow(p, 4096*(1+i%5))
			if !bytes.Equal(p[:4096], bytes.Repeat([]byte{byte(i)}, 4096)) {
				t.Fatalf("piece %d lost its bytes when grown", i)
			}
			fill(p, byte(i))
		}
		pieces = append(pieces, p)
	}
	for i, p := range pieces {
		if !bytes.Equal(p, bytes.Repeat([]byte{byte(i)}, len(p))) {
			t.Fatalf("piece %d was written over by another", i)
		}
	}
	n := len(a.bufs)
	a.reset()
	for range 200 {
		a.alloc(4096)
	}
	if len(a.bufs) != n {
		t.Fatalf("after a reset the arena took %d buffers, before %d", len(a.bufs), n)
	}
}
