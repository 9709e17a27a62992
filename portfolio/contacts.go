package portfolio

import (
	"fmt"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
)

// collContacts holds the people the user shares files with, by name.
const collContacts = "contacts"
