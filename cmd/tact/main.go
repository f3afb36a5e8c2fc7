// Command tact is the customer-relationship memory and conscience of a telecom
// operator: one binary for the API server, the demo and the batch commands.
// Run "tact help".
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	// Time zone rules travel in the binary, so contact hours are right on a
	// host without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/tactcrm/tact/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
