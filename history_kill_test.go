package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Kill saves, deletions, restores and emptying the trash at random moments: no record
// is ever left without a current version (a live record's newest version is it, a
// deleted one's is a tombstone), and every version of a save that returned is kept
// until the trash it was in is emptied.
func TestKilledHistoryLosesNothingAcknowledged(t *testing.T) {
	v := newVault(t)
	rng := rand.New(rand.NewPCG(14, 14))
	var ids []string
	for i := range 3 {
		out, stderr, code := v.folio("text", "add", "--function", "formative", "--title", fmt.Sprintf("entry %d v0", i))
		if code != 0 {
			t.Fatalf("add: %s", stderr)
		}
		ids = append(ids, strings.TrimSpace(out))
	}
	acked := map[string]map[string]bool{} // titles of acknowledged saves, by ID
	for i, id := range ids {
		acked[id] = map[string]bool{fmt.Sprintf("entry %d v0", i): true}
	}
	// run starts one command and kills it after up to span, or lets it finish.
	run := func(span time.Duration, args ...string) (ok bool, killed bool) {
		cmd := v.command("", args...)
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err == nil, false
		case <-time.After(time.Duration(rng.Int64N(int64(span) + 1))):
			cmd.Process.Signal(syscall.SIGKILL)
			err := <-done
			_, wasKilled := err.(*exec.ExitError)
			return err == nil, wasKilled && !cmd.ProcessState.Success()
		}
	}
	began := time.Now()
	if ok, _ := run(time.Hour, "edit", ids[0], "--title", "entry 0 timed"); !ok {
		t.Fatal("an uninterrupted edit failed")
	}
	acked[ids[0]]["entry 0 timed"] = true
	span := 2 * time.Since(began)

	emptied := false
	killed := 0
	for i := range 36 {
		id := ids[rng.IntN(len(ids))]
		var k bool
		switch op := rng.IntN(5); op {
		case 0, 1:
			title := fmt.Sprintf("%s v%d", id[:4], i)
			var ok bool
			if ok, k = run(span, "edit", id, "--title", title); ok {
				acked[id][title] = true
			}
		case 2:
			_, k = run(span, "rm", "--yes", id)
		case 3:
			_, k = run(span, "restore", id)
		case 4:
			emptied = true
			_, k = run(span, "trash", "empty", "--yes")
			// Whether it committed or was killed first, a record it erased has no
			// history left, and its saves are rightly gone.
			live := v.listIDs()
			for _, id := range ids {
				if _, _, code := v.folio("", "history", id); !live[id] && code != 0 {
					acked[id] = map[string]bool{}
				}
			}
		}
		if k {
			killed++
		}
		if i%6 == 5 {
			checkHistoryInvariants(t, v, ids, acked, emptied)
		}
	}
	checkHistoryInvariants(t, v, ids, acked, emptied)
	if _, stderr, code := v.folio("", "check"); code != 0 {
		t.Errorf("check after kills exited %d: %s", code, stderr)
	}
	t.Logf("%d commands killed", killed)
	if killed == 0 {
		t.Error("no command was killed, so the test proved nothing")
	}
}

func checkHistoryInvariants(t *testing.T, v *vaultFixture, ids []string, acked map[string]map[string]bool, emptied bool) {
	t.Helper()
	out, stderr, code := v.folio("", "list", "--json")
	if code != 0 {
		t.Fatalf("list exited %d: %s", code, stderr)
	}
	var entries []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	live := map[string]string{}
	for _, e := range entries {
		live[e.ID] = e.Title
	}
	for _, id := range ids {
		out, stderr, code := v.folio("", "history", id, "--json")
		var vs []struct {
			Title   string
			Deleted bool
		}
		if code == 0 {
			if err := json.Unmarshal([]byte(out), &vs); err != nil {
				t.Fatal(err)
			}
		}
		title, isLive := live[id]
		switch {
		case isLive && (code != 0 || len(vs) == 0):
			t.Errorf("live record %s has no versions: %s", id, stderr)
			continue
		case isLive && (vs[len(vs)-1].Deleted || vs[len(vs)-1].Title != title):
			t.Errorf("live record %s is %q but its newest version is %+v", id, title, vs[len(vs)-1])
		case !isLive && code == 0 && len(vs) > 0 && !vs[len(vs)-1].Deleted:
			t.Errorf("record %s is not live but its newest version is not a deletion: %+v", id, vs[len(vs)-1])
		case !isLive && code != 0 && !emptied:
			t.Errorf("record %s vanished without the trash being emptied: %s", id, stderr)
		}
		kept := map[string]bool{}
		for _, ver := range vs {
			kept[ver.Title] = true
		}
		for title := range acked[id] {
			if !kept[title] {
				t.Errorf("the acknowledged save %q of %s is not in its history", title, id)
			}
		}
	}
}
