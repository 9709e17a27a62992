package unlock

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/foliohq/folio/portfolio"
	"github.com/foliohq/folio/ui/common"
	"github.com/foliohq/folio/ui/sanitize"
)

// Unlock is the door: it creates a vault on first run, or asks for the passphrase of
// an existing one. Key derivation is slow on purpose, so it runs as a command behind
// a spinner.
type Unlock struct {
	ctx      *common.Context
	create   bool // no vault yet: choose a passphrase and confirm it
	pass     *passField
	confirm  *passField
	focus    int // 0 passphrase, 1 confirmation
	spin     spinner.Model
	working  bool
	note     string // why we are here, e.g. "Locked after 10m idle."
	problem  string
	attempts int
}

type unlockFailedMsg struct{ err error }

func NewUnlock(ctx *common.Context, note string) *Unlock {
	u := &Unlock{
		ctx:     ctx,
		create:  !portfolio.Exists(ctx.Opts.VaultPath),
		pass:    newPassField(ctx, "Passphrase: "),
		confirm: newPassField(ctx, "Again:      "),
		spin:    spinner.New(spinner.WithSpinner(spinner.Dot)),
		note:    note,
	}
	return u
}

func (u *Unlock) Init() tea.Cmd { return u.pass.Focus() }

func (u *Unlock) Title() string {
	if u.create {
		return "Welcome"
	}
	return "Unlock"
}

func (u *Unlock) Typing() bool { return !u.working }

// SetSize does nothing: the unlock draws from the context's size each frame.
func (u *Unlock) SetSize(int, int) tea.Cmd { return nil }

func (u *Unlock) Keys() help.KeyMap {
	k := u.ctx.Keys
	enter, quit := k.Unlock, k.ForceQuit
	if u.create {
		enter = k.CreateNext
	}
	if !u.create {
		return common.HelpKeys{Short: []key.Binding{enter, quit}, Full: [][]key.Binding{{enter, quit}}}
	}
	return common.HelpKeys{
		Short: []key.Binding{enter, k.NextField, quit},
		Full:  [][]key.Binding{{enter, k.NextField, k.PrevField, quit}},
	}
}

func (u *Unlock) Update(msg tea.Msg) (common.Nav, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !u.working {
			return common.Nav{}, nil
		}
		var cmd tea.Cmd
		u.spin, cmd = u.spin.Update(msg)
		return common.Nav{}, cmd
	case unlockFailedMsg:
		u.working = false
		u.attempts++
		u.problem = unlockProblem(msg.err)
		u.pass.Reset()
		u.confirm.Reset()
		u.focus = 0
		u.confirm.Blur()
		return common.Nav{}, u.pass.Focus()
	case tea.KeyPressMsg:
		if u.working {
			return common.Nav{}, nil
		}
		return u.handleKey(msg)
	}
	if u.focus == 0 {
		return common.Nav{}, u.pass.Update(msg)
	}
	return common.Nav{}, u.confirm.Update(msg)
}

func (u *Unlock) handleKey(msg tea.KeyPressMsg) (common.Nav, tea.Cmd) {
	k := u.ctx.Keys
	switch {
	case key.Matches(msg, k.Open):
		return u.submit()
	case u.create && key.Matches(msg, k.SwitchField):
		return common.Nav{}, u.setFocus(1 - u.focus)
	}
	if u.focus == 0 {
		return common.Nav{}, u.pass.Update(msg)
	}
	return common.Nav{}, u.confirm.Update(msg)
}

func (u *Unlock) setFocus(i int) tea.Cmd {
	u.focus = i
	if i == 0 {
		u.confirm.Blur()
		return u.pass.Focus()
	}
	u.pass.Blur()
	return u.confirm.Focus()
}

func (u *Unlock) submit() (common.Nav, tea.Cmd) {
	pass := u.pass.Bytes()
	if len(pass) == 0 {
		u.problem = "Type a passphrase first."
		return common.Nav{}, nil
	}
	if u.create {
		if u.focus == 0 {
			u.problem = ""
			return common.Nav{}, u.setFocus(1)
		}
		if !bytes.Equal(u.confirm.Bytes(), pass) {
			u.problem = "The two passphrases differ. Type them again."
			u.pass.Reset()
			u.confirm.Reset()
			return common.Nav{}, u.setFocus(0)
		}
	}
	u.working = true
	u.problem = ""
	path, opts, create := u.ctx.Opts.VaultPath, u.ctx.PortfolioOptions(), u.create
	// The command gets its own copy, cleared once the key is derived; the fields'
	// buffers are overwritten now.
	secret := bytes.Clone(pass)
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
		return common.UnlockedMsg{P: p, Counts: common.CountsOf(p)}
	}
	return common.Nav{}, tea.Batch(open, u.spin.Tick)
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

func (u *Unlock) View() string {
	s := u.ctx.Styles
	var b strings.Builder
	b.WriteString("\n")
	if u.create {
		b.WriteString(s.Title.Render("Welcome to folio") + "\n\n")
		b.WriteString("folio keeps your reflections, goals and action plans, organised by the\n")
		b.WriteString("normative, formative and restorative functions, encrypted on this computer.\n")
		b.WriteString(s.Warn.Render("Choose a passphrase you will remember: it cannot be recovered or reset.") + "\n\n")
		b.WriteString(s.Subtle.Render("New vault: ") + sanitize.Line(common.ShortPath(u.ctx.Opts.VaultPath)) + "\n\n")
		b.WriteString(u.pass.View() + "\n")
		b.WriteString(u.confirm.View() + "\n")
		if hint := strengthHint(u.pass.Bytes(), s); hint != "" {
			b.WriteString("\n" + hint + "\n")
		}
	} else {
		b.WriteString(s.Title.Render("Unlock your folio") + "\n\n")
		if u.note != "" {
			b.WriteString(s.Info.Render(u.note) + "\n\n")
		}
		b.WriteString(s.Subtle.Render("Vault: ") + sanitize.Line(common.ShortPath(u.ctx.Opts.VaultPath)) + "\n\n")
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
		b.WriteString("\n" + s.ErrorText.Render(u.problem) + "\n")
	}
	return indent(b.String(), 2)
}

