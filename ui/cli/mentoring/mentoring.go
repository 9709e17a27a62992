package mentoring

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/fill"
	"github.com/foliohq/folio/portfolio/goals"
	"github.com/foliohq/folio/portfolio/mentorship"
	"github.com/foliohq/folio/ui/cli/clienv"
	"github.com/foliohq/folio/ui/sanitize"
)

func mentorCmd(s *session) *cobra.Command {
	return clienv.Group("mentor", "Mentoring relationships: add, list, show, edit, end, rm; your ratings",
		`folio mentor add --role mentee --with "Dr Adebayo" --months 6 --every monthly < agreement.md
folio mentor list --all`,
		mentorAddCmd(s), mentorListCmd(s), mentorShowCmd(s), mentorEndCmd(s),
		mentorEditCmd(s), clienv.RmCmd(s.Session, portfolio.KindRelationship, "rm RELATIONSHIP", "folio mentor rm Adebayo"),
		ratingsCmd(s))
}

func mentorAddCmd(s *session) *cobra.Command {
	var role, person, org, start, every string
	var months int
	var asJSON bool
	var participants []string
	c := &cobra.Command{
		Use:   "add --role ROLE --with NAME [< agreement.md]",
		Short: "Add a mentoring relationship; an agreement may come on standard input",
		Example: `folio mentor add --role mentee --with "Dr Adebayo" --org "St Elsewhere" --months 6 --every monthly
folio mentor add --role peer-support --with "Ward 7 group" --every fortnightly < agreement.md
folio mentor add --role peer-support --with "Ward 7 debrief group" --participant AB --participant CD --participant EF`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "name the other person with --with"); err != nil {
				return err
			}
			return mentorAdd(s, role, person, org, start, every, months, participants, asJSON)
		},
	}
	fs := c.Flags()
	fs.StringVar(&role, "role", "", "your role: mentee, mentor, peer-support or action-learning")
	fs.StringVar(&person, "with", "", "the other person (or the set), by a name or pseudonym you choose")
	fs.StringVar(&org, "org", "", "their organisation (optional)")
	fs.StringVar(&start, "start", "", "start date (default today)")
	fs.IntVar(&months, "months", 0, "planned length in whole months, 1 to 24 (e.g. 4, 6 or 12)")
	fs.StringVar(&every, "every", "", "how often to meet: weekly, fortnightly, monthly, 'every 6 weeks'")
	fs.BoolVar(&asJSON, "json", false, "print the saved relationship as JSON")
	clienv.StringList(fs, &participants, "participant", "a member of the group, by name or initials (repeatable)")
	return c
}

func mentorAdd(s *session, role, person, org, start, every string, months int, participants []string, asJSON bool) error {
	if months != 0 && (months < mentorship.MinPlanMonths || months > mentorship.MaxPlanMonths) {
		return clienv.Usagef("--months %d is outside %d to %d", months, mentorship.MinPlanMonths, mentorship.MaxPlanMonths)
	}
	var err error
	r := portfolio.Relationship{Person: person, Organisation: org, LengthMonths: months, Participants: participants}
	if role == "" {
		return clienv.Usagef("mentor add needs --role: mentee, mentor, peer-support or action-learning")
	}
	if r.Role, err = portfolio.ParseRole(role); err != nil {
		return err
	}
	if strings.TrimSpace(person) == "" {
		return clienv.Usagef("mentor add needs --with: the other person, by a name or pseudonym")
	}
	if every != "" {
		if r.IntervalDays, err = portfolio.ParseInterval(every); err != nil {
			return err
		}
	}
	if r.Start, err = s.Date(start); err != nil {
		return err
	}
	if err := s.ReadPipedFirst(); err != nil {
		return err
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	// With input waiting on stdin, it is the agreement as Markdown `## ` sections.
	if body, err := s.ReadStdinIfPiped(); err != nil {
		return err
	} else if strings.TrimSpace(body) != "" {
		r.Agreement = markdownSections(body)
	}
	saved, err := mentorship.AddRelationship(p, r)
	if err != nil {
		return err
	}
	if mentorship.SameOrganisation(p, saved) {
		fmt.Fprintf(s.Stderr, "folio: note: %s is your own organisation; mentoring schemes usually match across organisations.\n", sanitize.Text(saved.Organisation))
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, saved)
	}
	fmt.Fprintln(s.Stdout, saved.ID)
	return nil
}

