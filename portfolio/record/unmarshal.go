package record

// The counterparts of the MarshalText and MarshalJSON methods, so the JSON folio writes
// (the archive, --json output) reads back into the same values. They accept exactly
// what the marshallers write: a name in its canonical spelling, not the prefixes the
// command line allows, so a misspelt value in a file is an error rather than a guess.

// UnmarshalText reads unshared, shareable or private.
func (s *Sharing) UnmarshalText(b []byte) error {
	return UnmarshalName(b, s, sharingNames, "sharing")
}

// UnmarshalText reads open, achieved or dropped.
func (s *GoalStatus) UnmarshalText(b []byte) error {
	return UnmarshalName(b, s, goalStatusNames, "goal status")
}

// UnmarshalText reads todo, doing or done.
func (s *ActionStatus) UnmarshalText(b []byte) error {
	return UnmarshalName(b, s, actionStatusNames, "action status")
}
