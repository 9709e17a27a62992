package storage

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/cryptotest"

	"github.com/foliohq/folio/storage/internal/keyring"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	bolt "go.etcd.io/bbolt"
)

// The corpus in testdata/corpus is a set of small vaults, each with one thing wrong
// with it and labelled with the outcome Open must give, in the manner of age's test
// vectors. It is checked in so that a change to how folio reads old files shows up
// against files written before the change; TestGenerateCorpus rebuilds it.

//go:generate go test -run ^TestGenerateCorpus$ -update

var updateCorpus = flag.Bool("update", false, "rewrite testdata/corpus from the generator")

const (
	corpusDir      = "testdata/corpus"
	corpusManifest = "outcomes.txt"
	corpusPass     = "corpus passphrase"
	corpusExt      = ".folio"
)

// corpusKDF keeps every corpus vault cheap to open.
var corpusKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// Outcomes, the first part of each corpus file's name.
const (
	outOpens       = "opens"
	outWrongPass   = "wrong-passphrase"
	outBadHeader   = "damaged-header"
	outUnsupported = "unsupported-version"
	outBadRecord   = "damaged-record"
	outBadFile     = "damaged-file"
)

// corpusRecords is what every corpus vault holds before its damage.
var corpusRecords = []struct{ collection, id, plain string }{
	{"entries", "e000000000000001", "Reflection: a near miss at the dispensary, and what I changed."},
	{"entries", "e000000000000002", "Peer discussion on deprescribing for frail patients."},
	{"entries", "e000000000000003", "A hard week; I signposted myself to support."},
	{"goals", "g000000000000001", "Lead a medicines reconciliation audit."},
	{"goals", "g000000000000002", "Present a case at the regional meeting."},
}

// corpusGen is what the cases need to know about the base vaults.
type corpusGen struct {
	t              *testing.T
	entries, goals []byte // bucket names in the base vault
	other          string // a vault with the same records under another passphrase
	otherEntries   []byte
	rng            *rand.Rand
}

type corpusCase struct {
	name    string   // outcome.what-was-done
	what    string   // one line for the manifest
	damaged []string // collection/record, as Load and Check name them
	gone    []string // collection/record removed by the damage
	// raw cases write the file's bytes themselves; the others edit the vault through
	// bbolt and are then cut to the pages in use, to keep the corpus small.
	raw   bool
	apply func(g *corpusGen, path string)
}

func (c corpusCase) outcome() string { o, _, _ := strings.Cut(c.name, "."); return o }

func mustID(s string) []byte {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id[:]
}

// header edits, for the cases below

func setU16(off int, v uint16) func([]byte) []byte {
	return func(b []byte) []byte { binary.BigEndian.PutUint16(b[off:], v); return b }
}
func setU32(off int, v uint32) func([]byte) []byte {
	return func(b []byte) []byte { binary.BigEndian.PutUint32(b[off:], v); return b }
}
func setU8(off int, v byte) func([]byte) []byte {
	return func(b []byte) []byte { b[off] = v; return b }
}
func flip(off int) func([]byte) []byte {
	return func(b []byte) []byte { b[off] ^= 0x20; return b }
}
func resummed(edits ...func([]byte) []byte) func([]byte) []byte {
	return func(b []byte) []byte {
		for _, e := range edits {
			b = e(b)
		}
		return resum(b)
	}
}

func headerCase(name, what string, edit func([]byte) []byte) corpusCase {
	return corpusCase{name: name, what: what, apply: func(g *corpusGen, path string) {
		editHeader(g.t, path, edit)
	}}
}

// recordCase edits the base vault's buckets with bbolt.
func recordCase(name, what string, damaged, gone []string, edit func(g *corpusGen, entries, goals *bolt.Bucket) error) corpusCase {
	return corpusCase{name: name, what: what, damaged: damaged, gone: gone, apply: func(g *corpusGen, path string) {
		rawUpdate(g.t, path, func(tx *bolt.Tx) error {
			return edit(g, tx.Bucket(g.entries), tx.Bucket(g.goals))
		})
	}}
}

