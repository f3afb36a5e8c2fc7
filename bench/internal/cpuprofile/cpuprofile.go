// Package cpuprofile starts and stops the CPU profile a benchmark writes
// when asked (-cpuprofile FILE), so that each benchmark profiles only its
// measured runs, not its set-up or warm-up.
package cpuprofile

import (
	"os"
	"runtime/pprof"
)

// Start starts a CPU profile into path, if path is not "", and returns what
// stops it and closes the file; with no path, a stop that does nothing.
func Start(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
