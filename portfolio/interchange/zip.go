package interchange

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/archive"
)

// The .zip container of a full archive with its attachments (docs/EXPORT.md): the
// JSON archive as archive.json, first, and one file per distinct attachment content
// as attachments/<64 hex digits>, the name the archive's attachments give as "file".
// Nothing else. Written as a stream, read a file at a time.

// ArchiveEntry is the container's name for the JSON archive.
const ArchiveEntry = "archive.json"

// maxZipEntries and maxZipDirectory bound the files a container may list and the
// size of its directory, so the directory is read into bounded memory: far more
// distinct attachments than a career holds, with names of folio's length.
const (
	maxZipEntries   = 100_000
	maxZipDirectory = 32 << 20
)

// zipTime is the time every file of a container is stamped with: a fixed time,
// so the container says nothing the archive does not.
func zipTime() time.Time { return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) }

// IsZip reports whether data starts as a zip file does.
func IsZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// WriteArchiveZip writes the container to w: data (the JSON archive) and the
// files its attachments name, each read from open as it is written, so no file is
// held in memory whole.
func WriteArchiveZip(w io.Writer, data []byte, a *archive.Archive, open func(name string) (io.ReadCloser, error)) error {
	zw := zip.NewWriter(w)
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: ArchiveEntry, Method: zip.Deflate, Modified: zipTime()})
	if err != nil {
		return err
	}
	if _, err := fw.Write(data); err != nil {
		return err
	}
	names, sizes := archive.ArchiveFiles(a)
	for _, name := range names {
		// Stored, not compressed: certificates, photos and slides mostly are already.
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: zipTime()})
		if err != nil {
			return err
		}
		r, err := open(name)
		if err != nil {
			return err
		}
		n, err := io.Copy(fw, r)
		r.Close()
		if err != nil {
			return err
		}
		if n != sizes[name] {
			return fmt.Errorf("%s is %d bytes in the vault, and its attachment says %d", name, n, sizes[name])
		}
	}
	return zw.Close()
}

// ArchiveZip is a container opened for import. Open reads one file at a time.
type ArchiveZip struct {
	name  string
	files map[string]*zip.File
}

// zipInvalid is a container refused, in one sentence naming it.
func zipInvalid(name, format string, args ...any) error {
	return fmt.Errorf("%w: %s is not a folio archive container: %s", portfolio.ErrMalformed, name, fmt.Sprintf(format, args...))
}

// zipFileProblem is why the directory entry f cannot be in an archive container,
// given the files listed before it, or "" if it can: its name, a second copy,
// encryption, the compression method, or the size it claims.
func zipFileProblem(f *zip.File, listed map[string]*zip.File) string {
	switch {
	case f.Name != ArchiveEntry && !archive.IsArchiveFileName(f.Name):
		return fmt.Sprintf("it holds %q, which is neither archive.json nor attachments/ and 64 hex digits", f.Name)
	case listed[f.Name] != nil:
		return fmt.Sprintf("it holds %s twice", f.Name)
	case f.Flags&0x1 != 0:
		return fmt.Sprintf("%s is encrypted", f.Name)
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return fmt.Sprintf("%s is compressed with method %d; folio reads stored and deflated files", f.Name, f.Method)
	case f.Name == ArchiveEntry && f.UncompressedSize64 > portfolio.MaxImportBytes:
		return fmt.Sprintf("its archive.json says it holds %d bytes, more than %d MiB", f.UncompressedSize64, portfolio.MaxImportBytes>>20)
	case f.Name != ArchiveEntry && f.UncompressedSize64 > portfolio.MaxAttachmentSize:
		return fmt.Sprintf("%s says it holds %d bytes, more than the %d MiB an attachment may", f.Name, f.UncompressedSize64, portfolio.MaxAttachmentSize>>20)
	}
	return ""
}

// zipSpan is the bytes of the file that one member's data takes.
type zipSpan struct{ start, end int64 }

// overlapping reports whether any two of spans share bytes; it sorts them.
func overlapping(spans []zipSpan) bool {
	slices.SortFunc(spans, func(a, b zipSpan) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return true
		}
	}
	return false
}

// OpenArchiveZip checks a container's directory before anything is read from it:
// at most maxZipEntries files, archive.json once and attachments/<hex> files
// otherwise (no folders, no other paths, so none can lead outside anywhere), no name
// twice, no encryption, stored or deflated only, sizes within what folio keeps, and
// no two files sharing bytes (the overlap zip bombs are made of). It returns the
// container and the JSON archive, read whole (at most MaxImportBytes).
func OpenArchiveZip(r io.ReaderAt, size int64, name string) (*ArchiveZip, []byte, error) {
	n, dirSize, err := zipDirectory(r, size)
	if err != nil {
		return nil, nil, zipInvalid(name, "%s", err)
	}
	if n > maxZipEntries {
		return nil, nil, zipInvalid(name, "it lists %d files, more than the %d folio reads", n, maxZipEntries)
	}
	if dirSize > maxZipDirectory {
		return nil, nil, zipInvalid(name, "its directory is %d bytes, more than the %d MiB folio reads", dirSize, maxZipDirectory>>20)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are checked below
		return nil, nil, zipInvalid(name, "%s", stripZipPrefix(err))
	}
	z := &ArchiveZip{name: name, files: map[string]*zip.File{}}
	var spans []zipSpan
	for _, f := range zr.File {
		if problem := zipFileProblem(f, z.files); problem != "" {
			return nil, nil, zipInvalid(name, "%s", problem)
		}
		off, err := f.DataOffset()
		if err != nil {
			return nil, nil, zipInvalid(name, "%s: %s", f.Name, stripZipPrefix(err))
		}
		if f.CompressedSize64 > uint64(size) || off < 0 || off > size-int64(f.CompressedSize64) {
			return nil, nil, zipInvalid(name, "%s runs past the end of the file", f.Name)
		}
		spans = append(spans, zipSpan{off, off + int64(f.CompressedSize64)})
		z.files[f.Name] = f
	}
	if overlapping(spans) {
		return nil, nil, zipInvalid(name, "two of its files share bytes, as a zip bomb's do")
	}
	if z.files[ArchiveEntry] == nil {
		return nil, nil, zipInvalid(name, "it holds no archive.json")
	}
	rc, err := z.open(ArchiveEntry, int64(z.files[ArchiveEntry].UncompressedSize64))
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, nil, err
	}
	return z, data, nil
}

