package blob

import (
	"bytes"
	"crypto/cipher"
	"errors"
	"fmt"
	"hash"
	"io"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/foliohq/folio/storage/internal/base"
	"github.com/foliohq/folio/storage/internal/keyring"
	"github.com/zeebo/blake3"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/blake2b"
)

// A blob is written in several transactions, so a large file never sits whole in
// memory or in one transaction:
//
//  1. Each batch of chunks is written in one transaction with the stream's pending
//     marker, which says how many chunks exist so far.
//  2. Commit, in the caller's transaction (with the record that names the
//     blob), writes the blob record and deletes the marker: the blob is kept.
//
// A process killed before step 2 leaves a marker; SweepPending, at the next open
// that may write, deletes the chunks it names and then the marker. A blob is thus
// all there or, after the sweep, not there at all.
//
// Reading, hashing and sealing run alongside the commit of the batch before (the
// sealer's run says how they share the cores), so the sealing is done while the
// disk syncs: each transaction waits on two syncs, the time that otherwise
// dominates an attach.
const (
	// WriteBatch chunks go in one transaction: 4 MiB, so a 100 MiB file takes 25
	// transactions (each two syncs), while memory stays at a few batches: those in
	// flight and the copy bbolt makes of the one it commits.
	WriteBatch = 64
	// sealedBatches is how many batches are in flight: one being sealed while
	// the other is written.
	sealedBatches = 2
	// HashAhead is how many chunks of plaintext are in flight: read ahead, being
	// sealed, or waiting for the hash, which may fall that far behind the reading.
	HashAhead = 16
	// discardBatch chunks are deleted per transaction when a stream is discarded.
	discardBatch = 1024
)

// Staged is a blob whose chunks are written but not yet kept: Commit keeps it,
// Discard drops it, and a process that dies first leaves it to SweepPending.
type Staged struct {
	Blob
	k       Keys
	update  Updater
	started time.Time
	done    bool
}

// ContentHash returns the keyed hash that names blobs of the given format, and a
// function that wipes it. Its key is derived from the data key into a secret page
// and lives in the hash's state only while the blob is read.
func ContentHash(k Keys, format byte) (hash.Hash, func(), error) {
	info := ContentKeyInfoBLAKE3
	if format == FormatBLAKE2b {
		info = ContentKeyInfo
	}
	page := keyring.NewSecret(keyring.KeySize)
	key := page.Slot(0, keyring.KeySize)
	err := k.WithDataKey(func(dk []byte) error {
		return keyring.HKDFInto(dk, []keyring.HKDFOut{{To: key, Info: info}})
	})
	if err != nil {
		page.Destroy()
		return nil, nil, err
	}
	var h hash.Hash
	if format == FormatBLAKE2b {
		h, err = blake2b.New256(key)
	} else {
		h, err = blake3.NewKeyed(key)
	}
	page.Destroy()
	if err != nil {
		return nil, nil, err
	}
	return h, func() { WipeState(h) }, nil
}

// WipeState overwrites a hash's state in place, key included, if it holds no pointers.
func WipeState(h any) {
	v := reflect.ValueOf(h)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	e := v.Elem()
	if e.Kind() == reflect.Struct && keyring.PointerFree(e.Type()) {
		clear(unsafe.Slice((*byte)(e.Addr().UnsafePointer()), e.Type().Size()))
	}
}

