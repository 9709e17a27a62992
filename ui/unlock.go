package ui

import (
	"errors"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/sanitize"
)

// unlock is the door: it creates a vault on first run, or asks for the passphrase of
// an existing one. Key derivation is slow on purpose, so it runs as a command behind
// a spinner.
type unlock struct {
	ctx      *context
	create   bool // no vault yet: choose a passphrase and confirm it
	pass     textinput.Model
	confirm  textinput.Model
	focus    int // 0 passphrase, 1 confirmation
	spin     spinner.Model
	working  bool
	note     string // why we are here, e.g. "Locked after 10m idle."
	problem  string
	attempts int
}

type unlockFailedMsg struct{ err error }

func newUnlock(ctx *context, note string) *unlock {
	newInput := func(prompt string) textinput.Model {
		in := textinput.New()
		in.Prompt = prompt
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
		in.SetStyles(ctx.styles.input)
		in.SetWidth(40)
		in.CharLimit = 1024
		return in
	}
	u := &unlock{
		ctx:     ctx,
		create:  !portfolio.Exists(ctx.opts.VaultPath),
		pass:    newInput("Passphrase: "),
		confirm: newInput("Again:      "),
		spin:    spinner.New(spinner.WithSpinner(spinner.Dot)),
		note:    note,
	}
	return u
}

func (u *unlock) Init() tea.Cmd { return u.pass.Focus() }

func (u *unlock) Title() string {
	if u.create {
		return "Welcome"
	}
	return "Unlock"
}

func (u *unlock) Typing() bool { return !u.working }

// SetSize does nothing: the unlock draws from the context's size each frame.
func (u *unlock) SetSize(int, int) tea.Cmd { return nil }

func (u *unlock) Keys() help.KeyMap {
	k := u.ctx.keys
	enter, quit := k.Unlock, k.ForceQuit
	if u.create {
		enter = k.CreateNext
	}
	if !u.create {
		return helpKeys{short: []key.Binding{enter, quit}, full: [][]key.Binding{{enter, quit}}}
	}
	return helpKeys{
		short: []key.Binding{enter, k.NextField, quit},
		full:  [][]key.Binding{{enter, k.NextField, k.PrevField, quit}},
	}
}

func (u *unlock) Update(msg tea.Msg) (nav, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !u.working {
			return nav{}, nil
		}
		var cmd tea.Cmd
		u.spin, cmd = u.spin.Update(msg)
		return nav{}, cmd
	case unlockFailedMsg:
		u.working = false
		u.attempts++
		u.problem = unlockProblem(msg.err)
		u.pass.Reset()
		u.confirm.Reset()
		u.focus = 0
		u.confirm.Blur()
		return nav{}, u.pass.Focus()
	case tea.KeyPressMsg:
		if u.working {
			return nav{}, nil
		}
		return u.handleKey(msg)
	}
	var cmd tea.Cmd
	if u.focus == 0 {
		u.pass, cmd = u.pass.Update(msg)
	} else {
		u.confirm, cmd = u.confirm.Update(msg)
	}
	return nav{}, cmd
}

func (u *unlock) handleKey(msg tea.KeyPressMsg) (nav, tea.Cmd) {
	k := u.ctx.keys
	switch {
	case key.Matches(msg, k.Open):
		return u.submit()
	case u.create && key.Matches(msg, k.SwitchField):
		return nav{}, u.setFocus(1 - u.focus)
	}
	var cmd tea.Cmd
	if u.focus == 0 {
		u.pass, cmd = u.pass.Update(msg)
	} else {
		u.confirm, cmd = u.confirm.Update(msg)
	}
	return nav{}, cmd
}

func (u *unlock) setFocus(i int) tea.Cmd {
	u.focus = i
	if i == 0 {
		u.confirm.Blur()
		return u.pass.Focus()
	}
	u.pass.Blur()
	return u.confirm.Focus()
}

