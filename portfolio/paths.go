package portfolio

// Where folio keeps its settings and the user's own templates and frameworks.

import (
	"fmt"
	"os"
	"path/filepath"
)

// ConfigDir is folio's configuration folder: $XDG_CONFIG_HOME/folio, else
// ~/.config/folio. getenv reads the environment (os.Getenv outside tests).
func ConfigDir(getenv func(string) string) (string, error) {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("cannot find a home directory for folio's settings: %w", err)
			}
			home = h
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "folio"), nil
}

// TemplateDir is where a user's own templates live under configDir.
func TemplateDir(configDir string) string { return filepath.Join(configDir, "templates") }