// editValue rewrites the stored value of entries/id.
func editValue(id string, edit func(v []byte) []byte) func(g *corpusGen, entries, goals *bolt.Bucket) error {
	return func(g *corpusGen, entries, goals *bolt.Bucket) error {
		return entries.Put(mustID(id), edit(bytes.Clone(entries.Get(mustID(id)))))
	}
}

// fileCase rewrites the file's bytes.
func fileCase(name, what string, edit func(g *corpusGen, b []byte) []byte) corpusCase {
	return corpusCase{name: name, what: what, raw: true, apply: func(g *corpusGen, path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(path, edit(g, b), 0o600); err != nil {
			g.t.Fatal(err)
		}
	}}
}

const (
	e1, e2, e3 = "e000000000000001", "e000000000000002", "e000000000000003"
	g1         = "g000000000000001"
	eMoved     = "e0000000000000zz"
	eBucket    = "e0000000000000bb"
)

var corpusCases = []corpusCase{
	{name: "opens.untouched", what: "the base vault as created", apply: func(*corpusGen, string) {}},
	{name: "opens.passphrase-changed", what: "created under another passphrase, then changed to the corpus one", apply: func(g *corpusGen, path string) {
		if err := os.WriteFile(path, readFile(g.t, g.other), 0o600); err != nil {
			g.t.Fatal(err)
		}
		v, err := Open(path, []byte("another passphrase"), Options{})
		if err != nil {
			g.t.Fatal(err)
		}
		if err := v.ChangePassphrase([]byte(corpusPass), corpusKDF); err != nil {
			g.t.Fatal(err)
		}
		v.Close()
	}},
	fileCase("opens.bytes-appended-to-file", "100 bytes appended after the last page; bbolt reads only the pages it uses",
		func(g *corpusGen, b []byte) []byte { return append(b, randomBytes(g, 100)...) }),
	fileCase("opens.page-appended-to-file", "a page of random bytes appended",
		func(g *corpusGen, b []byte) []byte { return append(b, randomBytes(g, pageSize)...) }),

	{name: "wrong-passphrase.other-passphrase", what: "a sound vault under another passphrase", apply: func(g *corpusGen, path string) {
		if err := os.WriteFile(path, readFile(g.t, g.other), 0o600); err != nil {
			g.t.Fatal(err)
		}
	}},
	headerCase("wrong-passphrase.wrapped-key-changed-checksum-fixed", "a byte of the wrapped key changed and the checksum recomputed: no different from a wrong passphrase",
		resummed(flip(keyring.OffWrapped+3))),
	headerCase("wrong-passphrase.salt-changed-checksum-fixed", "a salt byte changed, checksum recomputed", resummed(flip(keyring.OffSalt))),
	headerCase("wrong-passphrase.nonce-changed-checksum-fixed", "a wrapping nonce byte changed, checksum recomputed", resummed(flip(keyring.OffNonce+7))),
	headerCase("wrong-passphrase.kdf-time-changed-checksum-fixed", "Argon2 time 2 instead of 1, checksum recomputed", resummed(setU32(keyring.OffTime, 2))),
	headerCase("wrong-passphrase.kdf-memory-changed-checksum-fixed", "Argon2 memory 128 KiB instead of 64, checksum recomputed", resummed(setU32(keyring.OffMemory, 128))),

	headerCase("damaged-header.checksum-changed", "a byte of the header checksum changed", flip(keyring.OffChecksum+5)),
	headerCase("damaged-header.wrapped-key-changed", "a byte of the wrapped key changed, checksum left alone: damage, not a wrong passphrase", flip(keyring.OffWrapped+3)),
	headerCase("damaged-header.tag-of-wrapped-key-changed", "the last byte of the wrapped key's tag changed", flip(keyring.OffChecksum-1)),
	headerCase("damaged-header.salt-changed", "a salt byte changed, checksum left alone", flip(keyring.OffSalt)),
	headerCase("damaged-header.magic-changed-checksum-fixed", "the magic is not FOLIOVLT", resummed(setU8(0, 'X'))),
	headerCase("damaged-header.value-cut", "the header value cut to 100 bytes", func(b []byte) []byte { return b[:100] }),
	headerCase("damaged-header.value-cut-checksum-fixed", "the header value cut to 100 bytes with a checksum of what is left",
		func(b []byte) []byte { return resum(b[:100]) }),
	headerCase("damaged-header.value-shorter-than-any-header", "the header value cut to 20 bytes", func(b []byte) []byte { return b[:20] }),
	headerCase("damaged-header.value-empty", "an empty header value", func([]byte) []byte { return []byte{} }),
	{name: "damaged-header.value-garbage", what: "140 random bytes as the header", apply: func(g *corpusGen, path string) {
		editHeader(g.t, path, func([]byte) []byte { return randomBytes(g, keyring.HeaderSize) })
	}},
	headerCase("damaged-header.trailing-bytes-checksum-fixed", "8 bytes added before the checksum, checksum recomputed",
		func(b []byte) []byte {
			return resum(append(append(b[:keyring.OffChecksum:keyring.OffChecksum], "trailing"...), b[keyring.OffChecksum:]...))
		}),
	headerCase("damaged-header.version-zero-checksum-fixed", "format version 0", resummed(setU16(keyring.OffVersion, 0))),
	headerCase("damaged-header.version-changed", "format version 2, checksum left alone: damage, not a newer format", setU16(keyring.OffVersion, 2)),
	headerCase("damaged-header.kdf-algorithm-changed", "KDF algorithm 2, checksum left alone", setU8(keyring.OffKDF, 2)),
	headerCase("damaged-header.kdf-time-zero", "Argon2 time 0", resummed(setU32(keyring.OffTime, 0))),
	headerCase("damaged-header.kdf-time-too-high", "Argon2 time 33, above the cap of 32", resummed(setU32(keyring.OffTime, 33))),
	headerCase("damaged-header.kdf-memory-below-floor", "Argon2 memory 7 KiB, below 8 KiB a lane", resummed(setU32(keyring.OffMemory, 7))),
	headerCase("damaged-header.kdf-memory-below-floor-for-lanes", "Argon2 memory 31 KiB for 4 lanes",
		resummed(setU32(keyring.OffMemory, 31), setU8(keyring.OffThreads, 4))),
	headerCase("damaged-header.kdf-memory-above-cap", "Argon2 memory 1 GiB + 1 KiB", resummed(setU32(keyring.OffMemory, 1<<20+1))),
	headerCase("damaged-header.kdf-memory-4GiB", "Argon2 memory 4 GiB and time 32: refused before Argon2 runs",
		resummed(setU32(keyring.OffMemory, 4<<20), setU32(keyring.OffTime, 32))),
	headerCase("damaged-header.kdf-threads-zero", "Argon2 with no lanes", resummed(setU8(keyring.OffThreads, 0))),
	headerCase("damaged-header.kdf-threads-too-high", "Argon2 with 65 lanes", resummed(setU8(keyring.OffThreads, 65), setU32(keyring.OffMemory, 1024))),
	{name: "damaged-header.header-key-missing", what: "the meta bucket without its header", apply: func(g *corpusGen, path string) {
		rawUpdate(g.t, path, func(tx *bolt.Tx) error { return tx.Bucket(metaBucket).Delete(headerKey) })
	}},
	{name: "damaged-header.meta-bucket-missing", what: "no meta bucket", apply: func(g *corpusGen, path string) {
		rawUpdate(g.t, path, func(tx *bolt.Tx) error { return tx.DeleteBucket(metaBucket) })
	}},

	headerCase("unsupported-version.version-2-checksum-fixed", "format version 2 with a sound checksum: written by a newer folio",
		resummed(setU16(keyring.OffVersion, 2))),
	headerCase("unsupported-version.version-65535-short-header", "format version 65535 with a header of only magic, version and checksum",
		func(b []byte) []byte {
			return resum(append(setU16(keyring.OffVersion, 0xFFFF)(b)[:keyring.OffKDF:keyring.OffKDF], make([]byte, 32)...))
		}),
	headerCase("unsupported-version.kdf-algorithm-2-checksum-fixed", "KDF algorithm 2 with a sound checksum", resummed(setU8(keyring.OffKDF, 2))),

	recordCase("damaged-record.tag-changed", "the last byte of a record's tag changed", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { v[len(v)-1] ^= 1; return v })),
	recordCase("damaged-record.ciphertext-changed", "a ciphertext byte changed", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { v[30] ^= 1; return v })),
	recordCase("damaged-record.nonce-changed", "a nonce byte changed", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { v[5] ^= 1; return v })),
	recordCase("damaged-record.unknown-format", "record format byte 2", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { v[0] = 2; return v })),
	recordCase("damaged-record.shorter-than-nonce-and-tag", "a value of 20 bytes", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { return v[:20] })),
	recordCase("damaged-record.empty-value", "an empty value", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { return v[:0] })),
	recordCase("damaged-record.value-cut-by-one", "a value one byte short", []string{"entries/" + e2}, nil,
		editValue(e2, func(v []byte) []byte { return v[:len(v)-1] })),
	recordCase("damaged-record.moved-to-another-key", "a record moved to a new ID in its collection",
		[]string{"entries/" + eMoved}, []string{"entries/" + e1},
		func(g *corpusGen, entries, goals *bolt.Bucket) error {
			v := bytes.Clone(entries.Get(mustID(e1)))
			entries.Delete(mustID(e1))
			return entries.Put(mustID(eMoved), v)
		}),
	recordCase("damaged-record.moved-to-another-collection", "an entry moved, same ID, into the goals bucket",
		[]string{"goals/" + e1}, []string{"entries/" + e1},
		func(g *corpusGen, entries, goals *bolt.Bucket) error {
			v := bytes.Clone(entries.Get(mustID(e1)))
			entries.Delete(mustID(e1))
			return goals.Put(mustID(e1), v)
		}),
	recordCase("damaged-record.swapped", "two records' values swapped", []string{"entries/" + e1, "entries/" + e2}, nil,
		func(g *corpusGen, entries, goals *bolt.Bucket) error {
			v1, v2 := bytes.Clone(entries.Get(mustID(e1))), bytes.Clone(entries.Get(mustID(e2)))
			entries.Put(mustID(e1), v2)
			return entries.Put(mustID(e2), v1)
		}),
	recordCase("damaged-record.key-not-an-id", "a record moved to a 9-byte key",
		[]string{"entries/" + fmt.Sprintf("%x", mustID(e3)[:9])}, []string{"entries/" + e3},
		func(g *corpusGen, entries, goals *bolt.Bucket) error {
			v := bytes.Clone(entries.Get(mustID(e3)))
			entries.Delete(mustID(e3))
			return entries.Put(mustID(e3)[:9], v)
		}),
	recordCase("damaged-record.nested-bucket", "a bucket where a record should be", []string{"entries/" + eBucket}, nil,
		func(g *corpusGen, entries, goals *bolt.Bucket) error {
			b, err := entries.CreateBucket(mustID(eBucket))
			if err != nil {
				return err
			}
			return b.Put([]byte("k"), []byte("v"))
		}),
	{name: "damaged-record.from-another-vault", what: "a record replaced by the same record sealed in another vault",
		damaged: []string{"entries/" + e1}, apply: func(g *corpusGen, path string) {
			var v []byte
			db, err := bolt.Open(g.other, 0o600, &bolt.Options{ReadOnly: true, Timeout: LockTimeout})
			if err != nil {
				g.t.Fatal(err)
			}
			db.View(func(tx *bolt.Tx) error {
				v = bytes.Clone(tx.Bucket(g.otherEntries).Get(mustID(e1)))
				return nil
			})
			db.Close()
			rawUpdate(g.t, path, func(tx *bolt.Tx) error { return tx.Bucket(g.entries).Put(mustID(e1), v) })
		}},
	{name: "damaged-record.copied-to-unknown-bucket", what: "a copy of a record in a bucket of no known collection; Check still authenticates it",
		damaged: []string{"collection 00112233445566778899aabbccddeeff/" + e1}, apply: func(g *corpusGen, path string) {
			rawUpdate(g.t, path, func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket(seq16(0x00, 0x11))
				if err != nil {
					return err
				}
				return b.Put(mustID(e1), bytes.Clone(tx.Bucket(g.entries).Get(mustID(e1))))
			})
		}},

	fileCase("damaged-file.empty", "an empty file", func(*corpusGen, []byte) []byte { return nil }),
	fileCase("damaged-file.random-garbage", "16 KiB of random bytes", func(g *corpusGen, _ []byte) []byte { return randomBytes(g, 16<<10) }),
	fileCase("damaged-file.short-garbage", "100 random bytes", func(g *corpusGen, _ []byte) []byte { return randomBytes(g, 100) }),
	fileCase("damaged-file.text", "a line of text", func(*corpusGen, []byte) []byte { return []byte("not a vault\n") }),
	fileCase("damaged-file.cut-to-one-page", "the file cut to its first page", func(_ *corpusGen, b []byte) []byte { return b[:pageSize] }),
	fileCase("damaged-file.cut-to-two-pages", "the file cut to its two meta pages", func(_ *corpusGen, b []byte) []byte { return b[:2*pageSize] }),
	fileCase("damaged-file.cut-by-a-page", "the file's last page in use cut off", func(_ *corpusGen, b []byte) []byte { return b[:len(b)-pageSize] }),
	fileCase("damaged-file.cut-by-one-byte", "the file's last byte cut off", func(_ *corpusGen, b []byte) []byte { return b[:len(b)-1] }),
	fileCase("damaged-file.meta-pages-zeroed", "both bbolt meta pages zeroed", func(_ *corpusGen, b []byte) []byte {
		clear(b[:2*pageSize])
		return b
	}),
	fileCase("damaged-file.root-page-garbage", "the root page of the bbolt tree overwritten with random bytes", func(g *corpusGen, b []byte) []byte {
		root := currentMeta(g.t, b).Root
		copy(b[root*pageSize:(root+1)*pageSize], randomBytes(g, pageSize))
		return b
	}),
	fileCase("damaged-file.freelist-count-huge", "the freelist page claims 2^40 free pages", func(g *corpusGen, b []byte) []byte {
		fl := currentMeta(g.t, b).Freelist * pageSize
		binary.NativeEndian.PutUint16(b[fl+10:], 0xFFFF)
		binary.NativeEndian.PutUint64(b[fl+16:], 1<<40)
		return b
	}),
}

