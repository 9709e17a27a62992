package templates

import (
	"strings"
	"testing"
)

// The urgent routes come first, Pharmacist Support can be reached, and every
// service says where its details came from and when they were checked.
func TestSignpostingReachesPeople(t *testing.T) {
	s, err := BuiltinSignposting()
	if err != nil {
		t.Fatal(err)
	}
	urgent := s.Urgent()
	var names []string
	for _, svc := range urgent {
		names = append(names, svc.Name)
	}
	if got := strings.Join(names, ", "); got != "Emergency services, A&E (accident and emergency), NHS urgent medical help, Samaritans" {
		t.Errorf("urgent services = %s", got)
	}
	for i, svc := range s.Services {
		if svc.Urgent != (i < len(urgent)) {
			t.Errorf("service %d (%s) is out of order: urgent ones come first", i, svc.Name)
		}
		if svc.Source == "" || svc.Checked == "" {
			t.Errorf("%s has no source or date checked", svc.Name)
		}
	}
	if s.UrgentIntro == "" {
		t.Error("no urgent_intro")
	}
	for _, svc := range s.Support() {
		if svc.Name == "Pharmacist Support" {
			if svc.Phone == "" || !strings.HasPrefix(svc.Web, "https://pharmacistsupport.org") {
				t.Errorf("Pharmacist Support lacks phone or website: %+v", svc)
			}
			return
		}
	}
	t.Error("Pharmacist Support is missing")
}

func TestSignpostingPutsUrgentFirstWhateverTheFileOrder(t *testing.T) {
	src := "[[service]]\nname = \"Later\"\n[[service]]\nname = \"Now\"\nurgent = true\n"
	s, err := ParseSignposting("s.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Services[0].Name != "Now" || len(s.Urgent()) != 1 || len(s.Support()) != 1 {
		t.Errorf("services = %+v", s.Services)
	}
	if _, err := ParseSignposting("s.toml", []byte("[[service]]\nname = \"X\"\nchecked = \"last week\"\n")); err == nil {
		t.Error("a checked date that is not a date was accepted")
	}
}
