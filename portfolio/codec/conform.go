package codec

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
)

// Conform walks an encoded message msg of Schema and reports each field the schema
// does not declare, or declares with another wire type, looking into declared
// sub-messages too. It returns the numbers of msg's own fields it saw, so a test can
// also check that every declared field is written. Tests of every record kind's
// encoder use it, wherever the kind lives.
func Conform(msg string, b []byte) (seen map[protowire.Number]bool, problems []error) {
	var fields []FieldSpec
	for _, m := range Schema {
		if m.Name == msg {
			fields = m.Fields
		}
	}
	if fields == nil {
		return nil, []error{fmt.Errorf("message %s is not in the schema", msg)}
	}
	byNum := map[protowire.Number]FieldSpec{}
	for _, f := range fields {
		byNum[f.Num] = f
	}
	seen = map[protowire.Number]bool{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return seen, append(problems, fmt.Errorf("%s: bad tag", msg))
		}
		b = b[n:]
		f, ok := byNum[num]
		if !ok {
			problems = append(problems, fmt.Errorf("%s: field %d is written but not in records.proto", msg, num))
		} else if f.Kind.WireType() != typ {
			problems = append(problems, fmt.Errorf("%s.%s: written as wire type %d, declared %d", msg, f.Name, typ, f.Kind.WireType()))
		}
		if ok && f.Kind == KindMessage && typ == protowire.BytesType {
			if v, m := protowire.ConsumeBytes(b); m >= 0 {
				_, sub := Conform(f.Message, v)
				problems = append(problems, sub...)
			}
		}
		seen[num] = true
		if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
			return seen, append(problems, fmt.Errorf("%s: bad field %d", msg, num))
		}
		b = b[n:]
	}
	return seen, problems
}
