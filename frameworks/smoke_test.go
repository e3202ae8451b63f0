package frameworks
import "testing"
func TestSmoke(t *testing.T){ _, err := Embedded(); if err != nil { t.Fatal(err) } }
