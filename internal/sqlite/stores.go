package sqlite

import (
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
)

// Stores returns every store of db, for app.New.
func (db *DB) Stores() app.Stores {
	var facts contactpolicy.FactsStore = NewFactsStore(db)
	if db.base != nil {
		facts = db.base
	}
	return app.Stores{
		Customers:     NewCustomerStore(db),
		Interactions:  NewInteractionStore(db),
		Timeline:      NewTimelineStore(db),
		Catalog:       NewCatalogStore(db),
		Offers:        NewOfferStore(db),
		Campaigns:     NewCampaignStore(db),
		Bills:         NewBillStore(db),
		Access:        NewAccessStore(db),
		Cases:         NewCaseStore(db),
		Commitments:   NewCommitmentStore(db),
		Deliveries:    NewDeliveryStore(db),
		Decisions:     NewDecisionStore(db),
		Surveys:       NewDecisionStore(db),
		Responses:     NewDecisionStore(db),
		Facts:         facts,
		Notices:       NewNoticeStore(db),
		Cancellations: NewCancellationStore(db),
		Consents:      NewConsentStore(db),
		Sessions:      NewSessionStore(db),
		Audit:         NewAuditStore(db),
		Quality:       NewQualityStore(db),
		Space:         NewSpaceStore(db),
		Attempts:      NewAttemptStore(db),
		Meta:          db,
		Health:        db,
	}
}
