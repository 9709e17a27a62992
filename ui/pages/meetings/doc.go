// Package meetings holds the screens around one meeting: the agenda builder, the
// meeting record and reflection, the entries flagged to discuss, and documents
// received from a mentor or mentee.
package meetings
