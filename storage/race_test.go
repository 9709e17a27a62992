package storage

import (
	"sync"
	"testing"
)

// The vault's methods are documented safe for concurrent use; that includes a
// passphrase change while other goroutines read, write and ask for the parameters.
// Run with -race to see a failure.
func TestConcurrentUse(t *testing.T) {
	v, path := newTestVault(t)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				switch i {
				case 0, 1:
					if err := v.ChangePassphrase([]byte(testPass), testKDF); err != nil {
						t.Error(err)
					}
				case 2:
					if v.KDF() != testKDF {
						t.Error("params changed")
					}
				case 3:
					if err := v.Put("entries", NewID(), []byte("x")); err != nil {
						t.Error(err)
					}
					if _, damaged, err := loadMap(v, "entries"); err != nil || len(damaged) > 0 {
						t.Error(damaged, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	v.Close()
	v = openTest(t, path, testPass, Options{})
	if got := loadAll(t, v, "entries"); len(got) != 10 {
		t.Errorf("%d records, want 10", len(got))
	}
}
