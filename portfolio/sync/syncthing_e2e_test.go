//go:build syncthing

// The end-to-end test with a real Syncthing: two instances on 127.0.0.1 keep one
// folder in step between two folio vaults. It needs the syncthing command and takes
// tens of seconds, so it runs behind the build tag from .ci/syncthing-e2e.

package sync

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/attachment"
	"github.com/foliohq/folio/portfolio/sync/wire"
)

const stFolder = "folio"

// syncthing is one running instance, driven through its REST API.
type syncthing struct {
	t      *testing.T
	name   string
	id     string // device ID
	listen string // tcp://127.0.0.1:port
	gui    string // http://127.0.0.1:port
	key    string
	folder string
	log    *bytes.Buffer
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startSyncthing generates a home with every network feature off but a listener on
// loopback (no discovery, relays, NAT, usage reports or upgrades), and starts it.
func startSyncthing(t *testing.T, dir, name, folder string) *syncthing {
	t.Helper()
	home := filepath.Join(dir, "st-"+name)
	env := append(os.Environ(), "HOME="+home, "STNOUPGRADE=1", "STNODEFAULTFOLDER=1", "STNORESTART=1")
	gen := exec.Command("syncthing", "generate", "--home="+home, "--no-default-folder", "--skip-port-probing")
	gen.Env = env
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("syncthing generate: %v\n%s", err, out)
	}
	s := &syncthing{t: t, name: name, folder: folder, log: &bytes.Buffer{},
		listen: fmt.Sprintf("tcp://127.0.0.1:%d", freePort(t)),
		gui:    fmt.Sprintf("http://127.0.0.1:%d", freePort(t)),
		key:    "folio-e2e-" + name}
	cfgPath := filepath.Join(home, "config.xml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	c := string(cfg)
	for _, r := range [][2]string{
		{"<listenAddress>default</listenAddress>", "<listenAddress>" + s.listen + "</listenAddress>"},
		{"<globalAnnounceEnabled>true<", "<globalAnnounceEnabled>false<"},
		{"<localAnnounceEnabled>true<", "<localAnnounceEnabled>false<"},
		{"<relaysEnabled>true<", "<relaysEnabled>false<"},
		{"<natEnabled>true<", "<natEnabled>false<"},
		{"<urAccepted>0<", "<urAccepted>-1<"},
		{"<autoUpgradeIntervalH>12<", "<autoUpgradeIntervalH>0<"},
		{"<crashReportingEnabled>true<", "<crashReportingEnabled>false<"},
		{"<startBrowser>true<", "<startBrowser>false<"},
		// Redial a resumed peer within seconds, not a minute.
		{"<reconnectionIntervalS>60<", "<reconnectionIntervalS>2<"},
	} {
		if !strings.Contains(c, r[0]) {
			t.Fatalf("syncthing's generated config has no %s: this Syncthing writes another config, update the test", r[0])
		}
		c = strings.Replace(c, r[0], r[1], 1)
	}
	if err := os.WriteFile(cfgPath, []byte(c), 0o600); err != nil {
		t.Fatal(err)
	}
	idOut, err := exec.Command("syncthing", "serve", "--home="+home, "--device-id").Output()
	if err != nil {
		t.Fatalf("syncthing --device-id: %v", err)
	}
	s.id = strings.TrimSpace(string(idOut))
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "syncthing", "serve", "--home="+home, "--no-browser", "--no-restart",
		"--no-upgrade", "--gui-address="+s.gui, "--gui-apikey="+s.key, "--logflags=0")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = s.log, s.log
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("syncthing %s log:\n%s", name, s.log)
		}
	})
	s.waitFor("its REST API answers", 60*time.Second, func() bool {
		_, err := s.call("GET", "/rest/system/ping", nil)
		return err == nil
	})
	return s
}

// call makes one REST request and returns the body.
func (s *syncthing) call(method, path string, body any) ([]byte, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.gui+path, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-API-Key", s.key)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, out)
	}
	return out, nil
}

func (s *syncthing) must(method, path string, body any) []byte {
	s.t.Helper()
	out, err := s.call(method, path, body)
	if err != nil {
		s.t.Fatalf("syncthing %s: %v", s.name, err)
	}
	return out
}