// Stage reads r to its end and writes it as a new stream of sealed chunks, a batch
// per transaction run by update, holding no more than a batch in memory. More than
// limit bytes (MaxSize but in tests) is ErrTooLarge. On any error what was written
// is discarded. The blob is named by keyed BLAKE3 unless want is given.
//
// want is the name another vault with this data key (a device of the same
// portfolio) gave the bytes (storage's StageBlobAs). A blob written before BLAKE3 is
// named by keyed BLAKE2b, and want alone does not say which, so the bytes are hashed
// both ways and the blob takes the hash that is want: it is stored as it was, and
// dedupes against itself. Where neither is want the blob is named by BLAKE3, and the
// caller, comparing, finds the bytes are not what want names.
func Stage(k Keys, r io.Reader, update Updater, limit int64, want *Hash) (*Staged, error) {
	hs, err := newContentHashes(k, want)
	if err != nil {
		return nil, err
	}
	defer hs.wipe()
	s := &Staged{k: k, update: update, started: time.Now()}
	s.Stream = base.NewID()
	prefix := ChunkPrefix(k, s.Stream)

	sl := newSealer(k, s.Stream, r, hs.writer(), limit)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sl.run()
	}()
	// finish stops the sealer and waits for it, so it no longer reads r or
	// touches the hash once Stage returns.
	finish := func() {
		close(sl.stop)
		<-done
	}

	var written uint32
	fail := func(err error) (*Staged, error) {
		finish()
		if derr := discardStream(k, update, s.Stream, written); derr != nil {
			err = errors.Join(err, derr)
		}
		return nil, err
	}
	for b := range sl.full {
		if b.err != nil {
			return fail(b.err)
		}
		if err := update(func(tx Tx) error { return s.put(tx, prefix, written, b.chunks) }); err != nil {
			return fail(err)
		}
		written += uint32(len(b.chunks))
		if b.last {
			break
		}
		sl.free <- b.chunks[:cap(b.chunks)]
	}
	finish()
	s.Size = sl.size
	s.Chunks = written
	s.Hash, s.Format = hs.name(want)
	return s, nil
}

// put writes a batch of sealed chunks, numbered from written, and the marker that
// says they are there.
func (s *Staged) put(tx Tx, prefix [chunkPrefixSize]byte, written uint32, chunks [][]byte) error {
	// The bucket's name is a keyed hash: taken once for the batch, not per chunk.
	name := tx.BucketName(ChunksCollection)
	b, err := tx.CreateBucket(name)
	if err != nil {
		return err
	}
	if first := ChunkKey(prefix, 0); written == 0 && has(b, first[:]) {
		// Two streams whose 48-bit prefixes agree: about one in 2^48 pairs.
		return errors.New("the attachment's place in the vault is taken; attach it again")
	}
	for i, c := range chunks {
		if err := putChunk(tx, name, b, ChunkKey(prefix, written+uint32(i)), c); err != nil {
			return err
		}
	}
	return tx.Put(PendingCollection, s.Stream, Pending{Written: written + uint32(len(chunks)), Started: s.started}.Marshal())
}

// contentHashes are the keyed hashes a stage computes: BLAKE3 and, given want,
// BLAKE2b too.
type contentHashes struct {
	formats []byte
	hashes  []hash.Hash
	wipes   []func()
}

func newContentHashes(k Keys, want *Hash) (*contentHashes, error) {
	c := &contentHashes{formats: []byte{FormatBLAKE3}}
	if want != nil {
		c.formats = append(c.formats, FormatBLAKE2b)
	}
	for _, f := range c.formats {
		h, wipe, err := ContentHash(k, f)
		if err != nil {
			c.wipe()
			return nil, err
		}
		c.hashes, c.wipes = append(c.hashes, h), append(c.wipes, wipe)
	}
	return c, nil
}

// writer writes to every hash.
func (c *contentHashes) writer() io.Writer {
	if len(c.hashes) == 1 {
		return c.hashes[0]
	}
	w := make([]io.Writer, len(c.hashes))
	for i, h := range c.hashes {
		w[i] = h
	}
	return io.MultiWriter(w...)
}

// wipe overwrites every hash's state.
func (c *contentHashes) wipe() {
	for _, w := range c.wipes {
		w()
	}
}

// name is the blob's name and format: BLAKE3's, unless another hash is want.
func (c *contentHashes) name(want *Hash) (Hash, byte) {
	var h Hash
	c.hashes[0].Sum(h[:0])
	for i, f := range c.formats[1:] {
		var sum Hash
		c.hashes[1+i].Sum(sum[:0])
		if sum == *want {
			return sum, f
		}
	}
	return h, c.formats[0]
}

