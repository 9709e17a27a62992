package portfolio

// Where folio keeps its settings and the user's own templates and frameworks.

import (
	"path/filepath"
)

// TemplateDir is where a user's own templates live under configDir.
func TemplateDir(configDir string) string { return filepath.Join(configDir, "templates") }
