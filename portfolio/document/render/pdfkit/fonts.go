package pdfkit

import (
	"bytes"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// The Noto fonts (SIL Open Font License, fonts/OFL.txt) carry what the Go fonts do
// not: the rest of Latin (Vietnamese), Arabic, Hebrew and Devanagari.
//
//go:embed fonts/*.ttf
var notoFonts embed.FS

// Style is a face of the text: its weight and slant, or the monospaced face for code.
type Style uint8

const (
	Regular Style = iota
	Bold
	Italic
	BoldItalic
	Mono
	styles
)

// fontFile is one font the document may embed.
type fontFile struct {
	name   string // PostScript-like name, for the PDF
	path   string // of a system font, read on first use
	data   []byte
	offset int // of the font in a collection
	face   *font.Face
	loaded bool
	bad    bool
	// outlines says the font's glyphs are drawn as paths rather than embedded:
	// its outlines are CFF, which pdfkit cannot subset.
	outlines bool
	// drawn memoises, for a font drawn as paths, which characters have an
	// outline: its coverage is read from cmap alone.
	drawn map[rune]bool
	// text is, for the invisible font that carries a font drawn as paths as text,
	// that font; ids are its glyphs by the drawn font's glyph ID, adv their
	// advances in thousandths of the type size, by the invisible font's IDs.
	text *fontFile
	ids  map[uint16]uint16
	adv  []float64
	// cover lists, sorted, the characters a system font draws with an outline;
	// scanned says it was read. The font's bytes are dropped after the scan and
	// read again only if the document uses it.
	cover   []rune
	scanned bool
	// weight is a system font's: 400 regular, 700 bold.
	weight float64
}

// scan reads a system font's coverage and weight from its bytes (in f.data) and
// lets go of them. A font whose tables make the parser panic covers nothing.
func (f *fontFile) scan() {
	f.scanned = true
	defer func() {
		if recover() != nil {
			f.cover = nil
		}
		f.data, f.face, f.loaded = nil, nil, false
	}()
	face := f.load()
	if face == nil {
		return
	}
	var offs []int
	if t, err := sfntTables(f.data, f.offset); err == nil {
		offs, _ = glyphOffsets(t)
	}
	f.weight = float64(face.Describe().Aspect.Weight)
	if t, _ := sfntTables(f.data, f.offset); f.outlines && t["fvar"] != nil {
		f.weight = 400 // a variable font drawn as paths is drawn regular (load)
	}
	// A damaged cmap can map every number up to 2³² (a format 12 group's ends
	// are not checked): past the last character Unicode has, the scan stops.
	for it, n := face.Cmap.Iter(), 0; it.Next() && n <= unicode.MaxRune; n++ {
		r, g := it.Char()
		if r > unicode.MaxRune || r < 0 {
			break
		}
		// A CFF font's outlines are read only for the characters a document
		// uses (has checks them), as reading them all would take seconds.
		if (f.outlines && g != 0) || (int(g)+1 < len(offs) && offs[g+1] > offs[g]) {
			f.cover = append(f.cover, r)
		}
	}
	slices.Sort(f.cover)
}

// scanFile scans f and the other fonts of its file, reading it once (a CJK
// collection holds ten fonts of 20 MB together); it returns the bytes read.
func (fc *Fonts) scanFile(f *fontFile) int64 {
	data, err := readBounded(f.path)
	for _, g := range fc.system {
		if g.path == f.path && !g.scanned {
			if err != nil {
				g.scanned, g.bad = true, true
				continue
			}
			g.data = data
			g.scan()
		}
	}
	return int64(len(data))
}

// load parses the font on first use, so a document pays only for the fonts its
// text needs. A system font is read from disk and trusted no further than that: one
// that fails to parse, even by panicking the parser, is left out.
func (f *fontFile) load() (face *font.Face) {
	if f.loaded {
		return f.face
	}
	f.loaded = true
	defer func() {
		if recover() != nil {
			f.bad, f.face, face = true, nil, nil
		}
	}()
	if f.data == nil && f.path != "" {
		data, err := readBounded(f.path)
		if err != nil {
			f.bad = true
			return nil
		}
		f.data = data
	}
	// The parser takes a table's length on trust and allocates it, so a font
	// whose tables do not lie inside its file, or that is not a plain font
	// (WOFF's lengths are of compressed tables), is refused first.
	if !plainFont(f.data, f.offset) {
		f.bad = true
		return nil
	}
	// Only the member used is parsed: a CJK collection holds ten fonts.
	loaders, err := ot.NewLoaders(bytes.NewReader(f.data))
	if err != nil {
		f.bad = true
		return nil
	}
	idx := collectionIndex(f.data, f.offset)
	if idx < 0 || idx >= len(loaders) {
		f.bad = true
		return nil
	}
	ft, err := font.NewFont(loaders[idx])
	if err != nil {
		f.bad = true
		return nil
	}
	f.face = font.NewFace(ft)
	if f.outlines {
		// A variable font drawn as paths is drawn at the regular weight: its
		// default may be the lightest (Noto Sans CJK's, as Fedora installs it).
		// A TrueType one keeps its default, the outlines its subset embeds.
		f.face.SetVariations([]font.Variation{{Tag: ot.MustNewTag("wght"), Value: 400}})
	}
	return f.face
}

// plainFont reports whether the font at off of data is TrueType or OpenType
// whose tables all lie inside data.
func plainFont(data []byte, off int) bool {
	if off < 0 || off+4 > len(data) {
		return false
	}
	switch string(data[off : off+4]) {
	case "\x00\x01\x00\x00", "OTTO", "true":
	default:
		return false
	}
	_, err := sfntTables(data, off)
	return err == nil
}

// collectionIndex is which member of a collection starts at offset.
func collectionIndex(data []byte, offset int) int {
	if !bytes.HasPrefix(data, []byte("ttcf")) {
		return 0
	}
	n := int(binary.BigEndian.Uint32(data[8:]))
	for i := 0; i < n && 12+4*i+4 <= len(data); i++ {
		if int(binary.BigEndian.Uint32(data[12+4*i:])) == offset {
			return i
		}
	}
	return -1
}

// has reports whether the font draws r: it maps r to a glyph (for a system font,
// one with an outline).
func (f *fontFile) has(r rune) bool {
	if f.path != "" {
		_, found := slices.BinarySearch(f.cover, r)
		if !found || !f.outlines {
			return found
		}
		if ok, seen := f.drawn[r]; seen {
			return ok
		}
		if f.drawn == nil {
			f.drawn = map[rune]bool{}
		}
		f.drawn[r] = f.hasOutline(r)
		return f.drawn[r]
	}
	face := f.load()
	if face == nil {
		return false
	}
	_, ok := face.NominalGlyph(r)
	return ok
}

// hasOutline reports whether the font maps r to a glyph it can draw as a path: one
// with an outline, or a space, which draws nothing. A glyph whose outline fails to
// read (a damaged font) is not drawn, and r is left to the next font.
func (f *fontFile) hasOutline(r rune) (ok bool) {
	face := f.load()
	if face == nil {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	g, found := face.NominalGlyph(r)
	if !found {
		return false
	}
	o, found := face.GlyphDataOutline(g)
	return found && (len(o.Segments) > 0 || unicode.IsSpace(r))
}

// Fonts is the fallback chain of one document: for each style, the fonts tried in
// turn for a character, ending with the system's fonts when the embedded ones
// cannot draw it. It is not safe for concurrent use.
type Fonts struct {
	chains [styles][]*fontFile
	byFace map[*font.Face]*fontFile
	// dirs are where system fonts are looked for; system holds those found,
	// read on first need.
	dirs       []string
	system     []*fontFile
	systemRead bool
	// none memoises the characters no font draws; loaded counts the bytes of
	// system fonts scanned, bounded by systemBudget.
	none   map[rune]bool
	chosen map[styledRune]*fontFile
	loaded int64
}

// systemBudget bounds how much of the system's fonts one document scans looking
// for characters, so a machine with thousands of fonts does not read them all for
// an emoji none of them has. Each font is scanned once, then only its coverage kept.
const systemBudget = 256 << 20

// NewFonts builds the fallback chains. fontDirs are folders of system fonts tried
// for characters the embedded fonts lack (nil for none; SystemFontDirs for the
// usual places).
func NewFonts(fontDirs []string) *Fonts {
	noto := func(name string) *fontFile {
		data, err := notoFonts.ReadFile("fonts/" + name + ".ttf")
		if err != nil {
			panic("pdfkit: embedded font missing: " + name) // a build defect, not input
		}
		return &fontFile{name: name, data: data}
	}
	goFont := func(name string, data []byte) *fontFile { return &fontFile{name: name, data: data} }
	regular := goFont("Go-Regular", goregular.TTF)
	latin := noto("NotoSans-Regular")
	arabic, arabicBold := noto("NotoSansArabic-Regular"), noto("NotoSansArabic-Bold")
	hebrew, hebrewBold := noto("NotoSansHebrew-Regular"), noto("NotoSansHebrew-Bold")
	devanagari := noto("NotoSansDevanagari-Regular")
	plain := []*fontFile{latin, arabic, hebrew, devanagari}
	heavy := []*fontFile{latin, arabicBold, hebrewBold, devanagari}
	fc := &Fonts{byFace: map[*font.Face]*fontFile{}, dirs: fontDirs, none: map[rune]bool{}, chosen: map[styledRune]*fontFile{}}
	fc.chains[Regular] = append([]*fontFile{regular}, plain...)
	fc.chains[Bold] = append([]*fontFile{goFont("Go-Bold", gobold.TTF)}, heavy...)
	fc.chains[Italic] = append([]*fontFile{goFont("Go-Italic", goitalic.TTF)}, plain...)
	fc.chains[BoldItalic] = append([]*fontFile{goFont("Go-BoldItalic", gobolditalic.TTF)}, heavy...)
	fc.chains[Mono] = append([]*fontFile{goFont("Go-Mono", gomono.TTF), regular}, plain...)
	return fc
}

// SystemFontDirs are the folders fontconfig and the other systems keep fonts in.
func SystemFontDirs() []string {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"), filepath.Join(home, "Library", "Fonts"))
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		dirs = append(dirs, filepath.Join(xdg, "fonts"))
	}
	if win := os.Getenv("WINDIR"); win != "" {
		dirs = append(dirs, filepath.Join(win, "Fonts"))
	}
	return dirs
}

// maxSystemFont bounds the size of a system font file read, so a stray huge file
// in a font folder cannot exhaust memory.
const maxSystemFont = 64 << 20

// readSystem lists the system's fonts with outlines, sorted by path so the same
// machine picks the same font every time. Fonts with TrueType outlines are
// embedded, subset; fonts with CFF outlines (most .otf files, Noto Sans CJK among
// them) cannot be subset here, so their glyphs are drawn as paths. Fonts with
// neither (colour-bitmap emoji) are left out.
func (fc *Fonts) readSystem() {
	if fc.systemRead {
		return
	}
	fc.systemRead = true
	var paths []string
	for _, dir := range fc.dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder is skipped, not fatal
			}
			ext := strings.ToLower(filepath.Ext(path))
			if d.Type().IsRegular() && (ext == ".ttf" || ext == ".ttc" || ext == ".otf") {
				paths = append(paths, path)
			}
			return nil
		})
	}
	slices.Sort(paths)
	for _, p := range paths {
		head, err := readHead(p)
		if err != nil {
			continue
		}
		for i, off := range memberOffsets(head) {
			t, err := sfntDirectory(head, off)
			if err != nil || !(t["glyf"] || t["CFF "] || t["CFF2"]) {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
			if i > 0 {
				name += "-" + string(rune('A'+i%26))
			}
			fc.system = append(fc.system, &fontFile{name: name, path: p, offset: off, outlines: !t["glyf"]})
		}
	}
}

