package customer

import "testing"

func TestAddressLabel(t *testing.T) {
	fr := &Address{Lines: []string{"12 rue des Lilas", "Bât. B"}, PostalCode: "29200", City: "Brest", Country: "FR"}
	if got, want := fr.Label("Mme Annick Le Brusq"), "Mme Annick Le Brusq\n12 rue des Lilas\nBât. B\n29200 Brest\nFR"; got != want {
		t.Errorf("French label:\n%s\nwant\n%s", got, want)
	}
	qc := &Address{Lines: []string{"455 rue Saint-Jean"}, PostalCode: "G1R 1P3", City: "Québec", Region: "QC", Country: "CA"}
	if got, want := qc.Label("M. Réjean Tardif"), "M. Réjean Tardif\n455 rue Saint-Jean\nQuébec QC  G1R 1P3\nCA"; got != want {
		t.Errorf("Québec label:\n%s\nwant\n%s", got, want)
	}
}
