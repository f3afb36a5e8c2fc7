package tact_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainImportsNoIO keeps the layering of DESIGN.md §6: domain packages
// hold words and rules, and reach no network, database or template package,
// so a rule can be tested and run anywhere (one decision or ten million).
func TestDomainImportsNoIO(t *testing.T) {
	domain := []string{"tact", "customer", "catalog", "interaction", "timeline", "access", "calendar", "cases", "commitment", "delivery", "brief", "wording", "contactpolicy", "survey", "offer", "campaign", "catalogfile", "notice", "billing", "lifecycle", "session", "audit", "quality", "factbase"}
	forbidden := map[string]bool{"net": true, "net/http": true, "database/sql": true, "html/template": true, "os/exec": true}
	for _, pkg := range domain {
		out, err := exec.Command("go", "list", "-deps", "github.com/tactcrm/tact/internal/"+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if forbidden[dep] {
				t.Errorf("domain package %s depends on %s", pkg, dep)
			}
			if strings.HasPrefix(dep, "github.com/tactcrm/tact/internal/") {
				name := strings.TrimPrefix(dep, "github.com/tactcrm/tact/internal/")
				switch name {
				case "sqlite", "postgres", "api", "server", "cli", "app", "web", "demo", "mail", "document":
					t.Errorf("domain package %s depends on %s", pkg, name)
				}
			}
		}
	}
}
