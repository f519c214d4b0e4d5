module github.com/gotonium/gotonium/cmd/gotonium

go 1.24

require (
	github.com/fsnotify/fsnotify v1.10.1 // indirect
	golang.org/x/sys v0.13.0 // indirect
)