// markdownSections splits Markdown into sections at `## ` headings; text before the
// first heading becomes a section headed "Notes".
func markdownSections(md string) []portfolio.Section {
	var out []portfolio.Section
	cur := portfolio.Section{Heading: "Notes"}
	flush := func() {
		cur.Body = strings.TrimSpace(cur.Body)
		if cur.Body != "" || cur.Heading != "Notes" {
			out = append(out, cur)
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			cur = portfolio.Section{Heading: strings.TrimSpace(h)}
			continue
		}
		cur.Body += line + "\n"
	}
	flush()
	return out
}

// relationshipJSON is a relationship with its meeting figures.
type relationshipJSON struct {
	*portfolio.Relationship
	Title           string        `json:"title"`
	MeetingsHeld    int           `json:"meetings_held"`
	MeetingsPlanned int           `json:"meetings_planned"`
	NextMeeting     calendar.Date `json:"next_meeting,omitempty"`
}

func withStats(p *portfolio.Portfolio, r *portfolio.Relationship) relationshipJSON {
	st := mentorship.Stats(p, r.ID)
	return relationshipJSON{Relationship: r, Title: r.Title(), MeetingsHeld: st.Held, MeetingsPlanned: st.Planned, NextMeeting: st.Next}
}

func mentorListCmd(s *session) *cobra.Command {
	var all, asJSON bool
	c := &cobra.Command{
		Use:     "list",
		Short:   "List mentoring relationships",
		Example: "folio mentor list --all --json",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return mentorList(s, all, asJSON)
		},
	}
	c.Flags().BoolVar(&all, "all", false, "include ended relationships")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func mentorList(s *session, all, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	out := []relationshipJSON{}
	for _, r := range mentorship.Relationships(p) {
		if all || r.Status != portfolio.RelEnded {
			out = append(out, withStats(p, r))
		}
	}
	if asJSON {
		return clienv.WriteJSON(s.Stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(s.Stderr, "No relationships yet: add one with 'folio mentor add --role mentee --with NAME'.")
	}
	for _, r := range out {
		planned := "?"
		if r.MeetingsPlanned > 0 {
			planned = fmt.Sprint(r.MeetingsPlanned)
		}
		next := "no next meeting set"
		if !r.NextMeeting.IsZero() {
			next = "next " + r.NextMeeting.String()
		}
		fmt.Fprintf(s.Stdout, "%s  %-7s  %s  met %d of %s  %s\n", r.ID.Short(), r.Status, sanitize.Text(r.Title), r.MeetingsHeld, planned, next)
	}
	return nil
}

func mentorShowCmd(s *session) *cobra.Command {
	return clienv.ShowCmd(s.Session, "show RELATIONSHIP", "Show a relationship, its agreement and meetings", `folio mentor show Adebayo
folio mentor show 4m2x --json`, "relationship: its ID or the other person's name",
		func(p *portfolio.Portfolio, arg string) (portfolio.ID, error) {
			r, err := s.ResolveRelationship(p, arg)
			if err != nil {
				return "", err
			}
			return r.ID, nil
		},
		func(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
			r, _ := mentorship.Relationship(p, id)
			return s.showRelationship(p, r, asJSON)
		})
}

func (s *session) showRelationship(p *portfolio.Portfolio, r *portfolio.Relationship, asJSON bool) error {
	if asJSON {
		return clienv.WriteRecordJSON(s.Stdout, p, r.ID, struct {
			relationshipJSON
			Meetings []*portfolio.Meeting `json:"meetings"`
			relationshipExtras
		}{withStats(p, r), clienv.NonNil(mentorship.Meetings(p, r.ID)), extrasOf(p, r)})
	}
	w := s.Stdout
	st := mentorship.Stats(p, r.ID)
	fmt.Fprintf(w, "%s (%s)\n\n", sanitize.Text(r.Title()), r.Status)
	fmt.Fprintf(w, "ID:        %s\n", r.ID)
	fmt.Fprintf(w, "Role:      %s\n", r.Role.Label())
	if len(r.Participants) > 0 {
		fmt.Fprintf(w, "Group:     %s\n", sanitize.Line(strings.Join(r.Participants, ", ")))
	}
	if r.Organisation != "" {
		fmt.Fprintf(w, "Org:       %s\n", sanitize.Text(r.Organisation))
	}
	fmt.Fprintf(w, "Started:   %s\n", r.Start)
	// Either half of the plan may be set alone; an interval with no length is still a plan.
	switch {
	case r.LengthMonths > 0:
		fmt.Fprintf(w, "Plan:      %d months, %s\n", r.LengthMonths, portfolio.IntervalText(r.IntervalDays))
	case r.IntervalDays > 0:
		fmt.Fprintf(w, "Plan:      %s\n", portfolio.IntervalText(r.IntervalDays))
	}
	fmt.Fprintf(w, "Meetings:  %d held", st.Held)
	if st.Planned > 0 {
		fmt.Fprintf(w, " of %d planned", st.Planned)
	}
	fmt.Fprintln(w)
	if !st.Next.IsZero() {
		fmt.Fprintf(w, "Next:      %s\n", st.Next)
	}
	if r.Status == portfolio.RelEnded {
		fmt.Fprintf(w, "Ended:     %s: %s\n", r.EndedOn, sanitize.Text(r.EndReason))
	}
	if len(r.Agreement) > 0 {
		fmt.Fprintf(w, "\nAgreement (agreed %s):\n", r.AgreedOn)
		for _, sec := range r.Agreement {
			fmt.Fprintf(w, "  %s: %s\n", sanitize.Text(sec.Heading), sanitize.Text(strings.Join(strings.Fields(sec.Body), " ")))
		}
	}
	if ms := mentorship.Meetings(p, r.ID); len(ms) > 0 {
		fmt.Fprintln(w, "\nMeetings:")
		for _, m := range ms {
			fmt.Fprintln(w, "  "+meetingLine(m))
		}
	}
	if as := mentorship.AgreedActions(p, r.ID); len(as) > 0 {
		fmt.Fprintln(w, "\nAgreed actions:")
		for _, a := range as {
			fmt.Fprintln(w, "  "+clienv.ActionLine(p, a))
		}
	}
	writeExtras(w, extrasOf(p, r))
	return nil
}

func meetingLine(m *portfolio.Meeting) string {
	state := "planned"
	if m.Held {
		state = "held"
	}
	line := fmt.Sprintf("%s  %s  %-7s  %-11s  %d agenda item%s", m.ID.Short(), m.Date, state, m.Format, len(m.Agenda), clienv.Plural(len(m.Agenda)))
	if len(m.AgreedActionIDs) > 0 {
		line += fmt.Sprintf(", %d agreed action%s", len(m.AgreedActionIDs), clienv.Plural(len(m.AgreedActionIDs)))
	}
	if len(m.Topics) > 0 {
		line += "  (" + sanitize.Text(strings.Join(m.Topics, ", ")) + ")"
	}
	return line
}

func mentorEndCmd(s *session) *cobra.Command {
	var reason string
	c := &cobra.Command{
		Use:     "end RELATIONSHIP --reason TEXT",
		Short:   "End a relationship",
		Example: "folio mentor end Adebayo --reason completed",
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			return mentorEnd(s, arg, reason)
		},
	}
	c.Flags().StringVar(&reason, "reason", "", "why it ended (e.g. completed, moved region)")
	return c
}

