package codec

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// protoKinds maps records.proto's scalar types to the kinds the codec writes.
var protoKinds = map[string]Kind{"uint64": KindUint, "bool": KindBool, "sint64": KindSint, "string": KindString, "bytes": KindBytes}

var (
	messageLine = regexp.MustCompile(`^message (\w+) \{$`)
	fieldLine   = regexp.MustCompile(`^(repeated )?(\w+) (\w+) = (\d+);$`)
)

// parseProto reads the subset of the proto3 language records.proto is written in:
// comments, syntax and package lines, and messages of plain fields. Anything else
// fails the test, so the file cannot drift into something this check skips.
func parseProto(t *testing.T, text string) []Message {
	t.Helper()
	var out []Message
	var cur *Message
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "//") || line == `syntax = "proto3";` || strings.HasPrefix(line, "package "):
		case messageLine.MatchString(line) && cur == nil:
			out = append(out, Message{Name: messageLine.FindStringSubmatch(line)[1]})
			cur = &out[len(out)-1]
		case line == "}" && cur != nil:
			cur = nil
		case fieldLine.MatchString(line) && cur != nil:
			m := fieldLine.FindStringSubmatch(line)
			num, _ := strconv.Atoi(m[4])
			f := FieldSpec{Name: m[3], Num: protowire.Number(num), Repeated: m[1] != ""}
			if k, ok := protoKinds[m[2]]; ok {
				f.Kind = k
			} else {
				f.Kind, f.Message = KindMessage, m[2]
			}
			cur.Fields = append(cur.Fields, f)
		default:
			t.Fatalf("records.proto:%d: %q is not in the subset this test reads", i+1, line)
		}
	}
	if cur != nil {
		t.Fatal("records.proto: a message is not closed")
	}
	return out
}

// TestSchemaMatchesProto holds the written schema and the codec's table together:
// the same messages, fields, numbers and types, in the same order.
func TestSchemaMatchesProto(t *testing.T) {
	text, err := os.ReadFile("records.proto")
	if err != nil {
		t.Fatal(err)
	}
	proto := parseProto(t, string(text))
	if len(proto) != len(Schema) {
		t.Fatalf("records.proto has %d messages, Schema %d", len(proto), len(Schema))
	}
	for i, want := range proto {
		got := Schema[i]
		if got.Name != want.Name {
			t.Fatalf("message %d: Schema has %s, records.proto %s", i, got.Name, want.Name)
		}
		if len(got.Fields) != len(want.Fields) {
			t.Errorf("%s: Schema has %d fields, records.proto %d", got.Name, len(got.Fields), len(want.Fields))
			continue
		}
		for j := range want.Fields {
			if got.Fields[j] != want.Fields[j] {
				t.Errorf("%s field %d: Schema has %+v, records.proto %+v", got.Name, j, got.Fields[j], want.Fields[j])
			}
		}
	}
}

// TestSchemaIsSound checks what the decoder relies on: numbers unique within a
// message and below 64 (a FieldSet holds them), nested messages declared, and field 1
// of every top-level record its schema version.
func TestSchemaIsSound(t *testing.T) {
	declared := map[string]bool{}
	nested := map[string]bool{}
	for _, m := range Schema {
		declared[m.Name] = true
		for _, f := range m.Fields {
			if f.Kind == KindMessage {
				nested[f.Message] = true
			}
		}
	}
	for _, m := range Schema {
		seen := map[protowire.Number]bool{}
		for _, f := range m.Fields {
			if f.Num < 1 || f.Num >= 64 || seen[f.Num] {
				t.Errorf("%s.%s: number %d is out of range or used twice", m.Name, f.Name, f.Num)
			}
			seen[f.Num] = true
			if f.Kind == KindMessage && !declared[f.Message] {
				t.Errorf("%s.%s: message %s is not declared", m.Name, f.Name, f.Message)
			}
		}
		if !nested[m.Name] && (len(m.Fields) == 0 || m.Fields[0] != FieldSpec{Name: "version", Num: 1, Kind: KindUint}) {
			t.Errorf("record %s does not start with its schema version", m.Name)
		}
	}
}
