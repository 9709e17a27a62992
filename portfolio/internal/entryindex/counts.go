package entryindex

// Tags lists every tag in use, sorted case-insensitively, with how many entries carry it.
func (p *Portfolio) Tags() []TagCount {
	p.mu.RLock()
	defer p.mu.RUnlock()
	counts := map[string]*TagCount{}
	for _, ix := range p.byDate {
		ix.eachTag(func(t string) {
			k := strings.ToLower(t)
			if c, ok := counts[k]; ok {
				c.Count++
			} else {
				// A copy: t may share the catalogue's plaintext, which Close clears.
				t = strings.Clone(t)
				counts[strings.Clone(k)] = &TagCount{Tag: t, Count: 1}
			}
		})
	}
	out := make([]TagCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b TagCount) int { return strings.Compare(strings.ToLower(a.Tag), strings.ToLower(b.Tag)) })
	return out
}

// TagCount is a tag and how many entries carry it.
type TagCount struct {
	Tag   string
	Count int
}

// Counts are entries per function over three periods, for the dashboard.
type Counts struct {
	Month, Year, All map[Function]int
	// Totals are entries (not function marks) in each period.
	MonthTotal, YearTotal, AllTotal int
}

// FunctionCounts counts entries per function this month, this year and in all.
// An entry under two functions counts under each.
func (p *Portfolio) FunctionCounts() Counts {
	today := p.Today()
	monthStart := calendar.MakeDate(today.Year(), today.Month(), 1)
	yearStart := calendar.MakeDate(today.Year(), 1, 1)
	c := Counts{Month: map[Function]int{}, Year: map[Function]int{}, All: map[Function]int{}}
	p.mu.RLock()
	defer p.mu.RUnlock()
	for _, ix := range p.byDate {
		c.AllTotal++
		inYear := ix.date >= yearStart && ix.date <= today
		inMonth := ix.date >= monthStart && ix.date <= today
		if inYear {
			c.YearTotal++
		}
		if inMonth {
			c.MonthTotal++
		}
		for _, f := range ix.functions().List() {
			c.All[f]++
			if inYear {
				c.Year[f]++
			}
			if inMonth {
				c.Month[f]++
			}
		}
	}
	return c
}

// OnThisDay returns entries about this calendar day in earlier years, newest first.
func (p *Portfolio) OnThisDay() []*Entry {
	today := p.Today()
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []*indexed
	for _, ix := range p.byDate {
		d := ix.date
		if d < today && d.Month() == today.Month() && d.Day() == today.Day() {
			out = append(out, ix)
		}
	}
	return p.wholeEntries(out)
}
