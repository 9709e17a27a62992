package templates

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// decodeStrict decodes a TOML data file into v, refusing unknown keys, and reports a
// problem as an *Error with the line and column where the decoder gives them.
// keysHint, if any, follows an unknown-key message to say which keys are allowed.
func decodeStrict(file string, data []byte, v any, keysHint string) error {
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var de *toml.DecodeError
	var strict *toml.StrictMissingError
	switch {
	case errors.As(err, &strict) && len(strict.Errors) > 0:
		line, col := strict.Errors[0].Position()
		msg := fmt.Sprintf("unknown key %q", strings.Join(strict.Errors[0].Key(), "."))
		if keysHint != "" {
			msg += "; " + keysHint
		}
		return &Error{File: file, Line: line, Column: col, Msg: msg}
	case errors.As(err, &de):
		line, col := de.Position()
		return &Error{File: file, Line: line, Column: col, Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}
