package ui

import (
	"strings"
	"testing"
)

// d deletes on a relationship and the lists next to it, so the agenda builder
// (p from a relationship) must not set the meeting date with it: e does, as e edits
// the record a page shows.
func TestAgendaDateIsNotD(t *testing.T) {
	d := unlockMentoring(t)
	d.keys("m", "enter", "p")
	d.expect("Agenda with Sam Okafor", "e date")
	d.keys("d")
	if s := d.screen(); strings.Contains(s, "Meeting on:") {
		t.Fatalf("d in the agenda builder opened the meeting date:\n%s", s)
	}
	d.keys("e")
	d.expect("Meeting on:")
	d.keys("ctrl+u")
	d.typeText("2026-04-20")
	d.keys("enter")
	d.expect("Agenda with Sam Okafor for 2026-04-20")
	d.keys("?")
	d.expect("e", "meeting date")
}

// The same on the revalidation view: e sets the renewal date, as e edits it on
// the settings screen; d does nothing there.
func TestRenewalDateIsNotD(t *testing.T) {
	d := seededDriver(t)
	d.keys("r")
	d.expect("Revalidation", "No renewal date yet. Press e to set it", "e renewal date")
	d.keys("d")
	if s := d.screen(); strings.Contains(s, "Renewal") && strings.Contains(s, "YYYY-MM-DD") {
		t.Fatalf("d on the revalidation view opened the renewal date:\n%s", s)
	}
	d.keys("x")
	d.expect("Set the renewal date first: press e.")
	d.keys("e")
	d.expect("Settings", "▸ Renewal")
}
