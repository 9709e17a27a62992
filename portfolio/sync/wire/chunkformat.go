package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/sync/store"
)

// An attachment's bytes travel in chunk files of their own beside the change set
// that names the attachment (docs/SYNC.md, "Attachment chunks"), so neither the
// writer nor a Reader ever holds more than a chunk of it.
const (
	chunkMagic  = "folio-ac"
	chunkFormat = 1
	// ChunkAD is the header but the length: magic, format, device, attachment,
	// chunk index, chunk count.
	ChunkAD         = len(chunkMagic) + 1 + store.DeviceIDSize + store.RecordIDSize + 4 + 4
	ChunkHeaderSize = ChunkAD + 8
	ChunkSuffix     = ".fac"
	// DefaultChunkSize is the plaintext of every chunk file but an attachment's last.
	DefaultChunkSize = 1 << 20
	// MaxChunk bounds what a Reader allocates for one chunk file.
	MaxChunk  = 16 << 20
	maxChunks = 1 << 20
)

// ChunkName is the path of chunk i of the attachment id, written by device d.
func ChunkName(d portfolio.DeviceID, id store.RecordID, i uint32) string {
	return d.String() + "/" + hex.EncodeToString(id[:]) + fmt.Sprintf(".%08d", i) + ChunkSuffix
}

// ParseChunkName reads a chunk file's name within its device's directory
// ("c0c1c2c3c4c5c6c7c8c9.00000000.fac").
func ParseChunkName(name string) (store.RecordID, uint32, bool) {
	var id store.RecordID
	rest, ok := strings.CutSuffix(name, ChunkSuffix)
	if !ok || len(rest) != 2*len(id)+9 || rest[2*len(id)] != '.' || strings.ToLower(rest) != rest {
		return id, 0, false
	}
	if _, err := hex.Decode(id[:], []byte(rest[:2*len(id)])); err != nil {
		return id, 0, false
	}
	digits := rest[2*len(id)+1:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return id, 0, false
		}
	}
	i, err := strconv.ParseUint(digits, 10, 32)
	return id, uint32(i), err == nil
}

func chunkAssociated(d portfolio.DeviceID, id store.RecordID, i, n uint32) []byte {
	ad := make([]byte, 0, ChunkAD)
	ad = append(ad, chunkMagic...)
	ad = append(ad, chunkFormat)
	ad = append(ad, d[:]...)
	ad = append(ad, id[:]...)
	ad = binary.BigEndian.AppendUint32(ad, i)
	return binary.BigEndian.AppendUint32(ad, n)
}

// SealChunk makes chunk i of n of the attachment id.
func SealChunk(s Sealer, d portfolio.DeviceID, id store.RecordID, i, n uint32, plain []byte) ([]byte, error) {
	ad := chunkAssociated(d, id, i, n)
	sealed, err := s.SealSync(ad, plain)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, ChunkHeaderSize+len(sealed))
	out = append(out, ad...)
	out = binary.BigEndian.AppendUint64(out, uint64(len(sealed)))
	return append(out, sealed...), nil
}

// OpenChunk reads a whole chunk file found as chunk i of n of the attachment id by
// device d: ErrIncomplete if shorter than its header says, ErrRefused (wrapped) if
// it is not that chunk, sealed with this vault's key, intact.
func OpenChunk(s Sealer, d portfolio.DeviceID, id store.RecordID, i, n uint32, file []byte) ([]byte, error) {
	if len(file) < ChunkHeaderSize {
		if !bytes.HasPrefix([]byte(chunkMagic), file[:min(len(file), len(chunkMagic))]) {
			return nil, fmt.Errorf("%w: not an attachment chunk", ErrRefused)
		}
		return nil, ErrIncomplete
	}
	if string(file[:len(chunkMagic)]) != chunkMagic || file[len(chunkMagic)] != chunkFormat {
		return nil, fmt.Errorf("%w: not an attachment chunk of a format this folio reads", ErrRefused)
	}
	size := binary.BigEndian.Uint64(file[ChunkAD:])
	switch {
	case size > MaxChunk:
		return nil, fmt.Errorf("%w: it says it is %d bytes long", ErrRefused, size)
	case uint64(len(file)-ChunkHeaderSize) < size:
		return nil, ErrIncomplete
	case uint64(len(file)-ChunkHeaderSize) > size:
		return nil, fmt.Errorf("%w: %d bytes follow its end", ErrRefused, uint64(len(file)-ChunkHeaderSize)-size)
	}
	ad := chunkAssociated(d, id, i, n)
	if !bytes.Equal(file[:ChunkAD], ad) {
		return nil, fmt.Errorf("%w: it names another device, attachment or chunk than its place (moved or swapped)", ErrRefused)
	}
	plain, err := s.OpenSync(ad, file[ChunkHeaderSize:])
	if err != nil {
		return nil, fmt.Errorf("%w: it failed authentication (changed, or sealed with another vault's key)", ErrRefused)
	}
	return plain, nil
}
