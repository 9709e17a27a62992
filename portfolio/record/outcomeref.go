package record

import (
	"strings"

	"github.com/foliohq/folio/templates"
)

// OutcomeRef names one outcome of one framework, written "FRAMEWORK:ID" ("gphc:1").
type OutcomeRef struct {
	Framework string
	Outcome   string
}

func (o OutcomeRef) String() string { return o.Framework + ":" + o.Outcome }

// MarshalText writes "FRAMEWORK:ID".
func (o OutcomeRef) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads "FRAMEWORK:ID".
func (o *OutcomeRef) UnmarshalText(b []byte) error {
	v, err := ParseOutcomeRef(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// ParseOutcomeRef reads "FRAMEWORK:ID". It checks the form only; whether the
// framework has the outcome is Frameworks.Resolve's question.
func ParseOutcomeRef(s string) (OutcomeRef, error) {
	fw, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || !templates.ValidFrameworkName(fw) || !templates.ValidOutcomeID(id) {
		return OutcomeRef{}, invalid("the outcome %q is not FRAMEWORK:ID, as in gphc:1", s)
	}
	return OutcomeRef{Framework: fw, Outcome: id}, nil
}
