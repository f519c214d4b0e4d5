package gotonium

import (
	"github.com/gotonium/gotonium/internal/engine"
	"github.com/gotonium/gotonium/internal/webkitgtk"
)

func defaultEngine() engine.Engine { return webkitgtk.New() }