func mentorEnd(s *session, arg, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return clienv.Usagef("mentor end needs --reason, e.g. --reason completed")
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := s.ResolveRelationship(p, arg)
	if err != nil {
		return err
	}
	if _, err := mentorship.EndRelationship(p, r.ID, reason); err != nil {
		return err
	}
	fmt.Fprintf(s.Stdout, "Ended: %s.\n", sanitize.Text(r.Title()))
	return nil
}

func meetingCmd(s *session) *cobra.Command {
	return clienv.Group("meeting", "Mentoring meetings: add (record one), list, show, edit, rm",
		`folio meeting add --with Adebayo --topic "DOAC dosing" --agree "Read the guideline | in 2 weeks" < notes.md
folio meeting list --with Adebayo`,
		meetingAddCmd(s), meetingListCmd(s), meetingShowCmd(s), meetingNotesCmd(s),
		meetingEditCmd(s), clienv.RmCmd(s.Session, portfolio.KindMeeting, "rm ID", "folio meeting rm 8pq1 --yes"))
}

// meetingFlags are what `folio meeting add` reads besides the notes.
type meetingFlags struct {
	with, date, format, next         string
	topics, agree, takeOn, functions []string
	shared, asJSON                   bool
}

func meetingAddCmd(s *session) *cobra.Command {
	var f meetingFlags
	c := &cobra.Command{
		Use:   "add --with RELATIONSHIP [< notes.md]",
		Short: "Record a meeting held, with its notes and agreed actions",
		Example: `folio meeting add --with Adebayo --format 1:1 --topic "DOAC dosing" --next "in 4 weeks" < notes.md
folio meeting add --with 4m2x --agree "Shadow the clinic | next friday"`,
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, "the notes come on standard input"); err != nil {
				return err
			}
			return meetingAdd(s, f)
		},
	}
	fs := c.Flags()
	fs.StringVar(&f.with, "with", "", "the relationship: its ID or the other person's name")
	fs.StringVar(&f.date, "date", "", "when it was held (default today)")
	fs.StringVar(&f.format, "format", "", "1:1, group or phone/video")
	clienv.StringList(fs, &f.functions, "function", "the meeting's Proctor function: normative, formative or restorative (repeatable; default restorative for peer support, else formative)")
	clienv.StringList(fs, &f.topics, "topic", "a topic discussed (repeatable)")
	clienv.StringList(fs, &f.agree, "agree", "an agreed action, 'WHAT' or 'WHAT | DUE DATE' (repeatable); it joins your action plan, or, as a mentor, is recorded as the mentee's")
	clienv.StringList(fs, &f.takeOn, "take-on", "as a mentor, an action you take on yourself, 'WHAT' or 'WHAT | DUE DATE' (repeatable); it joins your action plan")
	fs.StringVar(&f.next, "next", "", "date of the next meeting")
	fs.BoolVar(&f.shared, "shared", false, "mark the notes fit to share with the other person")
	fs.BoolVar(&f.asJSON, "json", false, "print the saved meeting as JSON")
	return c
}

