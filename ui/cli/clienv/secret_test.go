package clienv

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadSecretLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		edit bool
		want string
		err  error
	}{
		{"tide pool\nrest", true, "tide pool", nil},
		{"tidx\be\r\n", true, "tide", nil},
		{"\b\bab", true, "ab", nil},
		{"a\bb\r\n", false, "a\bb\r", nil},
		{"no newline", false, "no newline", nil},
		{"", false, "", io.EOF},
		{strings.Repeat("x", maxPassphrase+1) + "\n", false, "", errPassphraseTooLong},
	} {
		r := iotest.OneByteReader(strings.NewReader(tc.in))
		got, err := readSecretLine(r, tc.edit)
		if string(got) != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("readSecretLine(%q, %v) = %q, %v; want %q, %v", tc.in, tc.edit, got, err, tc.want, tc.err)
		}
		if err == nil && cap(got) != maxPassphrase {
			t.Errorf("readSecretLine(%q) grew its buffer to %d", tc.in, cap(got))
		}
	}
	// It reads no further than the newline, so the rest stays for the command.
	r := strings.NewReader("pass\nbody")
	if _, err := readSecretLine(r, false); err != nil {
		t.Fatal(err)
	}
	if rest, _ := io.ReadAll(r); string(rest) != "body" {
		t.Errorf("after the passphrase line %q is left", rest)
	}
}
