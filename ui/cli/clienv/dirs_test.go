package clienv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPlatformDirs(t *testing.T) {
	for _, c := range []struct {
		goos         string
		env          map[string]string
		data, config string
	}{
		{"linux", map[string]string{"HOME": "/home/ann"}, "/home/ann/.local/share/folio", "/home/ann/.config/folio"},
		{"linux", map[string]string{"HOME": "/home/ann", "XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c"}, "/d/folio", "/c/folio"},
		// A relative XDG path is ignored, as the specification asks.
		{"linux", map[string]string{"HOME": "/home/ann", "XDG_DATA_HOME": "rel"}, "/home/ann/.local/share/folio", "/home/ann/.config/folio"},
		{"freebsd", map[string]string{"HOME": "/home/ann"}, "/home/ann/.local/share/folio", "/home/ann/.config/folio"},
		{"darwin", map[string]string{"HOME": "/Users/ann"}, "/Users/ann/Library/Application Support/folio", "/Users/ann/Library/Application Support/folio"},
		{"darwin", map[string]string{"HOME": "/Users/ann", "XDG_CONFIG_HOME": "/Users/ann/.config"}, "/Users/ann/Library/Application Support/folio", "/Users/ann/.config/folio"},
		{"windows", map[string]string{"LOCALAPPDATA": `C:\Users\ann\AppData\Local`, "APPDATA": `C:\Users\ann\AppData\Roaming`, "XDG_DATA_HOME": "/ignored"},
			filepath.Join(`C:\Users\ann\AppData\Local`, "folio"), filepath.Join(`C:\Users\ann\AppData\Roaming`, "folio")},
	} {
		d := Dirs{goos: c.goos, getenv: func(k string) string { return c.env[k] }}
		data, err := d.Data()
		if err != nil || data != c.data {
			t.Errorf("%s %v: data %q, %v; want %q", c.goos, c.env, data, err, c.data)
		}
		config, err := d.Config()
		if err != nil || config != c.config {
			t.Errorf("%s %v: config %q, %v; want %q", c.goos, c.env, config, err, c.config)
		}
	}
}

// On macOS a vault an earlier folio made under ~/.local/share is still found.
func TestEarlierVaultStillFound(t *testing.T) {
	home := t.TempDir()
	d := Dirs{goos: "darwin", getenv: func(k string) string { return map[string]string{"HOME": home}[k] }}
	want := filepath.Join(home, "Library", "Application Support", "folio", "vault.folio")
	if got, _ := d.Vault(); got != want {
		t.Errorf("new vault at %q, want %q", got, want)
	}
	old := filepath.Join(home, ".local", "share", "folio", "vault.folio")
	os.MkdirAll(filepath.Dir(old), 0o700)
	os.WriteFile(old, []byte("x"), 0o600)
	if got, _ := d.Vault(); got != old {
		t.Errorf("with an earlier vault: %q, want %q", got, old)
	}
}
