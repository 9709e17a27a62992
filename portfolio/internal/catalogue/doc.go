// Package catalogue keeps the entries' catalogue and text index in the vault, for
// the portfolio core and its entry store (internal/entrystore) alone.
//
// The catalogue is every entry's metadata in sealed chunks, in the lists' order,
// with a directory naming the chunks and a generation record saying whether it is
// in step with the entries (catalogue.go, format.go); the text index is the
// entries' words and the IDs holding them, in a lexicon and 256 postings records
// (textindex.go). This package holds their formats, reads and checks them
// (open.go, scan.go, records.go), writes them in step with each transaction's
// entries (write.go), and the entries' search text and the parallel filter the
// core's in-memory index uses (searchtext.go, match.go). It reads and writes the
// vault through Vault (vault.go) and holds no lock and no entry in memory: the
// core owns those, and calls it under its lock. docs/VAULT.md describes the bytes.
package catalogue
