package main

import (
	"os"
	"time"
	_ "time/tzdata" // engagement zones load by name on any machine
)

func main() {
	a := &app{out: os.Stdout, errOut: os.Stderr, now: time.Now}
	os.Exit(a.run(os.Args[1:]))
}
