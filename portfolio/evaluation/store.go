package evaluation

// AddEvaluation validates and saves a filled-in questionnaire in one transaction.
func (p *Portfolio) AddEvaluation(e Evaluation) (*Evaluation, error) {
	// The rules read the relationships in memory, which a writer may be changing.
	p.mu.RLock()
	err := validate.Evaluation(links{p}, &e)
	p.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	sid := storage.NewID()
	e.ID = ID(sid.String())
	e.Created = p.now().UTC()
	if err := p.put(collEvaluations, sid, record.EncodeEvaluation(&e)); err != nil {
		return nil, err
	}
	return &e, nil
}

// Evaluations lists the filled-in questionnaires, oldest first. They are read from
// the vault when asked for, not at open: few people keep any, and fewer look at them.
// Records that fail to open or decode are returned as damage beside the rest.
func (p *Portfolio) Evaluations() ([]*Evaluation, []Damage, error) {
	var out []*Evaluation
	var damaged []Damage
	// Load may call back from several goroutines at once.
	var mu sync.Mutex
	dmg, err := p.vault.Load(collEvaluations, func(sid storage.ID, plain []byte) error {
		e := new(Evaluation)
		err := record.DecodeEvaluation(plain, e)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			damaged = append(damaged, Damage{Collection: collEvaluations, ID: sid.String(), Err: fmt.Errorf("%w: %w", ErrDamaged, err)})
			return nil
		}
		e.ID = ID(sid.String())
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(out, func(a, b *Evaluation) int {
		if c := cmp.Compare(a.Date, b.Date); c != 0 {
			return c
		}
		return a.Created.Compare(b.Created)
	})
	return out, append(damaged, dmg...), nil
}
