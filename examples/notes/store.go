package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Note is one note. Bound functions take and return it; the json tags are
// the field names the pages see (note.id, note.title, …).
type Note struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Body     string    `json:"body"`
	Modified time.Time `json:"modified"` // an ISO 8601 string in the page
}

// Summary is what the list window shows of a note. The list lives in the
// shared state, so it leaves the bodies out.
type Summary struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Preview  string    `json:"preview"`
	Modified time.Time `json:"modified"`
}

// Store keeps the notes in memory and in one JSON file, rewritten on every
// change. It is safe for concurrent use: bound functions that open dialogs
// run on goroutines of their own.
type Store struct {
	mu    sync.Mutex
	path  string
	notes map[string]Note
}

// maxBody bounds a note's text (and a file to import): this is a notes app.
const maxBody = 1 << 20

// OpenStore reads the notes from path. A missing file is no error: the store
// starts with a welcome note, and the file (and its folder) is created at the
// first change.
func OpenStore(path string) (*Store, error) {
	s := &Store{path: path, notes: map[string]Note{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		n := Note{ID: newID(), Title: "Welcome", Body: welcome, Modified: time.Now()}
		s.notes[n.ID] = n
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	var notes []Note
	if err := json.Unmarshal(data, &notes); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, n := range notes {
		s.notes[n.ID] = n
	}
	return s, nil
}

// Get returns the note with the given id.
func (s *Store) Get(id string) (Note, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	if !ok {
		return Note{}, fmt.Errorf("there is no note %q (deleted?)", id)
	}
	return n, nil
}

// Save stores n and returns it as stored: a new id when n.ID is "", a title
// when it has none, and the time of the change. It fails, changing nothing,
// when the note was deleted meanwhile or the file cannot be written.
func (s *Store) Save(n Note) (Note, error) {
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" {
		n.Title = "Untitled"
	}
	if len(n.Body) > maxBody {
		return Note{}, fmt.Errorf("the note is too long (%d bytes, at most %d)", len(n.Body), maxBody)
	}
	n.Modified = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.notes[n.ID]
	switch {
	case n.ID == "":
		n.ID = newID()
	case !exists:
		return Note{}, fmt.Errorf("the note %q was deleted", n.Title)
	}
	s.notes[n.ID] = n
	if err := s.write(); err != nil {
		if exists {
			s.notes[n.ID] = old
		} else {
			delete(s.notes, n.ID)
		}
		return Note{}, err
	}
	return n, nil
}

// Delete removes the note with the given id.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.notes[id]
	if !ok {
		return nil // deleted already
	}
	delete(s.notes, id)
	if err := s.write(); err != nil {
		s.notes[id] = old
		return err
	}
	return nil
}

// List returns the notes, the most recently changed first.
func (s *Store) List() []Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := make([]Summary, 0, len(s.notes))
	for _, n := range s.notes {
		list = append(list, Summary{ID: n.ID, Title: n.Title, Preview: preview(n.Body), Modified: n.Modified})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Modified.After(list[j].Modified) })
	return list
}

// write saves all notes to the file: to a temporary file first, renamed over
// the old one, so that a crash never leaves half a file. s.mu is held.
func (s *Store) write() error {
	notes := make([]Note, 0, len(s.notes))
	for _, n := range s.notes {
		notes = append(notes, n)
	}
	sort.Slice(notes, func(i, j int) bool { return notes[i].ID < notes[j].ID })
	data, err := json.MarshalIndent(notes, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, s.path)
}

// preview is the start of a note's text, on one line.
func preview(body string) string {
	body = strings.Join(strings.Fields(body), " ")
	if r := []rune(body); len(r) > 80 {
		body = string(r[:80]) + "…"
	}
	return body
}

func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

const welcome = `This is a note. Edit it here: changes are saved a moment after you stop typing, and at once with Ctrl+S.

In the list window:
- New makes a note, Open… imports Markdown or text files, Delete asks first.
- Right-click a note to open or delete it.
- The menu bar has the same commands, with Alt+letter mnemonics and Ctrl shortcuts.

In this window, drag the title bar to move it, and use "Save as…" to write the note to a file.`
