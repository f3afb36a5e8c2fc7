package tact

// OS is a device's operating system family; device offers respect it
// (story 4: no LG phone for an iPhone owner).
type OS string

// Operating systems.
const (
	IOS     OS = "ios"
	Android OS = "android"
	OtherOS OS = "other"
)

// Valid reports whether o is a known OS family.
func (o OS) Valid() bool { return o == IOS || o == Android || o == OtherOS }