// headSize is how much of a system font is read to list its tables: a font's
// directory takes a few hundred bytes, and a collection's sit at its start, so a
// folder of thousands of fonts is listed by reading a few megabytes. A member
// whose directory lies further in is passed over.
const headSize = 8 << 10

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, headSize)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return buf[:n], nil
}

// readBounded reads a font file that is not too big to hold.
func readBounded(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxSystemFont {
		return nil, fmt.Errorf("%s is larger than a font folio reads", path)
	}
	return os.ReadFile(path)
}

// sfntDirectory lists the tables a font names, from its directory alone.
func sfntDirectory(head []byte, off int) (map[string]bool, error) {
	if off < 0 || off+12 > len(head) {
		return nil, errors.New("the font's header is out of reach")
	}
	n := int(binary.BigEndian.Uint16(head[off+4:]))
	if off+12+16*n > len(head) {
		return nil, errors.New("the font's table directory is out of reach")
	}
	tags := map[string]bool{}
	for i := range n {
		tags[string(head[off+12+16*i:off+16+16*i])] = true
	}
	return tags, nil
}

// memberOffsets lists where each font of a file starts: one for a single font,
// one per member of a collection.
func memberOffsets(data []byte) []int {
	if !bytes.HasPrefix(data, []byte("ttcf")) {
		return []int{0}
	}
	if len(data) < 12 {
		return nil
	}
	n := int(binary.BigEndian.Uint32(data[8:]))
	var out []int
	for i := 0; i < n && i < 256 && 12+4*i+4 <= len(data); i++ {
		out = append(out, int(binary.BigEndian.Uint32(data[12+4*i:])))
	}
	return out
}

