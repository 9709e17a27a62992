package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	texttemplate "text/template"

	"github.com/foliohq/folio/portfolio/calendar"
	"github.com/foliohq/folio/portfolio/document"
	"github.com/foliohq/folio/portfolio/inert"
	"github.com/foliohq/folio/templates"
)

// streamDoc is what the Markdown template reads of a streamed document: a
// document.Doc's fields, with each section's blocks read as the template reaches
// them, so the records of a batch are drawn and let go before the next is read.
type streamDoc struct {
	Title, Subtitle string
	Generated       calendar.Date
	Sections        []streamSection
}

type streamSection struct {
	Heading string
	Blocks  iter.Seq[document.Block]
}

// errStopped ends a walk of the records when the template stops reading them.
var errStopped = errors.New("stopped")

// MarkdownTo writes s as Markdown to w, the same bytes Render writes for
// s.Whole(), holding one batch of its records at a time: the template draws
// each record as it is read, and the blank lines are tidied as the text goes
// out. What was written before an error stays written: a caller that must
// write all or nothing writes to a pending file (interchange.WriteStreamAtomic).
func MarkdownTo(w io.Writer, s document.Streamed) error {
	p := newMarkdown().Parser()
	text := func(v string) string { return noRawHTML(p, inert.Text(v)) }
	d := mapDoc(s.Doc, text)
	var recErr error
	data := streamDoc{Title: d.Title, Subtitle: d.Subtitle, Generated: d.Generated}
	for i, sec := range d.Sections {
		blocks := sec.Blocks
		if i != s.At {
			data.Sections = append(data.Sections, streamSection{Heading: sec.Heading, Blocks: func(yield func(document.Block) bool) {
				for _, b := range blocks {
					if !yield(b) {
						return
					}
				}
			}})
			continue
		}
		data.Sections = append(data.Sections, streamSection{Heading: sec.Heading, Blocks: func(yield func(document.Block) bool) {
			for _, b := range blocks {
				if !yield(b) {
					return
				}
			}
			err := s.Records(func(bs []document.Block) error {
				for _, b := range bs {
					if !yield(drawn(mapBlock(b, text))) {
						return errStopped
					}
				}
				return nil
			})
			if err != nil && !errors.Is(err, errStopped) {
				recErr = err
			}
		}})
	}
	t, err := templates.MarkdownExport(texttemplate.FuncMap{
		"inc": inc, "date": dateIn(d), "oneline": oneLine, "indent": indent, "mdtable": mdTable,
		"hardbreaks": HardBreaks, "literal": LiteralLine, "textchart": textChart,
	})
	if err != nil {
		return fmt.Errorf("the Markdown export template is broken: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	tw := &tidyWriter{w: bw}
	if err := t.Execute(tw, data); err != nil {
		return err
	}
	if recErr != nil {
		return recErr
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// tidyWriter is tidy as the text is written: it holds the line not yet ended
// and how many blank lines came before it, not the whole document.
type tidyWriter struct {
	w       io.Writer
	line    []byte
	started bool
	blank   int
	err     error
}

func (t *tidyWriter) Write(b []byte) (int, error) {
	n := len(b)
	for t.err == nil {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			t.line = append(t.line, b...)
			break
		}
		if len(t.line) > 0 {
			t.line = append(t.line, b[:i]...)
			t.end(t.line)
			t.line = t.line[:0]
		} else {
			t.end(b[:i])
		}
		b = b[i+1:]
	}
	if t.err != nil {
		return 0, t.err
	}
	return n, nil
}

// end writes one whole line, as tidy does.
func (t *tidyWriter) end(line []byte) {
	hard := bytes.HasSuffix(line, []byte("  "))
	line = bytes.TrimRight(line, " \t")
	if len(line) == 0 {
		t.blank++
		return
	}
	if t.started {
		t.write([]byte("\n"))
		if t.blank > 0 {
			t.write([]byte("\n"))
		}
	}
	t.started, t.blank = true, 0
	t.write(line)
	if hard {
		t.write([]byte("  "))
	}
}

func (t *tidyWriter) write(b []byte) {
	if t.err == nil {
		_, t.err = t.w.Write(b)
	}
}

// Close ends the last line and the file with one newline.
func (t *tidyWriter) Close() error {
	t.end(t.line)
	t.line = nil
	t.write([]byte("\n"))
	return t.err
}
