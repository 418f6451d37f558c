// Package sysenv sets the environment that Knative's API packages read while they initialise.
//
// knative.dev/pkg/system.Namespace() panics when SYSTEM_NAMESPACE is unset, and
// knative.dev/eventing pkg/apis/messaging/v1 calls it in a package-level variable. Go initialises
// packages in import-path order once their dependencies are ready, so this package (which only
// needs "os") runs before any knative.dev package; main imports it first for clarity.
package sysenv

import "os"

func init() {
	if os.Getenv("SYSTEM_NAMESPACE") == "" {
		_ = os.Setenv("SYSTEM_NAMESPACE", "knative-eventing")
	}
}
