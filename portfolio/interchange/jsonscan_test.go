package interchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// referenceDuplicateKey is the duplicate-key check as it was before the byte walk
// replaced it: a walk of json.Decoder tokens. It is kept as the reference the walk is
// fuzzed against.
func referenceDuplicateKey(dec *json.Decoder, path string) string {
	t, _ := dec.Token()
	switch t {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			kt, _ := dec.Token()
			k, _ := kt.(string)
			p := k
			if path != "" {
				p = path + "." + k
			}
			if seen[k] {
				return p
			}
			seen[k] = true
			if dup := referenceDuplicateKey(dec, p); dup != "" {
				return dup
			}
		}
		dec.Token() // }
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if dup := referenceDuplicateKey(dec, fmt.Sprintf("%s[%d]", path, i)); dup != "" {
				return dup
			}
		}
		dec.Token() // ]
	}
	return ""
}

var dupKeyCases = []struct{ json, want string }{
	{`{}`, ""},
	{`[]`, ""},
	{`"a"`, ""},
	{`{"a":1,"b":2}`, ""},
	{`{"a":1,"a":2}`, "a"},
	{`{"a":1,"\u0061":2}`, "a"},
	{`{"a\"b":1, "a\"b" :2}`, `a"b`},
	{`{"a\\":1,"a\\":2}`, `a\`},
	{`{"x":{"y":[1,{"z":0,"z":1}]}}`, "x.y[1].z"},
	{`[{"a":1},{"a":1},{"b":[{},{"c":1,"d":"}","c":2}]}]`, "[2].b[1].c"},
	{` { "k" : [ "a" , "a" ] , "l" : { "k" : 1 } } `, ""},
	{`{"a":{"b":1},"c":{"b":2},"a":3}`, "a"},
	{`{"é":1,"é":2}`, "é"},
	{`{"s":"a\\","s":"b"}`, "s"},
}

func TestDuplicateKeyAt(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf("%q:%d", fmt.Sprint("k", i), i)
	}
	cases := append(dupKeyCases,
		struct{ json, want string }{"{" + strings.Join(many, ",") + "}", ""},
		struct{ json, want string }{"{" + strings.Join(many, ",") + `,"k3":0}`, "k3"},
		struct{ json, want string }{"{" + strings.Join(many, ",") + `,"k39":0}`, "k39"},
	)
	for _, c := range cases {
		start := firstNonSpace([]byte(c.json))
		end, got, found := duplicateKeyAt([]byte(c.json), start)
		if got != c.want || found != (c.want != "") {
			t.Errorf("%s: got %q, want %q", c.json, got, c.want)
		}
		if ref := referenceDuplicateKey(json.NewDecoder(strings.NewReader(c.json)), ""); ref != c.want {
			t.Errorf("%s: the reference gives %q, the table %q", c.json, ref, c.want)
		}
		if c.want == "" && strings.TrimSpace(c.json[end:]) != "" {
			t.Errorf("%s: the walk ended at %d, before the value's end", c.json, end)
		}
	}
}

func TestCheckRecordNamesRepeatedKey(t *testing.T) {
	err := checkRecord([]byte(`{"tags":["a"],"body":{"x":1,"x":2}}`))
	if err == nil || err.Error() != `the key "body.x" is given twice` {
		t.Fatalf("got %v", err)
	}
	// An empty key given twice was let through when the check named a repeated key
	// by a path that could not be empty.
	err = checkRecord([]byte(`{"":1,"":2}`))
	if err == nil || err.Error() != `the key "" is given twice` {
		t.Fatalf("got %v", err)
	}
}

// FuzzDuplicateKey checks the byte walk against the token walk it replaced, on valid
// JSON (all it is ever given), and that skipValue, forEachElem and forEachMember
// find the same values a decoder does.
func FuzzDuplicateKey(f *testing.F) {
	for _, c := range dupKeyCases {
		f.Add([]byte(c.json))
	}
	f.Add([]byte(`{"a":[1,2,{"b":null,"c":true}],"d":-1.5e3,"e":"\u00e9\n"}`))
	f.Add([]byte(`{"entries":[],"tags":{}}`))
	f.Add([]byte(`{"entries":[],"format":"folio-archive"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Sniffing sees any bytes: it must not fail on them, and on valid JSON it
		// must agree with decoding the whole object.
		jrnl := IsJrnlExport(data)
		if !json.Valid(data) || !utf8.Valid(data) {
			return
		}
		var top map[string]json.RawMessage
		json.Unmarshal(data, &top) // a valid value that is not an object leaves top nil
		_, hasFormat := top["format"]
		_, hasEntries := top["entries"]
		if want := hasEntries && !hasFormat; jrnl != want {
			t.Fatalf("%q: IsJrnlExport is %v, want %v", data, jrnl, want)
		}
		start := firstNonSpace(data)
		want := referenceDuplicateKey(json.NewDecoder(bytes.NewReader(data)), "")
		end, got, found := duplicateKeyAt(data, start)
		// The token walk took a repeated key whose path is "" (an empty key at the
		// top) for none; the byte walk finds it.
		if got != want || (found != (want != "") && got != "") {
			t.Fatalf("%q: the byte walk gives %q (%v), the token walk %q", data, got, found, want)
		}
		if !found && len(bytes.TrimSpace(data[end:])) != 0 {
			t.Fatalf("%q: the walk ended at %d", data, end)
		}
		if skip := skipValue(data, start); len(bytes.TrimSpace(data[skip:])) != 0 {
			t.Fatalf("%q: skipValue ended at %d", data, skip)
		}
		var values []json.RawMessage
		switch data[start] {
		case '[':
			forEachElem(data, start, func(i, s, e int) error {
				values = append(values, data[s:e])
				return nil
			})
			var ref []json.RawMessage
			json.Unmarshal(data, &ref)
			compareRaw(t, data, values, ref)
		case '{':
			var keys []string
			forEachMember(data, start, func(k string, s, e int) error {
				keys = append(keys, k)
				values = append(values, data[s:e])
				return nil
			})
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.Token()
			var ref []json.RawMessage
			for i := 0; dec.More(); i++ {
				k, _ := dec.Token()
				if i >= len(keys) || k != keys[i] {
					t.Fatalf("%q: key %d is %q, want %q", data, i, keys, k)
				}
				var raw json.RawMessage
				dec.Decode(&raw)
				ref = append(ref, raw)
			}
			compareRaw(t, data, values, ref)
		}
	})
}

func compareRaw(t *testing.T, data []byte, got, want []json.RawMessage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%q: %d values, want %d", data, len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Fatalf("%q: value %d is %q, want %q", data, i, got[i], want[i])
		}
	}
}

func TestIsJrnlExport(t *testing.T) {
	utf16 := []byte{0xff, 0xfe}
	for _, c := range `{"entries":[]}` {
		utf16 = append(utf16, byte(c), 0)
	}
	for in, want := range map[string]bool{
		`{"tags": {"@a": 1}, "entries": [{"title": "x"}]}`: true,
		"\ufeff {\"entries\": []}":                         true,
		`{"\u0065ntries": []}`:                             true,
		string(utf16):                                      true,
		`{"format": "folio-archive", "entries": []}`:       false,
		`{"entries": [], "format": "folio-archive"}`:       false,
		`{"entrie": []}`:                                   false,
		`[{"entries": []}]`:                                false,
		`{"x": {"entries": []}}`:                           false,
		`{"entries`:                                        false,
		``:                                                 false,
		`2026-03-14 10:05 A plain-text journal`:            false,
	} {
		if got := IsJrnlExport([]byte(in)); got != want {
			t.Errorf("%q: got %v, want %v", in, got, want)
		}
	}
}