func meetingAdd(s *session, f meetingFlags) error {
	with, date, format, next, topics, agree, shared, asJSON := f.with, f.date, f.format, f.next, f.topics, f.agree, f.shared, f.asJSON
	var err error
	if err := clienv.NoEmptyItems("topic", topics, false); err != nil {
		return err
	}
	if with == "" {
		return clienv.Usagef("meeting add needs --with: the relationship's ID or the other person's name")
	}
	today := calendar.DateOf(s.Now())
	rec := mentorship.MeetingRecord{Topics: topics, Shared: shared}
	if rec.Functions, err = portfolio.ParseFunctions(f.functions); err != nil {
		return err
	}
	if rec.Date, err = s.heldDate(date); err != nil {
		return err
	}
	if rec.NextDate, err = s.FutureDate(next); err != nil {
		return err
	}
	if format != "" {
		if rec.Format, err = portfolio.ParseMeetingFormat(format); err != nil {
			return err
		}
	}
	agreed, err := agreedActions(agree, today)
	if err != nil {
		return err
	}
	takenOn, err := agreedActions(f.takeOn, today)
	if err != nil {
		return err
	}
	if err := s.ReadPipedFirst(); err != nil {
		return err
	}
	p, err := s.Open(false)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := s.ResolveRelationship(p, with)
	if err != nil {
		return err
	}
	rec.RelationshipID = r.ID
	if err := assignAgreed(&rec, r, agreed, takenOn); err != nil {
		return err
	}
	if up := mentorship.Stats(p, r.ID).Upcoming; up != nil {
		// Record the planned meeting, keeping its agenda.
		rec.MeetingID = up.ID
	}
	if body, err := s.ReadStdinIfPiped(); err != nil {
		return err
	} else if strings.TrimSpace(body) != "" {
		rec.Notes = fill.ParseMeetingNotes(body)
	}
	m, actions, err := mentorship.RecordMeeting(p, rec)
	if err != nil {
		return err
	}
	defer s.signpostAfterMeeting(p, m)
	if asJSON {
		return clienv.WriteJSON(s.Stdout, m)
	}
	s.reportMeeting(r, m, actions)
	return nil
}