// sealedBatch is a batch of sealed chunks in order, or the error that ended the
// stream; last says it holds the stream's last chunk.
type sealedBatch struct {
	chunks [][]byte
	last   bool
	err    error
}

// sealer reads a stream, hashes it and seals it into batches taken from free, and
// hands them on in full until the last, an error, or stop.
type sealer struct {
	k      Keys
	stream ID
	r      io.Reader
	h      io.Writer // the keyed hash, or hashes
	limit  int64
	size   int64
	free   chan [][]byte
	full   chan sealedBatch
	stop   chan struct{}
	// plains holds the plaintext buffers not in use; ahead is the chunk read
	// ahead, which says whether the one before it is the last.
	plains chan *plain
	ahead  *plain
}

// plain is one chunk's plaintext, read once and then both sealed and hashed: refs
// counts the two, and the last to finish puts it back in the sealer's plains.
type plain struct {
	b    []byte
	n    int
	refs atomic.Int32
}

// newSealer is a sealer of r with its batches of buffers ready.
func newSealer(k Keys, stream ID, r io.Reader, h io.Writer, limit int64) *sealer {
	sl := &sealer{k: k, stream: stream, r: r, h: h, limit: limit,
		free: make(chan [][]byte, sealedBatches), full: make(chan sealedBatch), stop: make(chan struct{}),
		plains: make(chan *plain, HashAhead)}
	for range sealedBatches {
		batch := make([][]byte, WriteBatch)
		for i := range batch {
			batch[i] = make([]byte, 0, ChunkSize+SealOverhead)
		}
		sl.free <- batch
	}
	for range HashAhead {
		sl.plains <- &plain{b: make([]byte, ChunkSize)}
	}
	return sl
}

// release gives up one use of p, and puts it back once both are done.
func (s *sealer) release(p *plain) {
	if p.refs.Add(-1) == 0 {
		s.plains <- p
	}
}

// sealJob is one chunk for a sealing worker: its plaintext, its place in the
// stream, and the buffer of the batch it is sealed into.
type sealJob struct {
	p     *plain
	index uint32
	last  bool
	dst   *[]byte
}

// run reads, seals and hashes the stream, a batch of chunks at a time from s.free
// to s.full, until the last chunk, an error, or s.stop.
//
// One goroutine (this one) reads the chunks in order; sealWorkers() goroutines seal
// them, each chunk whole into its place in the batch, so the sealing, which alone
// costs about as much as the commit, spreads over the cores; and the keyed hash,
// which is sequential, runs in a goroutine of its own over the same plaintext
// buffers, up to HashAhead chunks behind the reading.
func (s *sealer) run() {
	toHash, stopHash := s.startHash()
	defer func() {
		stopHash()
		if s.ahead != nil {
			s.plains <- s.ahead
			s.ahead = nil
		}
		// Every buffer is back once the hash and the workers are done: wipe the
		// plaintext they held.
		for range HashAhead {
			clear((<-s.plains).b)
		}
	}()
	workers := sealWorkers()
	var index uint32
	for last := false; !last; {
		var batch [][]byte
		select {
		case batch = <-s.free:
		case <-s.stop:
			return
		}
		var n int
		var err error
		n, last, err = s.sealBatch(batch, index, workers, toHash)
		index += uint32(n)
		if last && err == nil {
			// The hash is read once the last batch is committed; it must be whole by then.
			stopHash()
		}
		out := sealedBatch{chunks: batch[:n], last: last, err: err}
		select {
		case s.full <- out:
		case <-s.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// startHash starts the keyed hash's goroutine, which hashes the plaintext sent to
// toHash in order and releases it; stop, which may be called more than once,
// waits until it has hashed everything sent.
func (s *sealer) startHash() (toHash chan<- *plain, stop func()) {
	ch := make(chan *plain, HashAhead)
	hashed := make(chan struct{})
	go func() {
		defer close(hashed)
		for p := range ch {
			s.h.Write(p.b[:p.n])
			s.release(p)
		}
	}()
	return ch, sync.OnceFunc(func() {
		close(ch)
		<-hashed
	})
}

// sealBatch reads the stream's next chunks, numbered from index, into batch until
// it is full or the stream ends: each is sealed by one of workers goroutines into
// its place in the batch, and sent to toHash. n is how many it holds, whole once
// sealBatch returns.
func (s *sealer) sealBatch(batch [][]byte, index uint32, workers int, toHash chan<- *plain) (n int, last bool, err error) {
	err = s.k.WithAEAD(func(a cipher.AEAD) error {
		jobs := make(chan sealJob, len(batch))
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					*j.dst = SealChunk(a, (*j.dst)[:0], s.stream, j.index, j.last, j.p.b[:j.p.n])
					s.release(j.p)
				}
			}()
		}
		// The batch is whole, and the AEAD no longer used, once the workers
		// are done.
		defer func() {
			close(jobs)
			wg.Wait()
		}()
		for n < len(batch) && !last {
			var p *plain
			var err error
			if p, last, err = s.next(); err != nil {
				return err
			}
			p.refs.Store(2)
			toHash <- p
			jobs <- sealJob{p: p, index: index + uint32(n), last: last, dst: &batch[n]}
			n++
		}
		return nil
	})
	return n, last, err
}