func (u *unlock) submit() (nav, tea.Cmd) {
	pass := u.pass.Value()
	if pass == "" {
		u.problem = "Type a passphrase first."
		return nav{}, nil
	}
	if u.create {
		if u.focus == 0 {
			u.problem = ""
			return nav{}, u.setFocus(1)
		}
		if u.confirm.Value() != pass {
			u.problem = "The two passphrases differ. Type them again."
			u.pass.Reset()
			u.confirm.Reset()
			return nav{}, u.setFocus(0)
		}
	}
	u.working = true
	u.problem = ""
	path, opts, create := u.ctx.opts.VaultPath, u.ctx.portfolioOptions(), u.create
	secret := []byte(pass)
	u.pass.Reset()
	u.confirm.Reset()
	open := func() tea.Msg {
		var p *portfolio.Portfolio
		var err error
		if create {
			p, err = portfolio.Create(path, secret, opts)
		} else {
			p, err = portfolio.Open(path, secret, opts)
		}
		clear(secret)
		if err != nil {
			return unlockFailedMsg{err}
		}
		return unlockedMsg{p: p, counts: countsOf(p)}
	}
	return nav{}, tea.Batch(open, u.spin.Tick)
}

func unlockProblem(err error) string {
	switch {
	case errors.Is(err, portfolio.ErrWrongPassphrase):
		return "That passphrase does not open this vault. Try again."
	case errors.Is(err, portfolio.ErrInUse):
		return "Another folio has this vault open. Close it, then try again."
	case errors.Is(err, portfolio.ErrDamaged):
		return "The vault is damaged and could not be opened. Restore a backup, or run 'folio check'."
	case errors.Is(err, portfolio.ErrExists):
		return "A vault appeared at this path meanwhile; restart folio to unlock it."
	}
	return "Could not open the vault: " + sanitize.Line(err.Error())
}

func (u *unlock) View() string {
	s := u.ctx.styles
	var b strings.Builder
	b.WriteString("\n")
	if u.create {
		b.WriteString(s.title.Render("Welcome to folio") + "\n\n")
		b.WriteString("folio keeps your reflections, goals and action plans, organised by the\n")
		b.WriteString("normative, formative and restorative functions, encrypted on this computer.\n")
		b.WriteString(s.warn.Render("Choose a passphrase you will remember: it cannot be recovered or reset.") + "\n\n")
		b.WriteString(s.subtle.Render("New vault: ") + sanitize.Line(shortPath(u.ctx.opts.VaultPath)) + "\n\n")
		b.WriteString(u.pass.View() + "\n")
		b.WriteString(u.confirm.View() + "\n")
		if hint := strengthHint(u.pass.Value(), s); hint != "" {
			b.WriteString("\n" + hint + "\n")
		}
	} else {
		b.WriteString(s.title.Render("Unlock your folio") + "\n\n")
		if u.note != "" {
			b.WriteString(s.info.Render(u.note) + "\n\n")
		}
		b.WriteString(s.subtle.Render("Vault: ") + sanitize.Line(shortPath(u.ctx.opts.VaultPath)) + "\n\n")
		b.WriteString(u.pass.View() + "\n")
	}
	if u.working {
		what := "Unlocking"
		if u.create {
			what = "Creating your vault"
		}
		b.WriteString("\n" + u.spin.View() + " " + what + "… (deriving the key takes a moment)\n")
	}
	if u.problem != "" {
		b.WriteString("\n" + s.errorText.Render(u.problem) + "\n")
	}
	return indent(b.String(), 2)
}

// strengthHint says roughly how hard the passphrase is to guess. It is a nudge, not
// a gate: length counts most, and several words beat symbols.
func strengthHint(pass string, s styles) string {
	if pass == "" {
		return s.subtle.Render("Tip: four or more unrelated words make a strong passphrase you can remember.")
	}
	n := len([]rune(pass))
	classes := 0
	for _, is := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, unicode.IsSpace, unicode.IsPunct} {
		if strings.IndexFunc(pass, is) >= 0 {
			classes++
		}
	}
	words := len(strings.Fields(pass))
	switch {
	case n >= 20 && (words >= 4 || classes >= 3), n >= 28:
		return s.ok.Render("Strength: strong.")
	case n >= 14 && classes >= 2:
		return s.info.Render("Strength: fair. Longer is stronger: add another word.")
	case n >= 10:
		return s.warn.Render("Strength: weak. Add more words.")
	}
	return s.errorText.Render("Strength: very weak. Use at least a few words.")
}

// indent shifts every line right by n spaces.
func indent(text string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}
