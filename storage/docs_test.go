package storage

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/storage/internal/history"
	"github.com/foliohq/folio/storage/internal/inventory"
	"github.com/foliohq/folio/storage/internal/keyring"
	"github.com/foliohq/folio/storage/internal/pagewalk"
	"golang.org/x/crypto/chacha20poly1305"
)

// The vectors and the dump a third-party reader works from are files in testdata,
// quoted in docs/VAULT.md; these tests keep the files, the code and the page in step.

const (
	vectorsFile = "testdata/vectors.txt"
	dumpFile    = "testdata/small-vault.hexdump"
	vaultDoc    = "../docs/VAULT.md"
)

// dumpRecords is what the small vault in the dump holds, by collection and ID.
var dumpRecords = map[string]map[string]string{
	"entries": {"m2gt58x4mpkafa59": "A reflection on a near miss."},
	"goals":   {"p2rv5cxmppvbfe5s": "Lead a medicines reconciliation audit."},
}

// katCountsPlain is the counts plaintext of the vector: 2026-01-01T00:00:00Z, then
// entries 2 and goals 1, goals first because its bucket name sorts first.
func katCountsPlain() []byte {
	c := &recordCounts{Saved: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), N: map[string]uint64{
		string(unhexMust(katBucketEntries)): 2,
		string(unhexMust(katBucketGoals)):   1,
	}}
	return c.Marshal()
}

// katIDChunk is the ID-set vector: the chunk of entries' IDs that start with a0,
// holding the one ID a0a1...a9; its plaintext and where it is stored.
func katIDChunk() (id ID, plain []byte) {
	entries := unhexMust(katBucketEntries)
	return inventory.ChunkID(entries, 0xa0), inventory.MarshalChunk(entries, []ID{ID(seq(0xa0, IDSize))})
}

func unhexMust(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// readVectors reads name value lines; # starts a comment.
func readVectors(t *testing.T) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, line := range strings.Split(string(readFile(t, vectorsFile)), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("vectors line %q", line)
		}
		got[name] = strings.TrimSpace(value)
	}
	return got
}

// Every vector in testdata/vectors.txt is what the code computes, and VAULT.md quotes
// each of them.
func TestVectorsFile(t *testing.T) {
	k, err := deriveKeys(seq(0, keySize))
	if err != nil {
		t.Fatal(err)
	}
	nonce := seq(0x40, chacha20poly1305.NonceSizeX)
	chunkID, chunkPlain := katIDChunk()
	want := map[string]string{
		"kek":               "92dc5d67019623868bde079275e522f4b7e8213d3414ed85cbc2ac8a41117288",
		"header":            katHeaderFull,
		"record-key":        katRecordKey,
		"name-key":          katNameKey,
		"bucket-entries":    katBucketEntries,
		"bucket-goals":      katBucketGoals,
		"sealed-empty":      katSealedEmpty,
		"sealed-text":       katSealedText,
		"counts-plain":      hex.EncodeToString(katCountsPlain()),
		"counts-sealed":     hex.EncodeToString(k.sealWithNonce(metaBucket, countsKey, katCountsPlain(), nonce)),
		"id-text-a0a1a2a9":  "m2gt58x4mpkafa59",
		"sealed-text-plain": hex.EncodeToString([]byte("A reflection on a near miss.")),
		"bucket-ids":        hex.EncodeToString(k.bucketName(idsCollection)),
		"ids-chunk-id":      hex.EncodeToString(chunkID[:]),
		"ids-chunk-plain":   hex.EncodeToString(chunkPlain),
		"ids-chunk-sealed":  hex.EncodeToString(k.sealWithNonce(k.bucketName(idsCollection), chunkID[:], chunkPlain, nonce)),
		"bucket-history":    katBucketHistory,
		"bucket-device":     katBucketDevice,
		"version-plain":     katVersionPlain,
		"version-sealed":    katVersionSealed,
		"tombstone-plain":   katTombstonePlain,
		"device-plain":      katDeviceState,
		"device-sealed":     hex.EncodeToString(k.sealWithNonce(k.bucketName(history.DeviceLabel), make([]byte, IDSize), unhexMust(katDeviceState), nonce)),
	}
	kek, err := keyring.DeriveKEK([]byte(testPass), seq(0, keyring.SaltSize), KDFParams{Time: 1, MemoryKiB: 64, Threads: 1})
	if err != nil || hex.EncodeToString(kek) != want["kek"] {
		t.Fatalf("kek %x %v", kek, err)
	}
	got := readVectors(t)
	doc := strings.Join(strings.Fields(string(readFile(t, vaultDoc))), "")
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: file has %q, code gives %q", name, got[name], w)
		}
		if !strings.Contains(doc, w) {
			t.Errorf("docs/VAULT.md does not quote %s", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s in %s is not checked", name, vectorsFile)
		}
	}
	// The counts vector opens as documented, with nothing from this package but the
	// AD's construction.
	sealed := unhexMust(got["counts-sealed"])
	aead, _ := chacha20poly1305.NewX(unhexMust(katRecordKey))
	ad := append([]byte("folio record\x00\x01\x05folio\x06"), "counts"...)
	if plain, err := aead.Open(nil, sealed[1:25], sealed[25:], ad); err != nil || !bytes.Equal(plain, katCountsPlain()) {
		t.Errorf("counts vector does not open as documented: %v", err)
	}
	sealed = unhexMust(got["ids-chunk-sealed"])
	ad = append(append([]byte("folio record\x00\x01\x10"), unhexMust(got["bucket-ids"])...), 10)
	ad = append(ad, unhexMust(got["ids-chunk-id"])...)
	if plain, err := aead.Open(nil, sealed[1:25], sealed[25:], ad); err != nil || !bytes.Equal(plain, chunkPlain) {
		t.Errorf("ID-set vector does not open as documented: %v", err)
	}
	// So does the version vector: its ID in the AD is the whole 30-byte history key.
	sealed = unhexMust(got["version-sealed"])
	key := unhexMust(katBucketEntries + "a0a1a2a3a4a5a6a7a8a9" + "00000002")
	ad = append(append([]byte("folio record\x00\x01\x10"), unhexMust(katBucketHistory)...), 30)
	ad = append(ad, key...)
	if plain, err := aead.Open(nil, sealed[1:25], sealed[25:], ad); err != nil || hex.EncodeToString(plain) != katVersionPlain {
		t.Errorf("version vector does not open as documented: %v", err)
	}
}