// next is the stream's next chunk, and whether it is the last. A chunk short of
// ChunkSize ends the stream; after a whole one the next is read ahead, straight into
// a buffer of its own, and if that one is empty the whole one was the last.
func (s *sealer) next() (p *plain, last bool, err error) {
	p, s.ahead = s.ahead, nil
	if p == nil {
		if p, err = s.read(); err != nil {
			return nil, false, err
		}
	}
	if p.n < ChunkSize {
		return p, true, nil
	}
	q, err := s.read()
	if err != nil {
		s.plains <- p
		return nil, false, err
	}
	if q.n == 0 {
		s.plains <- q
		return p, true, nil
	}
	s.ahead = q
	return p, false, nil
}

// read reads up to a chunk into a free buffer; fewer bytes than ChunkSize means the
// stream has ended. A stream grown past s.limit is an error.
func (s *sealer) read() (*plain, error) {
	var p *plain
	select {
	case p = <-s.plains:
	case <-s.stop:
		return nil, errStopped
	}
	n, err := io.ReadFull(s.r, p.b)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		s.plains <- p
		return nil, err
	}
	p.n = n
	s.size += int64(n)
	if s.size > s.limit {
		s.plains <- p
		return nil, fmt.Errorf("%w: more than %d MiB", ErrTooLarge, MaxSize>>20)
	}
	return p, nil
}

// errStopped ends a read that Stage no longer waits for; no one sees it.
var errStopped = errors.New("stopped")

// sealWorkers is how many goroutines seal a stream's chunks: one per core, up to four.
func sealWorkers() int {
	return max(1, min(runtime.GOMAXPROCS(0), 4))
}

// putChunk stores one sealed chunk in b, the chunks' bucket named name, keeping the
// record counts and ID sets.
func putChunk(tx Tx, name []byte, b *bolt.Bucket, key ID, sealed []byte) error {
	if !has(b, key[:]) {
		tx.Count(name, 1)
		tx.NoteID(name, key, true)
	}
	return b.Put(key[:], sealed)
}

// deleteChunks deletes chunks from to to-1 of stream; absent ones are no error.
func deleteChunks(k Keys, tx Tx, stream ID, from, to uint32) error {
	name := tx.BucketName(ChunksCollection)
	b := tx.Bucket(name)
	if b == nil {
		return nil
	}
	prefix := ChunkPrefix(k, stream)
	for i := from; i < to; i++ {
		key := ChunkKey(prefix, i)
		if !has(b, key[:]) {
			continue
		}
		if err := b.Delete(key[:]); err != nil {
			return err
		}
		tx.Count(name, -1)
		tx.NoteID(name, key, false)
	}
	return nil
}