// ignorable characters draw nothing and never need a font of their own: joiners,
// variation selectors, direction marks.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Variation_Selector, r) || (r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2060 && r <= 0x2069) || r == 0xFEFF
}

// fontFor is the font of a style's chain, or of the system's, that draws r; nil
// when none does.
func (fc *Fonts) fontFor(s Style, r rune) *fontFile {
	for _, f := range fc.chains[s] {
		if f.has(r) {
			return f
		}
	}
	if fc.none[r] {
		return nil
	}
	k := styledRune{s, r}
	if f, ok := fc.chosen[k]; ok {
		return f
	}
	fc.readSystem()
	// Of the fonts that draw r, the first by path of the weight the style asks
	// for, else the nearest weight: a folder holds a family's weights side by
	// side (NotoSansCJK-Bold.ttc sorts before NotoSansCJK-Regular.ttc).
	want := 400.0
	if s == Bold || s == BoldItalic {
		want = 700
	}
	var best *fontFile
	bestD := math.Inf(1)
	for _, f := range fc.system {
		if !f.scanned {
			if fc.loaded > systemBudget {
				continue
			}
			fc.loaded += fc.scanFile(f)
		}
		d := math.Abs(f.weight - want)
		if d < bestD && f.has(r) {
			best, bestD = f, d
			if d == 0 {
				break
			}
		}
	}
	if best == nil {
		fc.none[r] = true
		return nil
	}
	fc.chosen[k] = best
	return best
}

// styledRune is a character in a style, which system font draws it memoised.
type styledRune struct {
	s Style
	r rune
}

// Drawable reports whether some font, embedded or on the system, draws r.
func (fc *Fonts) Drawable(r rune) bool {
	if r == '\n' || unicode.IsSpace(r) || ignorable(r) {
		return true
	}
	return fc.fontFor(Regular, r) != nil
}

// face is the parsed face of f, registered so shaped runs lead back to their file.
func (fc *Fonts) face(f *fontFile) *font.Face {
	face := f.load()
	if face != nil {
		fc.byFace[face] = f
	}
	return face
}

func fontGID(g uint16) font.GID { return font.GID(g) }
