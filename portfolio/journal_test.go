package portfolio

import "testing"

// An import's journal names only collections that keep history: a journal record
// naming the catalogue or the sharing key is damage, never records to delete.
func TestJournalKnowsTheCollectionsWithHistory(t *testing.T) {
	for _, c := range historyCollectionList() {
		if !keepsHistory(c) {
			t.Errorf("%q keeps history, but the journal would refuse it", c)
		}
	}
	for _, c := range []string{"catalogue", collKeys, collAttachments, "import-journal", ""} {
		if keepsHistory(c) {
			t.Errorf("%q keeps no history, but the journal would take it", c)
		}
	}
}
