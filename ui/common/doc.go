// Package common is what every screen of the app shares: the Context (the open
// portfolio, size, styles, keys, clock), the Screen contract and the Nav values a
// screen returns to move the user, the messages the root understands, the keymap,
// the styles, the Markdown renderer and text helpers. It imports no screen.
package common