// assignAgreed puts the agreed actions where the role says they belong. A mentor
// records what the mentee agreed on the meeting; only what the mentor takes on
// joins the mentor's own plan.
func assignAgreed(rec *mentorship.MeetingRecord, r *portfolio.Relationship, agreed, takenOn []portfolio.Action) error {
	switch {
	case r.Role == portfolio.RoleMentor:
		rec.AgreedActions = takenOn
		for _, a := range agreed {
			rec.MenteeActions = append(rec.MenteeActions, portfolio.AgreedAction{What: a.What, Due: a.Due})
		}
	case len(takenOn) > 0:
		return clienv.Usagef("--take-on is for a mentor's own actions; in this relationship you are the %s, so --agree adds to your action plan", r.Role)
	default:
		rec.AgreedActions = agreed
	}
	return nil
}

// reportMeeting prints the saved meeting's ID and says, on stderr, where each
// agreed action went.
func (s *session) reportMeeting(r *portfolio.Relationship, m *portfolio.Meeting, actions []*portfolio.Action) {
	fmt.Fprintln(s.Stdout, m.ID)
	for _, a := range m.MenteeActions {
		fmt.Fprintf(s.Stderr, "Recorded on the meeting as %s's, not in your action plan: %s\n", sanitize.Text(r.Person), sanitize.Text(a.What))
	}
	for _, a := range actions {
		fmt.Fprintf(s.Stderr, "Agreed action %s added to your action plan: %s\n", a.ID.Short(), sanitize.Text(a.What))
	}
	if r.Role == portfolio.RoleMentor {
		fmt.Fprintf(s.Stderr, "Reflect on the session privately with: folio add --function formative --title \"Session with %s\" (your reflections are never shared).\n", sanitize.Text(r.Person))
	}
}

// agreedActions reads --agree and --take-on values: 'WHAT' or 'WHAT | DUE DATE'.
func agreedActions(values []string, today calendar.Date) ([]portfolio.Action, error) {
	var out []portfolio.Action
	for _, v := range values {
		what, due, hasDue := strings.Cut(v, "|")
		action := portfolio.Action{What: strings.TrimSpace(what)}
		if hasDue {
			var err error
			if action.Due, err = calendar.ParseFutureDate(strings.TrimSpace(due), today); err != nil {
				return nil, err
			}
		}
		out = append(out, action)
	}
	return out, nil
}

