// Package dashboard is the home screen: due actions, recent entries, goals, the
// mentoring and revalidation blocks, and the way to every other area.
package dashboard