// formatDump writes b as hexdump -C does: 16 bytes a line, * for repeated lines.
func formatDump(b []byte) string {
	var sb strings.Builder
	var prev []byte
	starred := false
	for off := 0; off < len(b); off += 16 {
		line := b[off:min(off+16, len(b))]
		if prev != nil && bytes.Equal(line, prev) && len(line) == 16 {
			if !starred {
				sb.WriteString("*\n")
				starred = true
			}
			continue
		}
		starred = false
		prev = line
		fmt.Fprintf(&sb, "%08x ", off)
		for i := range 16 {
			if i == 8 {
				sb.WriteByte(' ')
			}
			if i < len(line) {
				fmt.Fprintf(&sb, " %02x", line[i])
			} else {
				sb.WriteString("   ")
			}
		}
		sb.WriteString("  |")
		for _, c := range line {
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			sb.WriteByte(c)
		}
		sb.WriteString("|\n")
	}
	fmt.Fprintf(&sb, "%08x\n", len(b))
	return sb.String()
}

// parseDump reads what formatDump writes, as a reader of the doc would.
func parseDump(text string) ([]byte, error) {
	var out, prev []byte
	star := false
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if line == "*" {
			star = true
			continue
		}
		offText, rest, _ := strings.Cut(line, " ")
		off, err := strconv.ParseUint(offText, 16, 64)
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		if star {
			for uint64(len(out)) < off {
				out = append(out, prev...)
			}
			star = false
		}
		if uint64(len(out)) != off {
			return nil, fmt.Errorf("line %q: offset %d, expected %d", line, off, len(out))
		}
		hexPart, _, _ := strings.Cut(rest, "|")
		b, err := hex.DecodeString(strings.Join(strings.Fields(hexPart), ""))
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		out = append(out, b...)
		prev = b
	}
	return out, sc.Err()
}

// The hex dump in testdata is a complete vault that opens with the documented
// passphrase to exactly the documented records. Rebuild it with -update.
func TestSmallVaultDump(t *testing.T) {
	if *updateCorpus {
		path := filepath.Join(t.TempDir(), "small.folio")
		v, err := create(path, []byte(testPass), testKDF, flipPageSize)
		if err != nil {
			t.Fatal(err)
		}
		for coll, recs := range dumpRecords {
			for id, plain := range recs {
				pid, err := ParseID(id)
				if err != nil {
					t.Fatal(err)
				}
				if err := v.Put(coll, pid, []byte(plain)); err != nil {
					t.Fatal(err)
				}
			}
		}
		v.Close()
		raw := readFile(t, path)[:usedSize(t, path)]
		if err := os.WriteFile(dumpFile, []byte(formatDump(raw)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := string(readFile(t, dumpFile))
	raw, err := parseDump(text)
	if err != nil {
		t.Fatal(err)
	}
	if formatDump(raw) != text {
		t.Error("the dump is not in the canonical format; rebuild it with -update")
	}
	if ps := binary.LittleEndian.Uint32(raw[pagewalk.PageHeaderSize+8:]); ps != flipPageSize || len(raw)%int(ps) != 0 {
		t.Errorf("page size %d, file %d bytes", ps, len(raw))
	}
	path := filepath.Join(t.TempDir(), "dump.folio")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	v := openTest(t, path, testPass, Options{ReadOnly: true})
	if got := v.KDF(); got != testKDF {
		t.Errorf("kdf %+v, want %+v", got, testKDF)
	}
	for coll, want := range dumpRecords {
		got := loadAll(t, v, coll)
		if len(got) != len(want) {
			t.Errorf("%s: %d records, want %d", coll, len(got), len(want))
		}
		for id, plain := range got {
			if want[id.String()] != plain {
				t.Errorf("%s %s: %q", coll, id, plain)
			}
		}
	}
	if rep, err := v.Check([]string{"entries", "goals"}); err != nil || !rep.OK() || rep.Records != 2 {
		t.Errorf("check: %+v %v", rep, err)
	}
	// The dump shows the ID sets too: one chunk per collection, as the page says.
	for coll, want := range dumpRecords {
		set := idSetOfTest(t, v, coll)
		for id := range want {
			if pid, _ := ParseID(id); !set[pid] || len(set) != len(want) {
				t.Errorf("the dump's ID set of %s is %v", coll, set)
			}
		}
	}
	doc := string(readFile(t, vaultDoc))
	for _, s := range []string{"storage/" + dumpFile, "storage/" + vectorsFile, "m2gt58x4mpkafa59", "p2rv5cxmppvbfe5s"} {
		if !strings.Contains(doc, s) {
			t.Errorf("docs/VAULT.md does not mention %s", s)
		}
	}
}
