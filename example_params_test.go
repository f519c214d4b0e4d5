package gotonium_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/gotonium/gotonium"
)

type Note struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

type NoteStore struct{}

func (*NoteStore) Load(path string) (Note, error)        { return Note{}, nil }
func (*NoteStore) Save(n Note, path string) error        { return nil }
func (*NoteStore) Tag(path string, tags ...string) error { return nil }

// Parameter names for the generated TypeScript: Params for one function,
// ParamsFor for the functions that one call binds together. Functions
// without names keep arg1, arg2, ….
func ExampleParams() {
	p := gotonium.New()
	save := func(n Note, path string) error { return nil }
	if err := p.BindFunction(save, "save", "notes", gotonium.Params("note", "path")); err != nil {
		log.Fatal(err)
	}
	if err := p.BindObjectMethods(&NoteStore{}, []string{"load", "save", "tag"}, "store",
		gotonium.ParamsFor("save", "note", "path"),
		gotonium.ParamsFor("tag", "path", "tags")); err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "gotonium-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dts := filepath.Join(dir, "gotonium.d.ts")
	if err := p.GenerateTypescriptDefinitions(dts); err != nil {
		log.Fatal(err)
	}
	decl, err := os.ReadFile(dts)
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(string(decl), "\n") {
		if strings.Contains(line, "(note") || strings.Contains(line, "(arg1") || strings.Contains(line, "(path") {
			fmt.Println(strings.TrimSpace(line))
		}
	}

	// A name per parameter, or the call fails and binds nothing.
	err = p.BindFunction(save, "saveAs", "notes", gotonium.Params("note"))
	fmt.Println(err)
	// Output:
	// function save(note: Note, path: string): Promise<void>;
	// function load(arg1: string): Promise<Note>;
	// function save(note: Note, path: string): Promise<void>;
	// function tag(path: string, ...tags: string[]): Promise<void>;
	// gotonium: invalid argument: BindFunction: bind: saveAs: 1 parameter name for 2 parameters (gotonium_test.Note, string)
}