// Check holds the container to the archive read from it: every file it holds is
// named by an attachment, with the size the attachment gives, and every file an
// attachment names is there.
func (z *ArchiveZip) Check(a *archive.Archive) error {
	names, sizes := archive.ArchiveFiles(a)
	for _, n := range names {
		f := z.files[n]
		if f == nil {
			return zipInvalid(z.name, "an attachment names %s, which it does not hold", n)
		}
		if f.UncompressedSize64 != uint64(sizes[n]) {
			return zipInvalid(z.name, "%s says it holds %d bytes, and its attachment %d", n, f.UncompressedSize64, sizes[n])
		}
	}
	for n := range z.files {
		if _, ok := sizes[n]; !ok && n != ArchiveEntry {
			return zipInvalid(z.name, "it holds %s, which no attachment names", n)
		}
	}
	return nil
}

// Open streams one file of the container; a file longer or shorter than its
// directory says, or whose checksum fails, is an error from Read.
func (z *ArchiveZip) Open(name string) (io.ReadCloser, error) {
	f := z.files[name]
	if f == nil {
		return nil, zipInvalid(z.name, "it does not hold %s", name)
	}
	return z.open(name, int64(f.UncompressedSize64))
}

func (z *ArchiveZip) open(name string, size int64) (io.ReadCloser, error) {
	rc, err := z.files[name].Open()
	if err != nil {
		return nil, zipInvalid(z.name, "%s: %s", name, stripZipPrefix(err))
	}
	return &zipFileReader{rc: rc, left: size, z: z, name: name}, nil
}

// zipFileReader reads a file of a container, refusing bytes past its declared
// size (archive/zip checks the size and checksum at its end).
type zipFileReader struct {
	rc   io.ReadCloser
	left int64
	z    *ArchiveZip
	name string
}

func (r *zipFileReader) Read(p []byte) (int, error) {
	if int64(len(p)) > r.left+1 {
		p = p[:r.left+1]
	}
	n, err := r.rc.Read(p)
	r.left -= int64(n)
	if r.left < 0 {
		return 0, zipInvalid(r.z.name, "%s holds more bytes than it says", r.name)
	}
	if err != nil && err != io.EOF {
		return n, zipInvalid(r.z.name, "%s: %s", r.name, stripZipPrefix(err))
	}
	if err == io.EOF && r.left != 0 {
		return n, zipInvalid(r.z.name, "%s holds fewer bytes than it says", r.name)
	}
	return n, err
}

func (r *zipFileReader) Close() error { return r.rc.Close() }

func stripZipPrefix(err error) string {
	s := err.Error()
	if len(s) > 5 && s[:5] == "zip: " {
		return s[5:]
	}
	return s
}

// zipDirectory reads how many files a zip's directory lists and its size, from its
// end records, before archive/zip reads the directory into memory.
func zipDirectory(r io.ReaderAt, size int64) (entries, dirSize uint64, err error) {
	const eocdLen, maxComment = 22, 65535
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, 0, err
	}
	at := -1
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == 0x06054b50 {
			at = i
			break
		}
	}
	if at < 0 {
		return 0, 0, errors.New("it is not a zip file")
	}
	n := uint64(binary.LittleEndian.Uint16(buf[at+10:]))
	d := uint64(binary.LittleEndian.Uint32(buf[at+12:]))
	if n != 0xffff && d != 0xffffffff {
		return n, d, nil
	}
	// Zip64: the locator just before the end record gives the zip64 end record.
	// Without one, the counts are what they say (65535 files, as archive/zip reads).
	loc := size - tail + int64(at) - 20
	var l [20]byte
	if loc < 0 {
		return n, d, nil
	}
	if _, err := r.ReadAt(l[:], loc); err != nil || binary.LittleEndian.Uint32(l[:]) != 0x07064b50 {
		return n, d, nil
	}
	off := int64(binary.LittleEndian.Uint64(l[8:]))
	var rec [56]byte
	if off < 0 || off > size-56 {
		return 0, 0, errors.New("its zip64 end record is out of place")
	}
	if _, err := r.ReadAt(rec[:], off); err != nil || binary.LittleEndian.Uint32(rec[:]) != 0x06064b50 {
		return 0, 0, errors.New("its zip64 end record is malformed")
	}
	return binary.LittleEndian.Uint64(rec[32:]), binary.LittleEndian.Uint64(rec[40:]), nil
}
