package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version is tact's release. Builds from a checkout say "dev" after it.
const Version = "0.1.0"

func version(ctx context.Context, env Env, args []string) error {
	build := "dev"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		build = info.Main.Version
	}
	fmt.Fprintf(env.Stdout, "tact %s (%s, %s %s/%s)\n", Version, build, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
