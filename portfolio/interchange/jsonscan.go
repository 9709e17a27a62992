package interchange

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// The functions here walk JSON already known to be valid (json.Valid has passed over
// the whole file), byte by byte, without decoding it: to find where each value of a
// list or an object starts and ends, and to find a key an object gives twice. They
// do not check syntax: on bytes that are not valid JSON, skipValue, forEachElem and
// forEachMember stay within the bytes but find nonsense, and the key walk
// (duplicateKeyAt) must never see them.

// skipSpace is the index of the first byte at or after i that is not JSON whitespace.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString is the index just past the string whose opening quote is at i, and
// whether the string holds an escape.
func skipString(data []byte, i int) (int, bool) {
	escaped := false
	i++
	for {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			return len(data), escaped
		}
		// A quote preceded by an odd number of backslashes is escaped.
		n := 0
		for j := i + q - 1; j >= i && data[j] == '\\'; j-- {
			n++
		}
		if bytes.IndexByte(data[i:i+q], '\\') >= 0 {
			escaped = true
		}
		i += q + 1
		if n%2 == 0 {
			return i, escaped
		}
	}
}

// skipValue is the index just past the value that starts at i.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return len(data)
	}
	switch data[i] {
	case '"':
		end, _ := skipString(data, i)
		return end
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i, _ = skipString(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	// A number, true, false or null runs to the next delimiter.
	for i < len(data) {
		switch data[i] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// forEachElem calls fn with the index, start and end of each element of the list
// whose opening bracket is at off, stopping at fn's first error.
func forEachElem(data []byte, off int, fn func(i, start, end int) error) error {
	i := skipSpace(data, off+1)
	for n := 0; i < len(data) && data[i] != ']'; n++ {
		end := skipValue(data, i)
		if err := fn(n, i, end); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return nil
}

// forEachMember calls fn with the key (unescaped) and the start and end of the value
// of each member of the object whose opening brace is at off.
func forEachMember(data []byte, off int, fn func(key string, start, end int) error) error {
	i := skipSpace(data, off+1)
	for i < len(data) && data[i] == '"' {
		kend, esc := skipString(data, i)
		if kend-1 <= i {
			return nil // an unclosed string, in bytes that are not JSON
		}
		key := string(data[i+1 : kend-1])
		if esc {
			key = unquoteKey(data[i:kend])
		}
		i = skipSpace(data, kend)
		i = skipSpace(data, i+1) // past the colon
		end := skipValue(data, i)
		if err := fn(key, i, end); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return nil
}

// unquoteKey unescapes a quoted JSON string as encoding/json does (a lone surrogate
// becomes U+FFFD), so keys compare as a decoder would see them.
func unquoteKey(quoted []byte) string {
	var s string
	json.Unmarshal(quoted, &s)
	return s
}

// dupScanner finds the first key an object gives twice in one JSON value. Its key
// stack is shared by every object on the way down, so a walk allocates only when a
// key holds an escape or an object has many keys.
type dupScanner struct {
	data []byte
	keys [][]byte
}

// pathSeg is one step of the path to a repeated key: a key, or a list index when key
// is nil.
type pathSeg struct {
	key   []byte
	index int
}

// manyKeys is where an object's keys move from a list searched in order to a map.
const manyKeys = 16

// duplicateKeyAt walks the value of valid JSON that starts at i and returns where it
// ends (unless a key is repeated) and whether an object in it gives a key twice, with
// the path to the second one: keys joined by dots, list indexes in brackets. The
// path of a repeated empty key at the top is "".
func duplicateKeyAt(data []byte, i int) (int, string, bool) {
	s := dupScanner{data: data}
	var segs []pathSeg
	end, found := s.walk(i, &segs)
	if !found {
		return end, "", false
	}
	// segs holds the path innermost first.
	var p []byte
	for j := len(segs) - 1; j >= 0; j-- {
		if segs[j].key == nil {
			p = append(p, '[')
			p = strconv.AppendInt(p, int64(segs[j].index), 10)
			p = append(p, ']')
			continue
		}
		if len(p) > 0 {
			p = append(p, '.')
		}
		p = append(p, segs[j].key...)
	}
	return end, string(p), true
}

// walk skips the value at i, returning its end; on finding a repeated key it stops
// and returns true with the path to it in *segs, innermost first.
func (s *dupScanner) walk(i int, segs *[]pathSeg) (int, bool) {
	data := s.data
	switch data[i] {
	case '{':
		base := len(s.keys)
		defer func() { s.keys = s.keys[:base] }()
		var set map[string]struct{}
		i = skipSpace(data, i+1)
		for data[i] == '"' {
			kend, esc := skipString(data, i)
			key := data[i+1 : kend-1]
			if esc {
				key = []byte(unquoteKey(data[i:kend]))
			}
			if s.seen(key, base, &set) {
				*segs = append(*segs, pathSeg{key: key})
				return kend, true
			}
			i = skipSpace(data, kend)
			i = skipSpace(data, i+1) // past the colon
			end, found := s.walk(i, segs)
			if found {
				*segs = append(*segs, pathSeg{key: key})
				return end, true
			}
			i = skipSpace(data, end)
			if data[i] == ',' {
				i = skipSpace(data, i+1)
			}
		}
		return i + 1, false // past the closing brace
	case '[':
		i = skipSpace(data, i+1)
		for n := 0; data[i] != ']'; n++ {
			end, found := s.walk(i, segs)
			if found {
				*segs = append(*segs, pathSeg{index: n})
				return end, true
			}
			i = skipSpace(data, end)
			if data[i] == ',' {
				i = skipSpace(data, i+1)
			}
		}
		return i + 1, false
	}
	return skipValue(data, i), false
}

// seen says whether the object whose keys start at base in s.keys already has key,
// and adds it if not.
func (s *dupScanner) seen(key []byte, base int, set *map[string]struct{}) bool {
	if *set != nil {
		if _, ok := (*set)[string(key)]; ok {
			return true
		}
		(*set)[string(key)] = struct{}{}
		return false
	}
	for _, k := range s.keys[base:] {
		if bytes.Equal(k, key) {
			return true
		}
	}
	s.keys = append(s.keys, key)
	if len(s.keys)-base > manyKeys {
		*set = make(map[string]struct{}, 2*manyKeys)
		for _, k := range s.keys[base:] {
			(*set)[string(k)] = struct{}{}
		}
	}
	return false
}

// IsJrnlExport says whether data, as read from a file, is a JSON object with an
// "entries" key and no "format" key: jrnl's export rather than folio's archive. It
// reads only the top level's keys, skipping their values unparsed; whether the file
// is valid JSON is the parser's to say.
func IsJrnlExport(data []byte) bool {
	data, err := DecodeText(data)
	if err != nil {
		return false
	}
	first := firstNonSpace(data)
	if first >= len(data) || data[first] != '{' {
		return false
	}
	entries, format := false, false
	forEachMember(data, first, func(k string, _, _ int) error {
		entries = entries || k == "entries"
		format = format || k == "format"
		return nil
	})
	return entries && !format
}
