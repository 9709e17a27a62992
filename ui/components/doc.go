// Package components holds what screens are built of: Field and the forms made of
// it (Form, Notebook, EditorField), the save contract they share (EditSession),
// the scrolling document view and the entry flag toggles with undo.
package components
