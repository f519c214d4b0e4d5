package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"unicode"
)

//go:embed all:template
var templateFS embed.FS

// appName is what init accepts as NAME: a folder and binary name.
var appName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)

// templateData fills the template's placeholders.
type templateData struct {
	Name, Module, AppID, Title string
}

func cmdInit(ctx context.Context, args []string, p *progress, errOut io.Writer) error {
	fs := flags("init", "init [-module PATH] [-id APP_ID] [-gotonium DIR] NAME", errOut)
	module := fs.String("module", "", "the new module's path (default: NAME)")
	id := fs.String("id", "", `the app id, a reverse-DNS name (default: "io.github.NAME")`)
	src := fs.String("gotonium", "", "use the gotonium module in this folder (a checkout) instead of the newest release")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	name := fs.Arg(0)
	if !appName.MatchString(name) {
		return fmt.Errorf("init: %q is not a usable app name: lower-case letters, digits and '-', starting with a letter", name)
	}
	d := templateData{Name: name, Module: *module, AppID: *id, Title: title(name)}
	if d.Module == "" {
		d.Module = name
	}
	if d.AppID == "" {
		d.AppID = "io.github." + strings.ReplaceAll(name, "-", "_")
	}
	if err := checkAppID(d.AppID); err != nil {
		return fmt.Errorf("init: %v", err)
	}
	dir, err := filepath.Abs(name)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("init: %s exists already", dir)
	}
	var srcDir string
	if *src != "" {
		if srcDir, err = filepath.Abs(*src); err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(srcDir, "gotoniumtest")); err != nil {
			return fmt.Errorf("init: -gotonium %s: not a gotonium checkout (no gotoniumtest folder)", *src)
		}
	}
	p.step("creating %s", dir)
	if err := writeApp(ctx, dir, d, srcDir, p, errOut); err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("init: %v", err)
	}
	p.step("done: cd %s && gotonium dev   (go test runs its end-to-end test)", name)
	return nil
}

// writeApp writes the new app into dir and resolves its dependencies: the
// gotonium checkout in srcDir, or else the newest release.
func writeApp(ctx context.Context, dir string, d templateData, srcDir string, p *progress, errOut io.Writer) error {
	if err := writeTemplate(dir, d); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "icon.png"), defaultIcon(), 0o644); err != nil {
		return err
	}
	if srcDir != "" {
		p.step("using gotonium from %s", srcDir)
		if err := goCmd(ctx, dir, errOut, "mod", "edit", "-replace", "github.com/gotonium/gotonium="+srcDir,
			"-require", "github.com/gotonium/gotonium@v0.0.0-00010101000000-000000000000"); err != nil {
			return err
		}
	} else {
		const latest = "github.com/gotonium/gotonium@latest"
		p.step("adding %s", latest)
		if err := goCmd(ctx, dir, errOut, "get", latest); err != nil {
			return fmt.Errorf("go get %s: %v (offline, or gotonium not where your GOPROXY looks? -gotonium DIR uses a checkout)", latest, err)
		}
	}
	p.step("tidying go.mod")
	if err := goCmd(ctx, dir, errOut, "mod", "tidy"); err != nil {
		return fmt.Errorf("go mod tidy: %v", err)
	}
	return nil
}

// writeTemplate writes the app template, filled with d, into a new folder dir.
func writeTemplate(dir string, d templateData) error {
	return fs.WalkDir(templateFS, "template", func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(name, "template"), "/")
		target := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(rel, ".tmpl")))
		if path.Base(rel) == "gitignore.tmpl" {
			target = filepath.Join(filepath.Dir(target), ".gitignore")
		}
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		text, err := templateFS.ReadFile(name)
		if err != nil {
			return err
		}
		t, err := template.New(rel).Delims("{{", "}}").Parse(string(text))
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			return err
		}
		return os.WriteFile(target, b.Bytes(), 0o644)
	})
}

// title makes a window title of an app name: "my-notes" → "My Notes".
func title(name string) string {
	words := strings.Split(name, "-")
	for i, w := range words {
		if w != "" {
			r := []rune(w)
			r[0] = unicode.ToUpper(r[0])
			words[i] = string(r)
		}
	}
	return strings.Join(words, " ")
}

// checkAppID checks an app id as gotonium.SetAppID does.
func checkAppID(id string) error {
	parts := strings.Split(id, ".")
	if len(parts) < 2 || len(id) > 255 {
		return fmt.Errorf("app id %q: two or more dot-separated elements", id)
	}
	for _, part := range parts {
		if part == "" || (part[0] >= '0' && part[0] <= '9') {
			return fmt.Errorf("app id %q: an element is empty or starts with a digit", id)
		}
		for _, r := range part {
			if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return fmt.Errorf("app id %q: %q is not allowed (ASCII letters, digits, '_' and '-')", id, r)
			}
		}
	}
	return nil
}

// goCmd runs the go command in dir; its output goes to errOut.
func goCmd(ctx context.Context, dir string, errOut io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Stdout = errOut
	cmd.Stderr = errOut
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return errors.New("the go command is not on PATH")
		}
		return err
	}
	return nil
}

// defaultIcon is the template's icon: a 256×256 PNG, a rounded blue square
// with a white check mark, for the app to replace.
func defaultIcon() []byte {
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	blue := color.NRGBA{0x2f, 0x6f, 0xde, 0xff}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			// A square with corners rounded by 40 px.
			cx, cy := clamp(x, 48, n-49), clamp(y, 48, n-49)
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy <= 40*40 && x >= 8 && y >= 8 && x < n-8 && y < n-8 {
				img.SetNRGBA(x, y, blue)
			}
		}
	}
	// The check mark: two thick strokes.
	stroke := func(x0, y0, x1, y1 int) {
		for i := 0; i <= 200; i++ {
			x, y := x0+(x1-x0)*i/200, y0+(y1-y0)*i/200
			for dy := -12; dy <= 12; dy++ {
				for dx := -12; dx <= 12; dx++ {
					if dx*dx+dy*dy <= 144 {
						img.SetNRGBA(x+dx, y+dy, color.NRGBA{0xff, 0xff, 0xff, 0xff})
					}
				}
			}
		}
	}
	stroke(70, 130, 112, 176)
	stroke(112, 176, 190, 86)
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
