package portfolio

import "testing"

// BenchmarkKindTable is the cost of building the table of record kinds, which the
// generic code does per lookup.
func BenchmarkKindTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := specOf(KindMeeting); !ok {
			b.Fatal("no meeting row")
		}
	}
}
