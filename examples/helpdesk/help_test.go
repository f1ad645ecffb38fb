package main

import (
	"os/exec"
	"strings"
	"testing"
)

// -h prints the usage with every flag and exits 0, doing nothing else.
func TestHelp(t *testing.T) {
	out, err := exec.Command("go", "run", ".", "-h").CombinedOutput()
	if err != nil {
		t.Fatalf("go run . -h: %v\n%s", err, out)
	}
	text := string(out)
	if !strings.HasPrefix(text, "usage: go run ./examples/helpdesk") {
		t.Errorf("-h does not start with the usage line:\n%s", text)
	}
	for _, want := range []string{"-addr", "-store", "-dir", "-engagement", "-zone", "-hours"} {
		if !strings.Contains(text, want) {
			t.Errorf("-h does not mention %s:\n%s", want, text)
		}
	}
}
