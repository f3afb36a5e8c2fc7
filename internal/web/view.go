package web

import (
	"strings"

	"github.com/tactcrm/tact/internal/timeline"
)

// WithData returns the page with other data, for a partial template that
// reads part of a page's data as its own.
func (p page) WithData(d any) page {
	p.Data = d
	return p
}

// entryView is a timeline entry as a line of the page reads it.
type entryView struct {
	Title, Detail, Actor string
}

// Entry words a timeline entry in the page's language.
func (l Lang) Entry(e timeline.Entry) entryView {
	switch {
	case e.Interaction != nil:
		it := e.Interaction
		return entryView{
			Title:  l.Enum("channel", it.Channel) + ", " + l.Enum("direction", it.Direction) + ", " + l.Enum("purpose", it.Purpose) + " : " + l.Enum("outcome", it.Outcome),
			Detail: it.Summary, Actor: it.Actor}
	case e.Event != nil:
		ev := e.Event
		title := l.Enum("event", ev.Kind)
		if len(ev.Fields) > 0 {
			title += " (" + strings.Join(ev.Fields, ", ") + ")"
		}
		return entryView{Title: title, Actor: ev.Actor.Name}
	case e.CaseEvent != nil:
		ce := e.CaseEvent
		title := l.Enum("caseev", ce.Kind)
		if ce.ToStatus != "" {
			title += " → " + l.Enum("case", ce.ToStatus)
		}
		return entryView{Title: title, Detail: ce.Text, Actor: ce.Actor.Name}
	case e.Promise != nil:
		pe := e.Promise
		title := l.Enum("promiseev", pe.Kind)
		if pe.ToStatus != "" {
			title += " → " + l.Enum("promise", pe.ToStatus)
		}
		return entryView{Title: title, Detail: pe.Text, Actor: pe.Actor.Name}
	}
	return entryView{Title: string(e.Kind)}
}
