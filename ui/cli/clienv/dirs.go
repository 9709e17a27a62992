package clienv

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/foliohq/folio/portfolio"
)

// Dirs finds folio's folders the way each platform expects: on Linux and the BSDs the
// XDG base directories (~/.local/share, ~/.config); on macOS ~/Library/Application
// Support; on Windows %LocalAppData% for the vault and %AppData% for settings. An
// XDG variable set to an absolute path is honoured on every Unix.
type Dirs struct {
	goos   string
	getenv func(string) string
}

func (s *Session) Dirs() Dirs { return Dirs{goos: runtime.GOOS, getenv: s.Getenv} }

// home is the user's home folder.
func (d Dirs) home() (string, error) {
	if h := d.getenv("HOME"); h != "" && d.goos != "windows" {
		return h, nil
	}
	if h := d.getenv("USERPROFILE"); h != "" && d.goos == "windows" {
		return h, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("cannot find a home folder for folio's files; pass --vault PATH")
	}
	return h, nil
}

// xdg returns the XDG variable's folder when it is set to an absolute path on Unix.
func (d Dirs) xdg(name string) string {
	if d.goos == "windows" {
		return ""
	}
	if v := d.getenv(name); v != "" && filepath.IsAbs(v) {
		return v
	}
	return ""
}

// Data is folio's data folder, where the vault is by default.
func (d Dirs) Data() (string, error) {
	if v := d.xdg("XDG_DATA_HOME"); v != "" {
		return filepath.Join(v, "folio"), nil
	}
	switch d.goos {
	case "windows":
		if v := d.getenv("LOCALAPPDATA"); v != "" {
			return filepath.Join(v, "folio"), nil
		}
		if v := d.getenv("APPDATA"); v != "" {
			return filepath.Join(v, "folio"), nil
		}
		return "", errors.New("%LocalAppData% is not set, so folio has no data folder; pass --vault PATH")
	}
	home, err := d.home()
	if err != nil {
		return "", err
	}
	if d.goos == "darwin" || d.goos == "ios" {
		return filepath.Join(home, "Library", "Application Support", "folio"), nil
	}
	return filepath.Join(home, ".local", "share", "folio"), nil
}

// Config is folio's settings folder, where the user's templates are.
func (d Dirs) Config() (string, error) {
	if v := d.xdg("XDG_CONFIG_HOME"); v != "" {
		return filepath.Join(v, "folio"), nil
	}
	switch d.goos {
	case "windows":
		if v := d.getenv("APPDATA"); v != "" {
			return filepath.Join(v, "folio"), nil
		}
		return "", errors.New("%AppData% is not set, so folio has no settings folder")
	}
	home, err := d.home()
	if err != nil {
		return "", err
	}
	if d.goos == "darwin" || d.goos == "ios" {
		return filepath.Join(home, "Library", "Application Support", "folio"), nil
	}
	return filepath.Join(home, ".config", "folio"), nil
}

// Vault is the default vault: vault.folio in the data folder, unless an earlier folio
// made one in ~/.local/share/folio on macOS or Windows, which is then still used.
func (d Dirs) Vault() (string, error) {
	data, err := d.Data()
	if err != nil {
		return "", err
	}
	path := filepath.Join(data, "vault.folio")
	if d.goos == "linux" || portfolio.Exists(path) {
		return path, nil
	}
	if home, err := d.home(); err == nil {
		if old := filepath.Join(home, ".local", "share", "folio", "vault.folio"); portfolio.Exists(old) {
			return old, nil
		}
	}
	return path, nil
}
