package manifest

// manifests reads every attachment manifest. Damaged ones are returned apart.
func (p *Portfolio) manifests() ([]*Attachment, []Damage, error) {
	var (
		mu  sync.Mutex
		out []*Attachment
		bad []Damage
	)
	damaged, err := p.vault.Load(collAttachments, func(sid storage.ID, plain []byte) error {
		a, err := manifest.Decode(ID(sid.String()), plain)
		clear(plain)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			bad = append(bad, Damage{Collection: collAttachments, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, append(damaged, bad...), nil
}

// checkAttachments names, in a check's report, the attachments whose bytes are
// damaged or missing (manifest.NameDamage). The caller holds p.mu for reading.
func (p *Portfolio) checkAttachments(report *CheckReport) {
	all, _, err := p.manifests() // damaged manifests are in the report already
	if err != nil {
		report.Structure = append(report.Structure, err.Error())
		return
	}
	blobs, _, err := p.vault.Blobs()
	report.Damaged = manifest.NameDamage(all, report.Damaged, blobs, err == nil)
}