// strengthHint says roughly how hard the passphrase is to guess. It is a nudge, not
// a gate: length counts most, and several words beat symbols.
// It reads the bytes in place: no string copy of the passphrase is made.
func strengthHint(pass []byte, s common.Styles) string {
	if len(pass) == 0 {
		return s.Subtle.Render("Tip: four or more unrelated words make a strong passphrase you can remember.")
	}
	n := utf8.RuneCount(pass)
	classes := 0
	for _, is := range []func(rune) bool{unicode.IsLower, unicode.IsUpper, unicode.IsDigit, unicode.IsSpace, unicode.IsPunct} {
		if bytes.IndexFunc(pass, is) >= 0 {
			classes++
		}
	}
	words := len(bytes.Fields(pass))
	switch {
	case n >= 20 && (words >= 4 || classes >= 3), n >= 28:
		return s.Ok.Render("Strength: strong.")
	case n >= 14 && classes >= 2:
		return s.Info.Render("Strength: fair. Longer is stronger: add another word.")
	case n >= 10:
		return s.Warn.Render("Strength: weak. Add more words.")
	}
	return s.ErrorText.Render("Strength: very weak. Use at least a few words.")
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

// Limits of a passphrase field: as many characters as the text input allowed, and
// bytes enough for any of them, so the buffer never grows.
const (
	passMaxRunes = 1024
	passMaxBytes = passMaxRunes * utf8.UTFMax
)

// passField is a masked input whose text lives in a byte buffer it overwrites, never
// in a Go string: a bubbles textinput keeps runes and hands out strings, so here it
// only draws, holding one placeholder per character typed. The buffer has a fixed
// capacity, so typing never reallocates it and leaves an old copy behind. The cursor
// stays at the end; editing is typing, backspace, delete word and delete line.
//
// What it cannot wipe: Bubble Tea delivers each key press's text, and a paste, as a
// string of its own.
type passField struct {
	buf   []byte
	runes int
	view  textinput.Model
}

func newPassField(ctx *common.Context, prompt string) *passField {
	in := textinput.New()
	in.Prompt = prompt
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.SetStyles(ctx.Styles.Input)
	in.SetWidth(40)
	in.CharLimit = passMaxRunes
	return &passField{buf: make([]byte, 0, passMaxBytes), view: in}
}

// Bytes is the passphrase typed so far, valid until the next change.
func (f *passField) Bytes() []byte { return f.buf }

func (f *passField) Focus() tea.Cmd { return f.view.Focus() }

func (f *passField) Blur() { f.view.Blur() }

func (f *passField) View() string { return f.view.View() }

// Reset overwrites the passphrase.
func (f *passField) Reset() {
	clear(f.buf[:cap(f.buf)])
	f.buf, f.runes = f.buf[:0], 0
	f.sync()
}

func (f *passField) Update(msg tea.Msg) tea.Cmd {
	km := f.view.KeyMap
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, km.DeleteCharacterBackward):
			f.truncate(f.runes - 1)
		case key.Matches(msg, km.DeleteWordBackward):
			f.truncate(f.runes - f.lastWord())
		case key.Matches(msg, km.DeleteBeforeCursor):
			f.truncate(0)
		case msg.Mod&^tea.ModShift == 0:
			f.insert(msg.Text)
		}
		f.sync()
		return nil
	case tea.PasteMsg:
		f.insert(msg.Content)
		f.sync()
		return nil
	}
	var cmd tea.Cmd
	f.view, cmd = f.view.Update(msg) // the cursor's blink
	return cmd
}

// insert appends text as the text input did: tabs and line breaks become spaces,
// other control characters are dropped, and nothing goes past the limits.
func (f *passField) insert(text string) {
	for _, r := range text {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			r = ' '
		case r == utf8.RuneError || unicode.IsControl(r):
			continue
		}
		if f.runes == passMaxRunes || len(f.buf)+utf8.RuneLen(r) > cap(f.buf) {
			return
		}
		f.buf = utf8.AppendRune(f.buf, r)
		f.runes++
	}
}

// truncate keeps the first n characters and overwrites the rest.
func (f *passField) truncate(n int) {
	n = max(n, 0)
	at := 0
	for range n {
		_, size := utf8.DecodeRune(f.buf[at:])
		at += size
	}
	clear(f.buf[at:])
	f.buf, f.runes = f.buf[:at], n
}

// lastWord counts the characters back to the start of the last word, with the
// spaces after it, as ctrl+w deleted in the text input.
func (f *passField) lastWord() int {
	n, b := 0, f.buf
	for len(b) > 0 {
		r, size := utf8.DecodeLastRune(b)
		if !unicode.IsSpace(r) {
			break
		}
		b, n = b[:len(b)-size], n+1
	}
	for len(b) > 0 {
		r, size := utf8.DecodeLastRune(b)
		if unicode.IsSpace(r) {
			break
		}
		b, n = b[:len(b)-size], n+1
	}
	return n
}

// sync makes the drawn field as long as the passphrase.
func (f *passField) sync() {
	f.view.SetValue(strings.Repeat("x", f.runes))
	f.view.CursorEnd()
}
