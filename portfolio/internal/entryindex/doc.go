// Package entryindex is the portfolio core's entries in memory and the listings
// over them, for the core alone.
//
// Each entry has a Slot: the keys of the lists' order (ID, date, creation time),
// its catalogue row until that is decoded (Meta), its body once read (Entry), and
// its folded search text when it keeps one (index.go). The core holds the slots
// in the date order, newest first, and in a map by ID; this package makes them
// from the catalogue's chunks or a scan of its records (rows.go), keeps the order
// (Insert, Remove, Set, Append, SortNewestFirst), matches a Query against a slot
// without decoding its row (Query.Matches), scans or narrows with the in-memory
// token index and builds that index in the background (TokenSearch), filters the
// catalogue's chunks for a listing that leaves the rows unread (window.go), reads
// bodies on demand and in batches (bodies.go, stream.go), and counts tags and
// functions (counts.go). It works on the values the core passes in and holds no
// lock but the token search's own: the core keeps the lock (entrystore.Gate), it
// and entrystore call in under it, and pass it as a Locker where a background
// build needs it.
package entryindex
