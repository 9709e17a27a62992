// Package export holds the export screens: choosing a format and a file,
// encrypting to a contact, and the revalidation pack with its readiness.
package export
