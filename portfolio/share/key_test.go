package share_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/foliohq/folio/portfolio/internal/testvault"
	"github.com/foliohq/folio/portfolio/share"
)

func TestSharingKeyIsCreatedOnceAndSealed(t *testing.T) {
	p, c := testvault.New(t)
	pub, err := share.PublicKey(p)
	if err != nil || !strings.HasPrefix(pub, "age1") {
		t.Fatalf("PublicKey = %q, %v", pub, err)
	}
	again, _ := share.PublicKey(p)
	secret, _ := p.SharingKey(nil)
	p = testvault.Reopen(t, p, c)
	after, _ := share.PublicKey(p)
	if again != pub || after != pub {
		t.Errorf("the key changed: %s, %s, %s", pub, again, after)
	}
	raw, _ := os.ReadFile(p.Path())
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte("AGE-SECRET-KEY")) {
		t.Error("the private key is in the vault file in plaintext")
	}
}
