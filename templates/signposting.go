package templates

import (
	"fmt"
	"strings"
	"unicode"
)

// Signposting is the list of support services restorative templates point to.
type Signposting struct {
	Intro    string
	Services []Service
}

// Service is one place to turn to.
type Service struct {
	Name        string
	Description string
	Phone       string
	Email       string
	Web         string
}

type rawSignposting struct {
	Intro    string       `toml:"intro"`
	Services []rawService `toml:"service"`
}

type rawService struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Phone       string `toml:"phone"`
	Email       string `toml:"email"`
	Web         string `toml:"web"`
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
	if err := decodeStrict(file, data, &raw, "a service takes name, description, phone, email, web"); err != nil {
		return Signposting{}, err
	}
	s := Signposting{Intro: strings.TrimSpace(raw.Intro)}
	for i, r := range raw.Services {
		svc := Service{
			Name: strings.TrimSpace(r.Name), Description: strings.TrimSpace(r.Description),
			Phone: strings.TrimSpace(r.Phone), Email: strings.TrimSpace(r.Email), Web: strings.TrimSpace(r.Web),
		}
		if svc.Name == "" {
			return Signposting{}, &Error{File: file, Msg: fmt.Sprintf("service %d has no name", i+1)}
		}
		for _, v := range []string{s.Intro, svc.Name, svc.Description, svc.Phone, svc.Email, svc.Web} {
			if strings.ContainsFunc(v, unicode.IsControl) {
				return Signposting{}, &Error{File: file, Msg: fmt.Sprintf("service %q contains control characters", svc.Name)}
			}
		}
		s.Services = append(s.Services, svc)
	}
	if len(s.Services) == 0 {
		return Signposting{}, &Error{File: file, Msg: "it lists no [[service]]"}
	}
	return s, nil
}
