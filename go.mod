module github.com/gotonium/gotonium

go 1.23

require (
	github.com/fsnotify/fsnotify v1.10.1
	github.com/godbus/dbus/v5 v5.2.4
)

require golang.org/x/sys v0.27.0 // indirect