func meetingListCmd(s *session) *cobra.Command {
	var with string
	var asJSON bool
	c := &cobra.Command{
		Use:     "list",
		Short:   "List meetings",
		Example: "folio meeting list --with Adebayo --json",
		RunE: func(c *cobra.Command, args []string) error {
			if err := clienv.NoArgs(c, args, ""); err != nil {
				return err
			}
			return meetingList(s, with, asJSON)
		},
	}
	c.Flags().StringVar(&with, "with", "", "only this relationship's meetings")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func meetingList(s *session, with string, asJSON bool) error {
	p, err := s.Open(true)
	if err != nil {
		return err
	}
	defer p.Close()
	relID, err := s.OptionalRelationship(p, with)
	if err != nil {
		return err
	}
	ms := clienv.NonNil(mentorship.Meetings(p, relID))
	if asJSON {
		return clienv.WriteJSON(s.Stdout, ms)
	}
	if len(ms) == 0 {
		fmt.Fprintln(s.Stderr, "No meetings yet.")
	}
	for _, m := range ms {
		line := meetingLine(m)
		if r, ok := mentorship.Relationship(p, m.RelationshipID); ok {
			line += "  " + sanitize.Text(r.Title())
		}
		fmt.Fprintln(s.Stdout, line)
	}
	return nil
}

func meetingShowCmd(s *session) *cobra.Command {
	return clienv.ShowCmd(s.Session, "show ID", "Show a meeting: agenda, notes, agreed actions", "folio meeting show 8pq1", "meeting ID",
		clienv.ResolveAs(portfolio.KindMeeting), s.showMeeting)
}

func (s *session) showMeeting(p *portfolio.Portfolio, id portfolio.ID, asJSON bool) error {
	m, _ := mentorship.Meeting(p, id)
	if asJSON {
		return clienv.WriteRecordJSON(s.Stdout, p, id, m)
	}
	w := s.Stdout
	r, _ := mentorship.Relationship(p, m.RelationshipID)
	fmt.Fprintf(w, "Meeting %s, %s\n\n", m.Date, sanitize.Text(r.Title()))
	fmt.Fprintln(w, meetingLine(m))
	if preview, err := mentorship.AgendaPreview(p, m.ID); err == nil && len(m.Agenda) > 0 {
		fmt.Fprintf(w, "\n%s", sanitize.Text(preview))
	}
	for _, sec := range m.Notes {
		fmt.Fprintf(w, "\n## %s\n%s\n", sanitize.Text(sec.Heading), sanitize.Text(sec.Body))
	}
	if len(m.AgreedActionIDs) > 0 {
		fmt.Fprintln(w, "\nAgreed actions:")
		for _, id := range m.AgreedActionIDs {
			if a, ok := goals.Action(p, id); ok {
				fmt.Fprintln(w, "  "+clienv.ActionLine(p, a))
			}
		}
	}
	if !m.NextDate.IsZero() {
		fmt.Fprintf(w, "\nNext meeting: %s\n", m.NextDate)
	}
	return nil
}

func agendaCmd(s *session) *cobra.Command {
	var date string
	var add, text []string
	c := &cobra.Command{
		Use:   "agenda RELATIONSHIP",
		Short: "Show or build the agenda for a relationship's next meeting",
		Example: `folio agenda Adebayo
folio agenda Adebayo --add 3kq9="How would you have handled it?" --text "Study leave" --date "next friday"`,
		RunE: func(c *cobra.Command, args []string) error {
			arg, err := clienv.OneArg(c, args, "relationship: its ID or the other person's name")
			if err != nil {
				return err
			}
			return runAgenda(s, arg, date, add, text)
		},
	}
	fs := c.Flags()
	clienv.StringList(fs, &add, "add", "put an entry, goal or action on the agenda, optionally with the question to bring: ID=QUESTION (repeatable)")
	clienv.StringList(fs, &text, "text", "put a free item on the agenda (repeatable)")
	fs.StringVar(&date, "date", "", "the date of the meeting (default: the agreed next date)")
	return c
}

func runAgenda(s *session, arg, date string, add, text []string) error {
	var err error
	var when calendar.Date
	if when, err = s.FutureDate(date); err != nil {
		return err
	}
	building := len(add) > 0 || len(text) > 0 || date != ""
	p, err := s.Open(!building)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := s.ResolveRelationship(p, arg)
	if err != nil {
		return err
	}
	upcoming := mentorship.Stats(p, r.ID).Upcoming
	if building {
		var items []portfolio.AgendaItem
		if upcoming != nil {
			items = upcoming.Agenda
		}
		for _, a := range add {
			ref, question, _ := strings.Cut(a, "=")
			id, kind, err := p.Resolve(ref, "")
			if err != nil {
				return err
			}
			items = append(items, portfolio.AgendaItem{LinkKind: kind, LinkID: id, Question: strings.TrimSpace(question)})
		}
		for _, t := range text {
			items = append(items, portfolio.AgendaItem{Text: t})
		}
		if upcoming, err = mentorship.SaveAgenda(p, r.ID, when, items); err != nil {
			return err
		}
	}
	if upcoming == nil {
		cands, err := mentorship.ProposeAgenda(p, r.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(s.Stdout, "# No agenda yet for the next meeting %s\n\nSuggestions (add them with `folio agenda %s --add ID`):\n\n", sanitize.Text(r.Title()), r.ID.Short())
		for _, c := range cands {
			fmt.Fprintf(s.Stdout, "- %s %s: %s (%s)\n", c.Item.LinkKind, c.Item.LinkID.Short(), sanitize.Text(c.Title), c.Reason)
		}
		if len(cands) == 0 {
			fmt.Fprintln(s.Stdout, "- nothing yet: write an entry, or flag one to discuss")
		}
		return nil
	}
	preview, err := mentorship.AgendaPreview(p, upcoming.ID)
	if err != nil {
		return err
	}
	fmt.Fprint(s.Stdout, sanitize.Text(preview))
	return nil
}
