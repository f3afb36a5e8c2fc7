package postgres

import "github.com/tactcrm/tact/internal/app"

// Stores returns every store of db, for app.New.
func (db *DB) Stores() app.Stores {
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
		Facts:         NewFactsStore(db),
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
