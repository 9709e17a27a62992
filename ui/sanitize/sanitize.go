// Package sanitize makes text inert for the terminal. It is the interfaces' name for
// package portfolio/inert, which the domain's exports use too, so there is one
// implementation.
package sanitize

import "github.com/foliohq/folio/portfolio/inert"

// Text makes text from a user or an import inert for a terminal (see inert.Text).
func Text(s string) string { return inert.Text(s) }

// Line is Text for one line of a layout: newlines and tabs become spaces (see
// inert.Line).
func Line(s string) string { return inert.Line(s) }
