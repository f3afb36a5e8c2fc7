package tact

import "context"

// ActorKind says what kind of party acts.
type ActorKind string

// Actor kinds.
const (
	ActorToken    ActorKind = "token"    // an operator system holding an API token
	ActorUser     ActorKind = "user"     // a person signed in: advisor, supervisor, admin
	ActorCustomer ActorKind = "customer" // the customer in their own space
	ActorSystem   ActorKind = "system"   // tact itself: jobs, the demo builder, the CLI
)

// Actor is who did something, recorded on every event. Name is for people to
// read ("dialer", "Marie Dubois").
type Actor struct {
	Kind ActorKind `json:"kind"`
	ID   string    `json:"id"`
	Name string    `json:"name"`
	// OnBehalfOf is the user a system acts for: a CRM front end holds the
	// token, the advisor at the screen is the person who acts.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
}

// UserID returns the person behind the actor: the user signed in, or the user
// a system acts for; "" when no person acts.
func (a Actor) UserID() string {
	if a.Kind == ActorUser {
		return a.ID
	}
	return a.OnBehalfOf
}

// String returns "kind:name".
func (a Actor) String() string { return string(a.Kind) + ":" + a.Name }

type actorKey struct{}

// WithActor returns ctx carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx, or the system actor if none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: ActorSystem, ID: "system", Name: "tact"}
}
