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
	// seq numbers the changes; log keeps the latest ones (at most
	// logBytes of values) for pages that catch up (since).
	seq      uint64
	log      []loggedChange
	logBytes int
}

// loggedChange is a change as pages get it, and the window whose page made
// it (nil: Go).
type loggedChange struct {
	jsruntime.Change
	from *browser
}

// maxLogBytes bounds the values the change log keeps; a page that is further
// behind gets the whole store instead.
const maxLogBytes = 4 << 20

func newStateStore() *stateStore {
	return &stateStore{data: map[string]map[string]string{}, members: map[*Instance]bool{}}
}

// stateSeq is the number of the last change of the instance's store.
func (p *Instance) stateSeq() uint64 {
	s := p.stateStore()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
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
	data, _ := s.snapshotSeq()
	return data
}

// snapshotSeq copies the store and returns the number of its last change.
func (s *stateStore) snapshotSeq() (map[string]map[string]string, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.copyLocked(), s.seq
}

// since answers a page's catch-up: the changes after seq, except those the
// asking window's current page made itself (it has them), or the whole store
// when the log does not reach back that far.
func (s *stateStore) since(seq uint64, b *browser, ownAfter uint64) jsruntime.SyncReply {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := jsruntime.SyncReply{Seq: s.seq, Changes: []jsruntime.Change{}}
	if seq == s.seq {
		return r
	}
	// seq > s.seq: the page has numbers of another store (one restored from
	// the back/forward cache after ShareStateWith, say): it gets the whole
	// store below.
	if len(s.log) == 0 || s.log[0].Seq > seq+1 || seq > s.seq {
		r.Changes, r.Snapshot = nil, s.copyLocked()
		return r
	}
	for _, c := range s.log {
		if c.Seq <= seq || (c.from == b && c.Seq > ownAfter) {
			continue
		}
		r.Changes = append(r.Changes, c.Change)
	}
	return r
}

func (s *stateStore) copyLocked() map[string]map[string]string {
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

// stateChange is one change: a value (JSON text) for a key, or nil to
// remove it.
type stateChange struct {
	ns, key string
	value   *string
}

// set stores (value non-nil) or removes (nil) a key and tells every window
// using the store; see apply.
func (s *stateStore) set(ns, key string, value *string, from *browser) {
	s.apply([]stateChange{{ns, key, value}}, from)
}

// apply makes changes in order and tells every window using the store, with
// one script per window for the lot. from is the window whose page made the
// changes, or nil when Go made them: page changes also go to the Go
// handlers. The cost is that of the changes, not of the store: pages loaded
// later get the store when they start (browser.StartScripts).
func (s *stateStore) apply(changes []stateChange, from *browser) {
	if len(changes) == 0 {
		return
	}
	s.mu.Lock()
	list := make([]jsruntime.Change, len(changes))
	for i, c := range changes {
		s.seq++
		list[i] = jsruntime.Change{Seq: s.seq, NS: c.ns, Key: c.key, Value: c.value, FromGo: from == nil}
		s.log = append(s.log, loggedChange{list[i], from})
		s.logBytes += len(c.ns) + len(c.key) + 64
		if c.value != nil {
			s.logBytes += len(*c.value)
		}
		if c.value != nil {
			m := s.data[c.ns]
			if m == nil {
				m = map[string]string{}
				s.data[c.ns] = m
			}
			m[c.key] = *c.value
		} else if m := s.data[c.ns]; m != nil {
			delete(m, c.key)
			if len(m) == 0 {
				delete(s.data, c.ns)
			}
		}
	}
	for s.logBytes > maxLogBytes && len(s.log) > 1 {
		old := s.log[0]
		s.logBytes -= len(old.NS) + len(old.Key) + 64
		if old.Value != nil {
			s.logBytes -= len(*old.Value)
		}
		s.log[0] = loggedChange{}
		s.log = s.log[1:]
	}
	members := make([]*Instance, 0, len(s.members))
	for p := range s.members {
		members = append(members, p)
	}
	s.mu.Unlock()

	script := jsruntime.ReceiveAll(list)
	if len(list) == 1 {
		script = jsruntime.Receive(list[0])
	}
	for _, p := range members {
		b := p.current()
		if b != nil {
			b.stale.Store(true) // the next page gets the store as it is then
			if b != from {      // the page that made the change has it already
				b.run(script)
			}
		}
		if from != nil {
			for _, c := range changes {
				p.notifyHandlers(c.ns, c.key, c.value)
			}
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
		data, seq := shared.snapshotSeq()
		b.run(jsruntime.ResetScript(data, seq)) // its changes are numbered anew
	}
	return nil
}
