package admit

import (
	"context"
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	netcfg "knative.dev/networking/pkg/config"

	eventingcfg "knative.dev/eventing/pkg/apis/config"
	"knative.dev/eventing/pkg/apis/feature"
	messagingcfg "knative.dev/eventing/pkg/apis/messaging/config"
	sourcescfg "knative.dev/eventing/pkg/apis/sources/config"
	servingcfg "knative.dev/serving/pkg/apis/config"
	asconfig "knative.dev/serving/pkg/autoscaler/config"
	"knative.dev/serving/pkg/deployment"
	domaincfg "knative.dev/serving/pkg/reconciler/route/config"
)

const (
	// ServingNamespace holds Knative Serving's ConfigMaps.
	ServingNamespace = "knative-serving"
	// EventingNamespace holds Knative Eventing's ConfigMaps.
	EventingNamespace = "knative-eventing"
)

// shipped is the data of the ConfigMaps as a release installs them, where Knative's code has no
// usable built-in default. The library writes its ConfigMaps as merge patches that carry only the
// keys it manages, so input data is merged key by key over these.
var shipped = map[string]map[string]string{
	// knative/serving config/core/configmaps/deployment.yaml (NewConfigFromMap requires the image).
	ServingNamespace + "/config-deployment": {"queue-sidecar-image": "ko://knative.dev/serving/cmd/queue"},
	// knative/eventing config/core/configmaps/default-broker.yaml
	EventingNamespace + "/config-br-defaults": {"default-br-config": `clusterDefault:
  brokerClass: MTChannelBasedBroker
  apiVersion: v1
  kind: ConfigMap
  name: config-br-default-channel
  namespace: knative-eventing
  delivery:
    retry: 10
    backoffPolicy: exponential
    backoffDelay: PT0.2S
`},
	// knative/eventing config/core/configmaps/default-channel.yaml
	EventingNamespace + "/default-ch-webhook": {"default-ch-config": `clusterDefault:
  apiVersion: messaging.knative.dev/v1
  kind: InMemoryChannel
`},
}

// parsers are the constructors Knative uses to read each ConfigMap: the ones the serving config
// webhook validates with (knative/serving cmd/webhook/main.go newConfigValidationController) and
// the ones the eventing webhook's stores load (knative/eventing cmd/webhook/main.go).
var parsers = map[string]func(*corev1.ConfigMap) error{
	ServingNamespace + "/" + asconfig.ConfigName: func(cm *corev1.ConfigMap) error {
		_, err := asconfig.NewConfigFromConfigMap(cm)
		return err
	},
	ServingNamespace + "/" + servingcfg.DefaultsConfigName: func(cm *corev1.ConfigMap) error {
		_, err := servingcfg.NewDefaultsConfigFromConfigMap(cm)
		return err
	},
	ServingNamespace + "/" + servingcfg.FeaturesConfigName: func(cm *corev1.ConfigMap) error {
		_, err := servingcfg.NewFeaturesConfigFromConfigMap(cm)
		return err
	},
	ServingNamespace + "/" + deployment.ConfigName: func(cm *corev1.ConfigMap) error {
		_, err := deployment.NewConfigFromConfigMap(cm)
		return err
	},
	ServingNamespace + "/" + netcfg.ConfigMapName: func(cm *corev1.ConfigMap) error {
		_, err := netcfg.NewConfigFromConfigMap(cm)
		return err
	},
	ServingNamespace + "/" + domaincfg.DomainConfigName: func(cm *corev1.ConfigMap) error {
		_, err := domaincfg.NewDomainFromConfigMap(cm)
		return err
	},
	EventingNamespace + "/" + feature.FlagsConfigName: func(cm *corev1.ConfigMap) error {
		_, err := feature.NewFlagsConfigFromConfigMap(cm)
		return err
	},
	EventingNamespace + "/" + eventingcfg.DefaultsConfigName: func(cm *corev1.ConfigMap) error {
		_, err := eventingcfg.NewDefaultsConfigFromConfigMap(cm)
		return err
	},
	EventingNamespace + "/" + messagingcfg.ChannelDefaultsConfigName: func(cm *corev1.ConfigMap) error {
		_, err := messagingcfg.NewChannelDefaultsConfigFromConfigMap(cm)
		return err
	},
	EventingNamespace + "/" + sourcescfg.PingDefaultsConfigName: func(cm *corev1.ConfigMap) error {
		_, err := sourcescfg.NewPingDefaultsConfigFromConfigMap(cm)
		return err
	},
}

