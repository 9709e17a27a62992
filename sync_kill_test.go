package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Kill `folio sync` at random moments on two devices at once, while both write: in
// the middle of sealing a change set, of applying the other's, or of acknowledging.
// After the kills, a full exchange leaves both vaults with the same portfolio, every
// entry whose add returned on either device, a clean check, and a folder that status
// calls healthy (docs/SYNC.md: a change set appears whole or not at all; a kill
// between the file and the vault is taken as written by the next sync).
func TestKilledSyncsConverge(t *testing.T) {
	a := newVault(t)
	folder := filepath.Join(t.TempDir(), "shared")
	if _, stderr, code := a.folio("", "sync", "init", folder); code != 0 {
		t.Fatalf("sync init: %s", stderr)
	}
	out, stderr, code := a.folio("Both devices edit this.", "add", "--function", "formative", "--title", "Shared")
	if code != 0 {
		t.Fatalf("add: %s", stderr)
	}
	shared := strings.TrimSpace(out)
	if _, stderr, code := a.folio("", "sync"); code != 0 {
		t.Fatalf("sync: %s", stderr)
	}
	b := &vaultFixture{t: t, vault: filepath.Join(filepath.Dir(a.vault), "b.folio"), passFile: a.passFile}
	if _, stderr, code := b.folio("", "sync", "join", folder); code != 0 {
		t.Fatalf("sync join: %s", stderr)
	}
	devs := []*vaultFixture{a, b}
	acked := map[string]string{} // entry ID: the device whose add returned
	body := strings.Repeat("A paragraph of reflection on the shift. ", 100)
	write := func(round int) {
		for i, v := range devs {
			for j := range 1 {
				out, stderr, code := v.folio(body, "add", "--function", "normative", "--title", fmt.Sprintf("r%d d%d n%d", round, i, j))
				if code != 0 {
					t.Fatalf("add: %s", stderr)
				}
				acked[strings.TrimSpace(out)] = string(rune('a' + i))
			}
			if _, stderr, code := v.folio(fmt.Sprintf("Edited in round %d on device %d.", round, i), "edit", shared); code != 0 {
				t.Fatalf("edit: %s", stderr)
			}
		}
	}
	// sync runs folio sync on v, killed after wait unless it ends first; it reports
	// whether the kill cut the run short.
	run := func(v *vaultFixture, wait time.Duration, args ...string) (killed bool) {
		cmd := v.command("", append([]string{"sync"}, args...)...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("an uninterrupted sync failed: %v: %s", err, errb.String())
			}
			return false
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			err := <-done
			if err == nil {
				return false
			}
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() {
				// A run that failed on its own (not killed) is a defect.
				t.Errorf("a sync failed without being killed: %v: %s", err, errb.String())
			}
			return ok && ws.Signaled()
		}
	}
	// Time uninterrupted syncs with something to seal and to apply, so the kills
	// land across a whole run however busy the machine is.
	write(0)
	began := time.Now()
	run(a, time.Hour)
	run(b, time.Hour)
	span := time.Since(began)
	rng := rand.New(rand.NewPCG(18, 4))
	killed := 0
	leftovers := 0
	for round := 1; round <= 5; round++ {
		write(round)
		// Both devices sync at once, twice, each killed at its own moment; every
		// other round the second is a compaction.
		for k := range 2 {
			var args []string
			if k == 1 && round%2 == 0 {
				args = []string{"compact"}
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			for _, v := range devs {
				wait := time.Duration(rng.Int64N(int64(span)))
				wg.Go(func() {
					if run(v, wait, args...) {
						mu.Lock()
						killed++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			tmp, _ := filepath.Glob(filepath.Join(folder, "*", ".*.tmp"))
			leftovers += len(tmp)
		}
	}
	// A full exchange, uninterrupted.
	for range 2 {
		for _, v := range devs {
			if _, stderr, code := v.folio("", "sync"); code != 0 {
				t.Fatalf("sync after the kills: %s", stderr)
			}
		}
	}
	lists := make([]string, len(devs))
	for i, v := range devs {
		ids := v.listIDs()
		for id, by := range acked {
			if !ids[id] {
				t.Errorf("device %c lacks entry %s, whose add returned on device %s", 'a'+i, id, by)
			}
		}
		if len(ids) != len(acked)+1 {
			t.Errorf("device %c has %d entries, want %d", 'a'+i, len(ids), len(acked)+1)
		}
		out, stderr, code := v.folio("", "list", "--json")
		if code != 0 {
			t.Fatalf("list: %s", stderr)
		}
		lists[i] = out
		if _, stderr, code := v.folio("", "check"); code != 0 {
			t.Errorf("check of device %c after the kills: %s", 'a'+i, stderr)
		}
		out, stderr, code = v.folio("", "sync", "status", "--json")
		if code != 0 {
			t.Errorf("status of device %c: exit %d: %s", 'a'+i, code, stderr)
		}
		var st struct {
			Unsealed int
			Ready    []string
			Waiting  []string
			Healthy  bool
		}
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		if !st.Healthy || st.Unsealed != 0 || len(st.Ready) != 0 || len(st.Waiting) != 0 {
			t.Errorf("status of device %c after a full exchange: %s", 'a'+i, out)
		}
	}
	if lists[0] != lists[1] {
		t.Errorf("the two vaults differ after a full exchange:\n%s\n%s", lists[0], lists[1])
	}
	shows := make([]string, len(devs))
	for i, v := range devs {
		shows[i], _, _ = v.folio("", "show", shared, "--json")
	}
	if shows[0] != shows[1] {
		t.Errorf("the entry both edited differs:\n%s\n%s", shows[0], shows[1])
	}
	// A device that joins after all this, from what the kills and compactions left,
	// has the same portfolio.
	c := &vaultFixture{t: t, vault: filepath.Join(filepath.Dir(a.vault), "c.folio"), passFile: a.passFile}
	if _, stderr, code := c.folio("", "sync", "join", folder); code != 0 {
		t.Fatalf("a late join: %s", stderr)
	}
	if out, _, _ := c.folio("", "list", "--json"); out != lists[0] {
		t.Errorf("the late joiner differs:\n%s\n%s", out, lists[0])
	}
	if _, stderr, code := c.folio("", "check"); code != 0 {
		t.Errorf("check of the late joiner: %s", stderr)
	}
	snaps, _ := filepath.Glob(filepath.Join(folder, "*", "*.fss"))
	t.Logf("%d of 20 syncs killed mid-run (%d temporary files of writes cut short seen, %d snapshots); an uninterrupted pair took %v", killed, leftovers, len(snaps), span)
	if killed == 0 {
		t.Error("no sync was killed mid-run, so the test proved nothing")
	}
}
