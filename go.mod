module github.com/gotonium/gotonium

go 1.22