// waitFor polls cond until it holds, and fails the test naming what did not happen.
func (s *syncthing) waitFor(what string, limit time.Duration, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("syncthing %s: waited %v for %s", s.name, limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// share introduces the peer by ID and address and shares the folio folder with it.
func (s *syncthing) share(peer *syncthing) {
	s.must("POST", "/rest/config/devices", map[string]any{
		"deviceID": peer.id, "name": peer.name, "addresses": []string{peer.listen},
	})
	s.must("POST", "/rest/config/folders", map[string]any{
		"id": stFolder, "label": "folio", "path": s.folder, "type": "sendreceive",
		"devices":          []map[string]string{{"deviceID": s.id}, {"deviceID": peer.id}},
		"rescanIntervalS":  3600,
		"fsWatcherEnabled": false, // the test asks for a scan after every folio sync
	})
}

func (s *syncthing) connected(peer *syncthing) bool {
	b, err := s.call("GET", "/rest/system/connections", nil)
	if err != nil {
		return false
	}
	var c struct {
		Connections map[string]struct{ Connected bool } `json:"connections"`
	}
	return json.Unmarshal(b, &c) == nil && c.Connections[peer.id].Connected
}

// idle: the folder is scanned, needs nothing, and the peer has everything of it.
func (s *syncthing) idle(peer *syncthing) bool {
	b, err := s.call("GET", "/rest/db/status?folder="+stFolder, nil)
	if err != nil {
		return false
	}
	var st struct {
		State          string `json:"state"`
		NeedTotalItems int    `json:"needTotalItems"`
	}
	if json.Unmarshal(b, &st) != nil || st.State != "idle" || st.NeedTotalItems != 0 {
		return false
	}
	b, err = s.call("GET", "/rest/db/completion?folder="+stFolder+"&device="+peer.id, nil)
	if err != nil {
		return false
	}
	var c struct {
		Completion float64 `json:"completion"`
		NeedItems  int     `json:"needItems"`
	}
	return json.Unmarshal(b, &c) == nil && c.Completion == 100 && c.NeedItems == 0
}

// tree is the folder's files that folio reads (no dot files), with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			out[rel] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// settle asks both instances to scan and waits until both folders hold the same
// files and both instances are idle with nothing needed.
func settle(t *testing.T, a, b *syncthing) {
	t.Helper()
	a.must("POST", "/rest/db/scan?folder="+stFolder, nil)
	b.must("POST", "/rest/db/scan?folder="+stFolder, nil)
	a.waitFor("both folders to hold the same files", 120*time.Second, func() bool {
		return a.idle(b) && b.idle(a) && sameTree(tree(t, a.folder), tree(t, b.folder))
	})
}

func syncDev(t *testing.T, d *device) {
	t.Helper()
	rep, err := d.s.Sync()
	if err != nil {
		t.Fatalf("%s: Sync: %v", d.name, err)
	}
	if len(rep.Refused) > 0 {
		t.Fatalf("%s: refused %v", d.name, rep.Refused)
	}
}

// Two vaults edit, add and delete on both sides, offline from each other and then
// through two Syncthing instances on loopback, and end with the same portfolio, the
// concurrent edit a conflict on both, and no text readable in either folder.
func TestSyncthingEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("syncthing"); err != nil {
		t.Fatal("this test needs the syncthing command: apt-get install syncthing")
	}
	start := time.Now()
	clk := &simClock{t: time.Now().UTC()}
	devs := newDevices(t, 2, clk)
	a, b := devs[0], devs[1]
	dir := t.TempDir()
	sa := startSyncthing(t, dir, "a", a.folder)
	sb := startSyncthing(t, dir, "b", b.folder)
	sa.share(sb)
	sb.share(sa)
	sa.waitFor("the two instances to connect", 60*time.Second, func() bool { return sa.connected(sb) && sb.connected(sa) })
	t.Logf("two instances up and connected in %v", time.Since(start).Round(time.Millisecond))

	secret := "a reflection no one else may read"
	shared := addEntry(t, a, "Near miss on the ward", secret)
	gone := addEntry(t, a, "To delete", "soon in the trash")
	syncDev(t, a)
	settle(t, sa, sb)
	syncDev(t, b)
	if body(b, shared) != secret {
		t.Fatalf("b has %q", body(b, shared))
	}
	settle(t, sa, sb)
	syncDev(t, a)

	// Offline from each other: Syncthing stops both instances' exchange.
	sa.must("POST", "/rest/system/pause?device="+sb.id, nil)
	sa.waitFor("the pause", 60*time.Second, func() bool { return !sa.connected(sb) && !sb.connected(sa) })
	edit(t, a, shared, "edited on a")
	edit(t, b, shared, "edited on b")
	fromA := addEntry(t, a, "From a", "written on a")
	fromB := addEntry(t, b, "From b", "written on b")
	if err := b.p.DeleteEntry(gone); err != nil {
		t.Fatal(err)
	}
	// Both attach a file offline, a's over a chunk.
	const canary = "CANARY-certificate-7d1f"
	big := evidence(wire.DefaultChunkSize+wire.DefaultChunkSize/3, 1, canary)
	small := evidence(5000, 2, canary)
	fileA := attach(t, a, shared, "certificate.pdf", big)
	fileB := attach(t, b, shared, "feedback.png", small)
	content := map[portfolio.ID][]byte{fileA: big, fileB: small}
	syncDev(t, a)
	syncDev(t, b)
	sa.must("POST", "/rest/system/resume?device="+sb.id, nil)
	sa.waitFor("the two instances to reconnect", 90*time.Second, func() bool { return sa.connected(sb) && sb.connected(sa) })
	t.Logf("offline edits done and reconnected at %v", time.Since(start).Round(time.Millisecond))
	for range 3 {
		settle(t, sa, sb)
		syncDev(t, a)
		syncDev(t, b)
	}
	settle(t, sa, sb)

	for _, id := range []portfolio.ID{shared, gone, fromA, fromB} {
		if body(a, id) != body(b, id) {
			t.Errorf("%s: a has %q, b has %q", id, body(a, id), body(b, id))
		}
	}
	if body(a, gone) != "(in the trash)" || body(a, fromB) != "written on b" || body(b, fromA) != "written on a" {
		t.Fatalf("not every change reached both: %q %q %q", body(a, gone), body(a, fromB), body(b, fromA))
	}
	if !inConflict(t, a, shared) || !inConflict(t, b, shared) {
		t.Fatal("the concurrent edit is not a conflict on both devices")
	}
	sameFiles(t, a, b, content, []portfolio.ID{fileA, fileB}, nil)
	if _, err := os.Stat(filepath.Join(b.folder, wire.ChunkName(a.s.dev(), mustSID(t, a.p, fileA), 1))); err != nil {
		t.Fatalf("the larger file did not reach b in two chunks: %v", err)
	}
	// Online: a removes b's file, and the removal reaches b.
	if err := attachment.RemoveAttachment(a.p, fileB); err != nil {
		t.Fatal(err)
	}
	syncDev(t, a)
	settle(t, sa, sb)
	syncDev(t, b)
	sameFiles(t, a, b, content, []portfolio.ID{fileA}, []portfolio.ID{fileB})
	// Online: a deletes what b wrote, and the deletion reaches b.
	if err := a.p.DeleteEntry(fromB); err != nil {
		t.Fatal(err)
	}
	syncDev(t, a)
	settle(t, sa, sb)
	syncDev(t, b)
	if body(b, fromB) != "(in the trash)" {
		t.Fatalf("a's deletion did not reach b: %q", body(b, fromB))
	}
	for _, d := range []*device{a, b} {
		for name, content := range tree(t, d.folder) {
			for _, plain := range []string{secret, "Near miss", "edited on", "written on", canary} {
				if strings.Contains(content, plain) {
					t.Fatalf("%s in %s's folder holds %q in plain text", name, d.name, plain)
				}
			}
		}
	}
	t.Logf("converged in %v in all", time.Since(start).Round(time.Millisecond))
}
