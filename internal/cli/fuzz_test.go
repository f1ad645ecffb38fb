package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzConfig feeds any bytes to the config loader (comments stripped, the
// JSON decoded strictly, the failing key located by line): it never
// panics, every error names the file, and what loads encodes as
// "hypercare init" writes it and loads again to the same config.
func FuzzConfig(f *testing.F) {
	f.Add([]byte(smallConfig))
	f.Add([]byte(strings.Replace(smallConfig, `"days": 14`, `"days": "14"`, 1)))
	f.Add([]byte(strings.Replace(smallConfig, `"roster": "main"`, `"roster": "main", "colour": "red"`, 1)))
	f.Add([]byte("// only a comment\n"))
	f.Add([]byte(`{"store": "s", "business": {"location": "UTC", "spec": "Mon 09:00-10:00"}}`))
	f.Add([]byte("{} {}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "hypercare.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := loadConfig(path)
		if err != nil {
			if !strings.Contains(err.Error(), "hypercare.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		enc, err := encodeConfig(c)
		if err != nil {
			t.Fatalf("a loaded config does not encode: %v", err)
		}
		if err := os.WriteFile(path, enc, 0o644); err != nil {
			t.Fatal(err)
		}
		again, err := loadConfig(path)
		if err != nil {
			t.Fatalf("the encoded config does not load: %v\n%s", err, enc)
		}
		enc2, err := encodeConfig(again)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("the config changed on a round trip:\n%s\nthen\n%s", enc, enc2)
		}
	})
}

// FuzzParseTime feeds any string to the TIME flag's parser: it never
// panics, and a time it reads, given back in RFC 3339 (in UTC: the zone's year may pass 9999), reads as the same
// instant.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-03-09T08:00:00+01:00", "2026-03-09 08:00", "2026-03-29 02:30", "2026-10-25 02:30", "", "2026-13-01 00:00", "9999-12-31T23:59:59.999999999Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseTime(s, berlin)
		if err != nil {
			if !strings.Contains(err.Error(), "time") {
				t.Fatalf("error %q does not say what it read", err)
			}
			return
		}
		if got.Location() != berlin {
			t.Fatalf("parseTime(%q) = %v, not in the zone asked for", s, got)
		}
		again, err := parseTime(got.UTC().Format(time.RFC3339Nano), berlin)
		if err != nil || !again.Equal(got) {
			t.Fatalf("parseTime(%q) = %v; read back from %q: %v, %v", s, got, got.UTC().Format(time.RFC3339Nano), again, err)
		}
	})
}
