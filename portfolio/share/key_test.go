package portfolio

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestSharingKeyIsCreatedOnceAndSealed(t *testing.T) {
	p, c := newTestPortfolio(t)
	pub, err := p.PublicKey()
	if err != nil || !strings.HasPrefix(pub, "age1") {
		t.Fatalf("PublicKey = %q, %v", pub, err)
	}
	again, _ := p.PublicKey()
	secret := p.ageIdentity.String()
	p = reopen(t, p, c)
	after, _ := p.PublicKey()
	if again != pub || after != pub {
		t.Errorf("the key changed: %s, %s, %s", pub, again, after)
	}
	raw, _ := os.ReadFile(p.Path())
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte("AGE-SECRET-KEY")) {
		t.Error("the private key is in the vault file in plaintext")
	}
}
