package main

import (
	"bytes"
	bin "encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/foliohq/folio/storage"
)

// Kill `folio attach` at random moments, with files of several chunk batches: every
// attach that returned is there whole; after the next command that may write, no
// chunk of an attach that was cut short is left; and the vault checks intact.
func TestKilledAttachIsAllOrNothing(t *testing.T) {
	v := newVault(t)
	out, stderr, code := v.folio("evidence", "add", "--function", "formative", "--title", "CPD")
	if code != 0 {
		t.Fatalf("add: %s", stderr)
	}
	id := strings.TrimSpace(out)
	rng := rand.New(rand.NewPCG(17, 17))
	dir := t.TempDir()
	// Distinct files, so each attach writes its own chunks: 5 MiB is two batches.
	files := map[string][]byte{}
	write := func(i int) string {
		data := make([]byte, 5<<20+i)
		for j := 0; j+8 <= len(data); j += 8 {
			bin.LittleEndian.PutUint64(data[j:], rng.Uint64())
		}
		name := filepath.Join(dir, fmt.Sprintf("file%02d.bin", i))
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = data
		return name
	}
	run := func(span time.Duration, file string) (ok, killed bool, took time.Duration) {
		cmd := v.command("", "attach", id, file)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err == nil, false, time.Since(start)
		case <-time.After(time.Duration(rng.Int64N(int64(span) + 1))):
			cmd.Process.Signal(syscall.SIGKILL)
			err := <-done
			return err == nil, err != nil, time.Since(start)
		}
	}
	ok, _, span := run(time.Hour, write(0))
	if !ok {
		t.Fatal("an uninterrupted attach failed")
	}
	acked := map[string]bool{"file00.bin": true}
	// Kills land across a whole attach, however busy the machine is: the span is the
	// quickest attach seen so far (the first one is often slowest, from a cold cache),
	// and attaching goes on until three kills have landed.
	killed := 0
	for i := 1; killed < 3 && i < 40; i++ {
		name := write(i)
		ok, k, took := run(span, name)
		if ok {
			acked[filepath.Base(name)] = true
			span = min(span, took)
		}
		if k {
			killed++
		}
	}
	// A writable command sweeps what the kills left.
	if _, stderr, code := v.folio("", "attach", id, write(99)); code != 0 {
		t.Fatalf("attach after the kills: %s", stderr)
	}
	acked["file99.bin"] = true
	out, stderr, code = v.folio("", "attachments", "--json")
	if code != 0 {
		t.Fatalf("attachments: %s", stderr)
	}
	var list []struct {
		ID   string
		Name string
		Size int64
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for _, a := range list {
		have[a.Name] = a.ID
		if a.Size != int64(len(files[a.Name])) {
			t.Errorf("%s is listed with %d bytes, not %d", a.Name, a.Size, len(files[a.Name]))
		}
	}
	for name := range acked {
		if have[name] == "" {
			t.Errorf("%s was attached but is missing", name)
		}
	}
	for name, aid := range have {
		got, stderr, code := v.folio("", "attachment", "save", aid, "--out", "-")
		if code != 0 || !bytes.Equal([]byte(got), files[name]) {
			t.Errorf("%s does not read back whole (exit %d): %s", name, code, stderr)
		}
	}
	// No chunk of a cut-short attach is left, and every chunk authenticates.
	vault, err := storage.Open(v.vault, []byte("pass phrase"), storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := vault.Check([]string{"attachments"})
	vault.Close()
	if err != nil || !rep.OK() || rep.Pending != 0 || rep.Blobs != len(have) {
		t.Errorf("after the sweep: %d blobs for %d attachments, %d chunks pending, damage %v %v", rep.Blobs, len(have), rep.Pending, rep.Damaged, err)
	}
	t.Logf("%d attaches acknowledged, %d killed; an attach took %v", len(acked), killed, span)
	if killed < 3 {
		t.Errorf("only %d attaches were killed in 40, so the test proved too little", killed)
	}
}