// IsKnativeConfigMap tells whether a ConfigMap is one of the Knative ConfigMaps the harness reads.
func IsKnativeConfigMap(namespace, name string) bool {
	_, ok := parsers[namespace+"/"+name]
	return ok
}

// Cluster is the state of Knative's ConfigMaps: the shipped data with the input merged over it.
type Cluster struct {
	data map[string]map[string]string
}

// NewCluster starts from a freshly installed Knative.
func NewCluster() *Cluster {
	c := &Cluster{data: map[string]map[string]string{}}
	for k, v := range shipped {
		c.data[k] = copyMap(v)
	}
	return c
}

// Merge applies a ConfigMap from the input as a merge patch (later keys win) and returns
// Knative's verdict on the merged ConfigMap; a ConfigMap Knative does not read is ignored.
func (c *Cluster) Merge(cm *corev1.ConfigMap) error {
	key := cm.Namespace + "/" + cm.Name
	parse, ok := parsers[key]
	if !ok {
		return nil
	}
	merged := copyMap(c.data[key])
	for k, v := range cm.Data {
		merged[k] = v
	}
	if err := parse(configMap(cm.Namespace, cm.Name, merged)); err != nil {
		return err
	}
	c.data[key] = merged
	return nil
}

// Context builds the context Knative's webhooks hand to SetDefaults and Validate: serving's
// config.ToContext (knative/serving pkg/apis/config/store.go) and eventing's feature, defaults,
// channel and ping stores (knative/eventing cmd/webhook/main.go ctxFunc).
func (c *Cluster) Context(ctx context.Context) (context.Context, error) {
	sd, err := servingcfg.NewDefaultsConfigFromMap(c.get(ServingNamespace, servingcfg.DefaultsConfigName))
	if err != nil {
		return nil, fmt.Errorf("config-defaults: %w", err)
	}
	sf, err := servingcfg.NewFeaturesConfigFromMap(c.get(ServingNamespace, servingcfg.FeaturesConfigName))
	if err != nil {
		return nil, fmt.Errorf("config-features: %w", err)
	}
	sa, err := asconfig.NewConfigFromMap(c.get(ServingNamespace, asconfig.ConfigName))
	if err != nil {
		return nil, fmt.Errorf("config-autoscaler: %w", err)
	}
	ctx = servingcfg.ToContext(ctx, &servingcfg.Config{Defaults: sd, Features: sf, Autoscaler: sa})

	ed, err := eventingcfg.NewDefaultsConfigFromMap(c.get(EventingNamespace, eventingcfg.DefaultsConfigName))
	if err != nil {
		return nil, fmt.Errorf("config-br-defaults: %w", err)
	}
	ch, err := messagingcfg.NewChannelDefaultsConfigFromMap(c.get(EventingNamespace, messagingcfg.ChannelDefaultsConfigName))
	if err != nil {
		return nil, fmt.Errorf("default-ch-webhook: %w", err)
	}
	ping, err := sourcescfg.NewPingDefaultsConfigFromMap(c.get(EventingNamespace, sourcescfg.PingDefaultsConfigName))
	if err != nil {
		return nil, fmt.Errorf("config-ping-defaults: %w", err)
	}
	flags, err := feature.NewFlagsConfigFromMap(c.get(EventingNamespace, feature.FlagsConfigName))
	if err != nil {
		return nil, fmt.Errorf("config-features (eventing): %w", err)
	}
	ctx = eventingcfg.ToContext(ctx, &eventingcfg.Config{Defaults: ed})
	ctx = messagingcfg.ToContext(ctx, &messagingcfg.Config{ChannelDefaults: ch})
	ctx = sourcescfg.ToContext(ctx, &sourcescfg.Config{PingDefaults: ping})
	ctx = feature.ToContext(ctx, flags)
	return ctx, nil
}

func (c *Cluster) get(namespace, name string) map[string]string {
	return copyMap(c.data[namespace+"/"+name])
}

func configMap(namespace, name string, data map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}, Data: data}
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortStrings(s []string) { sort.Strings(s) }
