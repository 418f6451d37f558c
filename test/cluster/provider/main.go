// Command pulumi-resource-kubernetes serves the Pulumi Kubernetes provider from its Go module.
//
// The upstream command embeds files its module does not ship (schema-embed.json,
// terraform-mapping-embed.json); test/cluster/build.ts writes them next to a copy of this file,
// minified from the module's schema.json and terraform-mapping.json, before it builds.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
