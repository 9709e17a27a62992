package portfolio

import (
	"testing"

	"github.com/foliohq/folio/portfolio/internal/catalogue"

	"github.com/foliohq/folio/storage"
)

// BenchmarkCatalogue measures the catalogue and the text index: open reads the
// generation record and the directory (the whole of Open for the entries, while
// the generation is the vault's), open+rows then every row, as anything needing
// them all does, open+list10 the newest chunk and ten bodies as `folio list
// --limit 10` does, open+search a rare word from the text index and a pass over
// the chunks as `folio search` does, seek-chunk the generation record and one
// chunk on an open vault, index-build one rebuild of the text index, rebuild
// opens a vault without a catalogue (an upgrade: every stamp and entry read,
// every chunk written), and add is one AddEntry on an open vault (the entry, the
// newest chunk, the directory and the generation record with the index's recent
// list, in one transaction).
func BenchmarkCatalogue(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n)+"/open", func(b *testing.B) {
			v := vaultOf(b, n)
			for range b.N {
				p := openBench(b, v)
				b.StopTimer()
				if p.bodies || p.EntryCount() != n {
					b.Fatalf("opened %d entries, bodies read: %v", p.EntryCount(), p.bodies)
				}
				p.Close()
				b.StartTimer()
			}
		})
		// open+rows reads every row after the open, as anything needing them all
		// (the dashboard's counts, the tag list, an export) does.
		b.Run(sizeName(n)+"/open+rows", func(b *testing.B) {
			v := vaultOf(b, n)
			for range b.N {
				p := openBench(b, v)
				p.mu.RLock()
				got := len(p.byDate)
				p.mu.RUnlock()
				b.StopTimer()
				if got != n || p.es.CatStamps {
					b.Fatalf("read %d rows, stamps compared: %v", got, p.es.CatStamps)
				}
				p.Close()
				b.StartTimer()
			}
		})
		// seek-chunk is the generation record and one chunk read by seek, on an
		// open vault: what a listing of the newest reads of the catalogue.
		b.Run(sizeName(n)+"/seek-chunk", func(b *testing.B) {
			v := vaultOf(b, n)
			p := openBench(b, v)
			defer p.Close()
			var chunks []storage.ID
			for _, dc := range p.es.Catalogue().Dir {
				chunks = append(chunks, dc.ID)
			}
			b.ResetTimer()
			for i := range b.N {
				read := 0
				if _, err := p.vault.LoadSome(catalogue.Coll, []storage.ID{catalogue.GenID, chunks[i%len(chunks)]}, func(storage.ID, storage.Stamp, []byte) error {
					read++
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				if read != 2 {
					b.Fatalf("read %d records, want the generation record and a chunk", read)
				}
			}
		})
		b.Run(sizeName(n)+"/open+list10", func(b *testing.B) {
			v := vaultOf(b, n)
			for range b.N {
				p := openBench(b, v)
				if got := p.Find(Query{Limit: 10}); len(got) != min(10, n) || got[0].Body == "" {
					b.Fatalf("listed %d", len(got))
				}
				b.StopTimer()
				p.Close()
				b.StartTimer()
			}
		})
		b.Run(sizeName(n)+"/open+search", func(b *testing.B) {
			v := vaultOf(b, n)
			for range b.N {
				p := openBench(b, v)
				if got := p.Find(Query{Text: benchRareWord}); p.bodies {
					b.Fatalf("found %d, every body read: %v", len(got), p.bodies)
				}
				b.StopTimer()
				p.Close()
				b.StartTimer()
			}
		})
		b.Run(sizeName(n)+"/index-build", func(b *testing.B) {
			v := vaultOf(b, n)
			p := openBench(b, v)
			defer p.Close()
			b.ResetTimer()
			for range b.N {
				p.mu.Lock()
				err := p.buildIndex()
				p.mu.Unlock()
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sizeName(n)+"/add", func(b *testing.B) {
			v := vaultOf(b, n)
			p := openBench(b, v)
			defer p.Close()
			gen := newCorpusGen(99)
			b.ResetTimer()
			for range b.N {
				if _, err := p.AddEntry(gen.entry()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(sizeName(n)+"/rebuild", func(b *testing.B) {
			v := vaultOf(b, n)
			for range b.N {
				b.StopTimer()
				p := openBench(b, v)
				ids, _, err := p.vault.Stamps(catalogue.Coll)
				if err != nil {
					b.Fatal(err)
				}
				if err := p.vault.Update(func(tx *storage.Tx) error {
					for id := range ids {
						if id == catalogue.GenID {
							continue
						}
						if err := tx.Delete(catalogue.Coll, id); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				p.Close()
				b.StartTimer()
				p = openBench(b, v)
				b.StopTimer()
				if !p.bodies || p.es.CatRepairs == 0 {
					b.Fatal("the open did not rebuild the catalogue")
				}
				p.Close()
				b.StartTimer()
			}
		})
	}
}
