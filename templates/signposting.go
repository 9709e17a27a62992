package templates

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Signposting is the list of support services restorative templates point to.
type Signposting struct {
	// UrgentIntro introduces the urgent services, which come first.
	UrgentIntro string
	Intro       string
	Services    []Service
}

// Urgent and Support split the list: the services for a crisis, then the rest.
func (s Signposting) Urgent() []Service {
	var out []Service
	for _, svc := range s.Services {
		if svc.Urgent {
			out = append(out, svc)
		}
	}
	return out
}

// Support is the services that are not urgent.
func (s Signposting) Support() []Service {
	var out []Service
	for _, svc := range s.Services {
		if !svc.Urgent {
			out = append(out, svc)
		}
	}
	return out
}

// Service is one place to turn to.
type Service struct {
	Name        string
	Description string
	Phone       string
	Email       string
	Web         string
	// Urgent services are for a crisis and are listed first.
	Urgent bool
	// Source is where the details were taken from, Checked the day they were checked.
	Source  string
	Checked string
}

type rawSignposting struct {
	UrgentIntro string       `toml:"urgent_intro"`
	Intro       string       `toml:"intro"`
	Services    []rawService `toml:"service"`
}

type rawService struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Phone       string `toml:"phone"`
	Email       string `toml:"email"`
	Web         string `toml:"web"`
	Urgent      bool   `toml:"urgent"`
	Source      string `toml:"source"`
	Checked     string `toml:"checked"`
}

// BuiltinSignposting is the list shipped with folio.
func BuiltinSignposting() (Signposting, error) {
	data, err := files.ReadFile("signposting.toml")
	if err != nil {
		return Signposting{}, err
	}
	return ParseSignposting("signposting.toml", data)
}

// ParseSignposting reads a signposting list. Every error is an *Error.
func ParseSignposting(file string, data []byte) (Signposting, error) {
	if len(data) > MaxFileBytes {
		return Signposting{}, &Error{File: file, Msg: fmt.Sprintf("it is %d bytes; the most is %d", len(data), MaxFileBytes)}
	}
	var raw rawSignposting
	if err := decodeStrict(file, data, &raw, "a service takes name, description, phone, email, web, urgent, source, checked"); err != nil {
		return Signposting{}, err
	}
	s := Signposting{UrgentIntro: strings.TrimSpace(raw.UrgentIntro), Intro: strings.TrimSpace(raw.Intro)}
	for i, r := range raw.Services {
		svc := Service{
			Name: strings.TrimSpace(r.Name), Description: strings.TrimSpace(r.Description),
			Phone: strings.TrimSpace(r.Phone), Email: strings.TrimSpace(r.Email), Web: strings.TrimSpace(r.Web),
			Urgent: r.Urgent, Source: strings.TrimSpace(r.Source), Checked: strings.TrimSpace(r.Checked),
		}
		if svc.Name == "" {
			return Signposting{}, &Error{File: file, Msg: fmt.Sprintf("service %d has no name", i+1)}
		}
		if svc.Checked != "" {
			if _, err := time.Parse(time.DateOnly, svc.Checked); err != nil {
				return Signposting{}, &Error{File: file, Msg: fmt.Sprintf("service %q: checked %q is not a date like 2026-11-28", svc.Name, svc.Checked)}
			}
		}
		for _, v := range []string{s.UrgentIntro, s.Intro, svc.Name, svc.Description, svc.Phone, svc.Email, svc.Web, svc.Source} {
			if strings.ContainsFunc(v, unicode.IsControl) {
				return Signposting{}, &Error{File: file, Msg: fmt.Sprintf("service %q contains control characters", svc.Name)}
			}
		}
		s.Services = append(s.Services, svc)
	}
	// Urgent services first, whatever order the file has them in: in a crisis they
	// are what must be seen.
	slices.SortStableFunc(s.Services, func(a, b Service) int {
		switch {
		case a.Urgent == b.Urgent:
			return 0
		case a.Urgent:
			return -1
		}
		return 1
	})
	if len(s.Services) == 0 {
		return Signposting{}, &Error{File: file, Msg: "it lists no [[service]]"}
	}
	return s, nil
}