func seq16(a, step byte) []byte {
	b := make([]byte, 16)
	for i := range b {
		b[i] = a + byte(i)*step
	}
	return b
}

func randomBytes(g *corpusGen, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(g.rng.Uint32())
	}
	return b
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// currentMeta reads the meta page bbolt would use from a file's bytes.
func currentMeta(t testing.TB, b []byte) pagewalk.Meta {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "meta")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(b[:2*pageSize])
	m0, ok0 := pagewalk.ReadMeta(f, 0)
	m1, ok1 := pagewalk.ReadMeta(f, pageSize)
	if !ok0 || !ok1 {
		t.Fatal("meta pages unreadable")
	}
	if m1.Txn > m0.Txn {
		return m1
	}
	return m0
}

// makeCorpusVault creates a vault holding corpusRecords and returns its bucket names.
func makeCorpusVault(t *testing.T, path, passphrase string) (entries, goals []byte) {
	t.Helper()
	v, err := Create(path, []byte(passphrase), corpusKDF)
	if err != nil {
		t.Fatal(err)
	}
	err = v.Update(func(tx *Tx) error {
		for _, r := range corpusRecords {
			if err := tx.Put(r.collection, ID(mustID(r.id)), []byte(r.plain)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	entries, goals = v.keys.bucketName("entries"), v.keys.bucketName("goals")
	v.Close()
	trimToUsed(t, path)
	return entries, goals
}

// trimToUsed cuts a vault file to the pages bbolt uses; bbolt grows files ahead of
// need, and the corpus is checked in.
func trimToUsed(t testing.TB, path string) {
	t.Helper()
	if err := os.Truncate(path, usedSize(t, path)); err != nil {
		t.Fatal(err)
	}
}

// generateCorpus writes every case into dir and returns the manifest.
func generateCorpus(t *testing.T, dir string) string {
	// A fixed random source makes the corpus the same on every run, so regenerating
	// it changes only what the generator changed.
	cryptotest.SetGlobalRandom(t, 1)
	work := t.TempDir()
	g := &corpusGen{t: t, rng: rand.New(rand.NewPCG(1, 1))}
	base := filepath.Join(work, "base")
	g.entries, g.goals = makeCorpusVault(t, base, corpusPass)
	g.other = filepath.Join(work, "other")
	g.otherEntries, _ = makeCorpusVault(t, g.other, "another passphrase")

	var m strings.Builder
	fmt.Fprintf(&m, "# Generated by TestGenerateCorpus (go generate ./storage); do not edit.\n")
	fmt.Fprintf(&m, "# Every vault's passphrase is %q. The first part of each name is the outcome\n", corpusPass)
	fmt.Fprintf(&m, "# Open must give. Columns, tab-separated: file, outcome, damaged records,\n")
	fmt.Fprintf(&m, "# records the damage removed (collection/record, comma-separated, - for none),\n")
	fmt.Fprintf(&m, "# what was done to the vault.\n")
	seen := map[string]bool{}
	for _, c := range corpusCases {
		if seen[c.name] {
			t.Fatalf("case %s twice", c.name)
		}
		seen[c.name] = true
		path := filepath.Join(dir, c.name+corpusExt)
		if err := os.WriteFile(path, readFile(t, base), 0o600); err != nil {
			t.Fatal(err)
		}
		c.apply(g, path)
		if !c.raw {
			trimToUsed(t, path)
		}
		fmt.Fprintf(&m, "%s\t%s\t%s\t%s\t%s\n", c.name+corpusExt, c.outcome(), orDash(c.damaged), orDash(c.gone), c.what)
	}
	return m.String()
}

func orDash(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}

// TestGenerateCorpus rebuilds the corpus with -update. Without it, it checks that the
// checked-in corpus lists the cases the generator has, so a new case cannot be added
// without the files that test it.
func TestGenerateCorpus(t *testing.T) {
	dir := t.TempDir()
	manifest := generateCorpus(t, dir)
	if !*updateCorpus {
		if got := string(readFile(t, filepath.Join(corpusDir, corpusManifest))); got != manifest {
			t.Fatalf("testdata/corpus does not match the generator; run go generate ./storage")
		}
		return
	}
	old, _ := filepath.Glob(filepath.Join(corpusDir, "*"+corpusExt))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"+corpusExt))
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(corpusDir, filepath.Base(f)), readFile(t, f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(corpusDir, corpusManifest), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d vaults to %s", len(files), corpusDir)
}