// Commit keeps a staged blob, in the caller's transaction, and returns it. If the
// vault already holds a blob with the same bytes, the staged chunks are deleted and
// the blob already there is returned: one file kept twice is stored once.
func Commit(tx Tx, s *Staged) (Blob, error) {
	if s == nil || s.done {
		return Blob{}, errors.New("the attachment was already committed or discarded")
	}
	have, ok, err := find(tx, s.Hash)
	if err != nil {
		return Blob{}, err
	}
	if ok {
		if err := deleteChunks(s.k, tx, s.Stream, 0, s.Chunks); err != nil {
			return Blob{}, err
		}
	} else if err := tx.Put(BlobsCollection, s.Hash.ID(), s.Blob.Marshal()); err != nil {
		return Blob{}, err
	} else {
		have = s.Blob
	}
	if err := tx.Delete(PendingCollection, s.Stream); err != nil {
		return Blob{}, err
	}
	return have, nil
}

// Committed marks a staged blob as kept once the transaction that committed it has
// returned, so Discard leaves it alone.
func (s *Staged) Committed() { s.done = true }

// Discard deletes a staged blob that was not committed; after Committed it does
// nothing. An error leaves the rest to SweepPending.
func (s *Staged) Discard() error {
	if s == nil || s.done {
		return nil
	}
	s.done = true
	return discardStream(s.k, s.update, s.Stream, s.Chunks)
}

// find reads the blob record of h in the transaction, if there is one.
func find(tx Tx, h Hash) (Blob, bool, error) {
	name := tx.BucketName(BlobsCollection)
	b := tx.Bucket(name)
	if b == nil {
		return Blob{}, false, nil
	}
	id := h.ID()
	sealed := b.Get(id[:])
	if sealed == nil {
		return Blob{}, false, nil
	}
	plain, err := tx.Open(name, id[:], sealed)
	if err != nil {
		return Blob{}, false, fmt.Errorf("blob %s: %w", id, err)
	}
	have, err := ParseBlob(id, plain)
	if err != nil {
		return Blob{}, false, err
	}
	if !bytes.Equal(have.Hash[:], h[:]) {
		return Blob{}, false, fmt.Errorf("%w: two different files share the address %s", ErrDamaged, id)
	}
	return have, true, nil
}

// Delete deletes the blob named h and all its chunks, in the caller's transaction.
// Deleting a blob that is not there is no error.
func Delete(k Keys, tx Tx, h Hash) error {
	b, ok, err := find(tx, h)
	if err != nil || !ok {
		return err
	}
	if err := deleteChunks(k, tx, b.Stream, 0, b.Chunks); err != nil {
		return err
	}
	return tx.Delete(BlobsCollection, h.ID())
}

// discardStream deletes the chunks of a stream that was not committed, a bounded
// batch per transaction, with its pending marker last.
func discardStream(k Keys, update Updater, stream ID, written uint32) error {
	for {
		lo := written - min(written, discardBatch)
		err := update(func(tx Tx) error {
			if err := deleteChunks(k, tx, stream, lo, written); err != nil {
				return err
			}
			if lo > 0 {
				return tx.Put(PendingCollection, stream, Pending{Written: lo, Started: time.Now()}.Marshal())
			}
			return tx.Delete(PendingCollection, stream)
		})
		if err != nil {
			return err
		}
		if lo == 0 {
			return nil
		}
		written = lo
	}
}

// SweepPending discards every stream left pending by a process that stopped before
// it committed, and returns how many. It reads only the pending markers, which are
// none unless a write was cut short, never the chunks.
func SweepPending(v Vault, update Updater) (int, error) {
	type left struct {
		stream  ID
		written uint32
	}
	var (
		mu    sync.Mutex // Load calls back from several goroutines
		found []left
		bad   error
	)
	damaged, err := v.Load(PendingCollection, func(id ID, plain []byte) error {
		p, err := ParsePending(plain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = err
			return nil
		}
		found = append(found, left{id, p.Written})
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(damaged) > 0 {
		return 0, damaged[0]
	}
	if bad != nil {
		return 0, bad
	}
	for i, l := range found {
		if err := discardStream(v, update, l.stream, l.written); err != nil {
			return i, err
		}
	}
	return len(found), nil
}
