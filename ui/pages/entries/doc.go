// Package entries holds the screens of the portfolio's entries: the list and
// search, one entry, the editor with its patient-identifier warning, and the
// template picker that opens it.
package entries
