package gotonium

import (
	"encoding/json"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/gotonium/gotonium/internal/jsruntime"
)

// A StateHandler learns about state changes that pages make (see
// AddStateHandler). If it also has a method RemoveState(namespace, key
// string), removals call that; otherwise they call UpdateState with a nil
// value.
type StateHandler interface {
	UpdateState(namespace, key string, value any)
}

// StateHandlerFunc adapts a func to StateHandler.
type StateHandlerFunc func(namespace, key string, value any)

// UpdateState calls f.
func (f StateHandlerFunc) UpdateState(namespace, key string, value any) { f(namespace, key, value) }

type stateRemover interface {
	RemoveState(namespace, key string)
}

type stateHandler struct {
	h          StateHandler
	namespaces map[string]bool
}

// stateStore is a namespaced key-value store kept in Go, as JSON text. Every
// instance has one of its own unless it shares another's.
type stateStore struct {
	mu      sync.Mutex
	data    map[string]map[string]string
	members map[*Instance]bool
}

func newStateStore() *stateStore {
	return &stateStore{data: map[string]map[string]string{}, members: map[*Instance]bool{}}
}

// stateStore returns the instance's store, making it on first use.
func (p *Instance) stateStore() *stateStore {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.store == nil {
		p.store = newStateStore()
		p.store.mu.Lock()
		p.store.members[p] = true
		p.store.mu.Unlock()
	}
	return p.store
}

// snapshot copies the store for a page's start script.
func (s *stateStore) snapshot() map[string]map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]map[string]string, len(s.data))
	for ns, m := range s.data {
		c := make(map[string]string, len(m))
		for k, v := range m {
			c[k] = v
		}
		out[ns] = c
	}
	return out
}

// set stores (value non-nil) or removes (nil) a key and tells every window
// using the store. from is the window whose page made the change, or nil
// when Go made it: page changes also go to the Go handlers.
func (s *stateStore) set(ns, key string, value *string, from *browser) {
	s.mu.Lock()
	if value != nil {
		m := s.data[ns]
		if m == nil {
			m = map[string]string{}
			s.data[ns] = m
		}
		m[key] = *value
	} else if m := s.data[ns]; m != nil {
		delete(m, key)
		if len(m) == 0 {
			delete(s.data, ns)
		}
	}
	members := make([]*Instance, 0, len(s.members))
	for p := range s.members {
		members = append(members, p)
	}
	s.mu.Unlock()

	script := jsruntime.Receive(ns, key, value, from == nil)
	for _, p := range members {
		b := p.current()
		if b != nil {
			b.stale.Store(true) // the next page gets the store as it is then
			if b != from {      // the page that made the change has it already
				b.run(script)
			}
		}
		if from != nil {
			p.notifyHandlers(ns, key, value)
		}
	}
}

// notifyHandlers queues the Go handlers for a change a page made.
func (p *Instance) notifyHandlers(ns, key string, value *string) {
	p.mu.Lock()
	var hs []StateHandler
	for _, h := range p.handlers {
		if h.namespaces[ns] {
			hs = append(hs, h.h)
		}
	}
	p.mu.Unlock()
	for _, h := range hs {
		h := h
		if value == nil {
			if r, ok := h.(stateRemover); ok {
				callbacks.push(func() { r.RemoveState(ns, key) })
				continue
			}
		}
		callbacks.push(func() {
			var v any
			if value != nil {
				if err := json.Unmarshal([]byte(*value), &v); err != nil {
					log().Error("gotonium: state value from the page", "namespace", ns, "key", key, "error", err)
				}
			}
			h.UpdateState(ns, key, v)
		})
	}
}

// AddStateHandler registers h for the given namespaces. It is called, on the
// pumping goroutine, for every change that a page makes with
// Gotonium.appState.setState or removeState in those namespaces — in any
// window that uses this instance's store (see ShareStateWith). Changes made
// from Go with SetState or RemoveState do not reach handlers, as in Pytonium.
// Handlers may be added before or after the window opens.
func (p *Instance) AddStateHandler(h StateHandler, namespaces []string) error {
	if h == nil {
		return fmt.Errorf("%w: AddStateHandler: nil handler", ErrInvalidArgument)
	}
	if len(namespaces) == 0 {
		return fmt.Errorf("%w: AddStateHandler: no namespaces", ErrInvalidArgument)
	}
	set := map[string]bool{}
	for _, ns := range namespaces {
		if ns == "" || !utf8.ValidString(ns) {
			return fmt.Errorf("%w: AddStateHandler: namespace %q is empty or not valid UTF-8", ErrInvalidArgument, ns)
		}
		set[ns] = true
	}
	p.mu.Lock()
	p.handlers = append(p.handlers, stateHandler{h: h, namespaces: set})
	p.mu.Unlock()
	return nil
}

// SetState stores value (anything encoding/json can encode) under namespace
// and key, and sends it to the pages of every window using the store: their
// getState returns it at once, subscriptions with getUpdatesFromPytonium fire,
// and pages loaded later (reloads, navigation) start with it. It works before
// the window opens too.
func (p *Instance) SetState(namespace, key string, value any) error {
	if namespace == "" || key == "" || !utf8.ValidString(namespace) || !utf8.ValidString(key) {
		return fmt.Errorf("%w: SetState: namespace and key must be non-empty valid UTF-8", ErrInvalidArgument)
	}
	js, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("%w: SetState(%q, %q): %v", ErrInvalidArgument, namespace, key, err)
	}
	v := string(js)
	p.stateStore().set(namespace, key, &v, nil)
	return nil
}

// GetState returns the value stored under namespace and key, as
// encoding/json decodes it into an any (numbers are float64), and whether
// there is one.
func (p *Instance) GetState(namespace, key string) (any, bool) {
	s := p.stateStore()
	s.mu.Lock()
	js, ok := s.data[namespace][key]
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	var v any
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		return nil, false
	}
	return v, true
}

// RemoveState deletes the value under namespace and key and tells the pages:
// subscriptions with getUpdatesFromPytonium fire with value null.
func (p *Instance) RemoveState(namespace, key string) error {
	if namespace == "" || key == "" {
		return fmt.Errorf("%w: RemoveState: namespace and key must not be empty", ErrInvalidArgument)
	}
	p.stateStore().set(namespace, key, nil, nil)
	return nil
}

// ShareStateWith makes this instance use other's state store, so that a
// change made in either window (by its page or from Go) reaches both pages
// and the Go handlers of both instances. Values this instance had stored are
// copied over where the shared store has none.
func (p *Instance) ShareStateWith(other *Instance) error {
	if other == nil || other == p {
		return fmt.Errorf("%w: ShareStateWith needs another instance", ErrInvalidArgument)
	}
	shared, own := other.stateStore(), p.stateStore()
	if shared == own {
		return nil
	}
	for ns, m := range own.snapshot() {
		for k, v := range m {
			shared.mu.Lock()
			if shared.data[ns] == nil {
				shared.data[ns] = map[string]string{}
			}
			if _, ok := shared.data[ns][k]; !ok {
				shared.data[ns][k] = v
			}
			shared.mu.Unlock()
		}
	}
	own.mu.Lock()
	delete(own.members, p)
	own.mu.Unlock()
	shared.mu.Lock()
	shared.members[p] = true
	shared.mu.Unlock()
	p.mu.Lock()
	p.store = shared
	b := p.b
	p.mu.Unlock()
	if b != nil && b.isOpen() {
		b.refreshScripts()
	}
	return nil
}
