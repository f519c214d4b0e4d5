package gotonium

import (
	"bytes"
	"fmt"
	"os"

	"github.com/gotonium/gotonium/internal/bind"
)

// GenerateTypescriptDefinitions writes a TypeScript declaration file (.d.ts)
// for this instance's pages: the bound functions, typed from their Go
// signatures (structs become interfaces, slices arrays, maps Records; every
// function returns a Promise), appState, the built-in Gotonium.window and
// Gotonium.dialog, the ready flags and the ready events, for both Gotonium
// and Pytonium. Parameters are named as the Params and ParamsFor options
// named them when the functions were bound, and arg1, arg2, … (...args for
// a variadic rest) otherwise.
func (p *Instance) GenerateTypescriptDefinitions(filename string) error {
	if filename == "" {
		return fmt.Errorf("%w: GenerateTypescriptDefinitions: empty file name", ErrInvalidArgument)
	}
	p.mu.Lock()
	t := &p.bindings
	namespaces := make([]bind.Namespace, 0, len(t.objects))
	for _, o := range t.objects {
		ns := bind.Namespace{Name: o}
		for _, n := range t.order[o] {
			ns.Funcs = append(ns.Funcs, t.funcs[o][n].fn)
		}
		namespaces = append(namespaces, ns)
	}
	p.mu.Unlock()
	var buf bytes.Buffer
	if err := bind.WriteTypeScript(&buf, namespaces); err != nil {
		return fmt.Errorf("gotonium: TypeScript definitions: %w", err)
	}
	if err := os.WriteFile(filename, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("gotonium: TypeScript definitions: %w", err)
	}
	return nil
}
