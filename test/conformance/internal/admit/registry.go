package admit

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"knative.dev/pkg/apis"

	eventingv1 "knative.dev/eventing/pkg/apis/eventing/v1"
	flowsv1 "knative.dev/eventing/pkg/apis/flows/v1"
	messagingv1 "knative.dev/eventing/pkg/apis/messaging/v1"
	sourcesv1 "knative.dev/eventing/pkg/apis/sources/v1"
	sourcesv1beta2 "knative.dev/eventing/pkg/apis/sources/v1beta2"
	servingv1 "knative.dev/serving/pkg/apis/serving/v1"
	servingv1beta1 "knative.dev/serving/pkg/apis/serving/v1beta1"
)

// knativeObject is what Knative's admission webhooks need from a type: defaulting, validation
// and object metadata (knative.dev/pkg webhook/resourcesemantics GenericCRD).
type knativeObject interface {
	apis.Defaultable
	apis.Validatable
	metav1.Object
	runtime.Object
}

// knativeTypes lists the kinds this harness admits the way Knative's webhooks do. The lists mirror
// the `types` maps of knative/serving cmd/webhook/main.go and knative/eventing cmd/webhook/main.go,
// restricted to user-facing kinds whose validation needs no cluster access.
var knativeTypes = map[schema.GroupVersionKind]func() knativeObject{
	servingv1.SchemeGroupVersion.WithKind("Service"):            func() knativeObject { return &servingv1.Service{} },
	servingv1.SchemeGroupVersion.WithKind("Configuration"):      func() knativeObject { return &servingv1.Configuration{} },
	servingv1.SchemeGroupVersion.WithKind("Route"):              func() knativeObject { return &servingv1.Route{} },
	servingv1.SchemeGroupVersion.WithKind("Revision"):           func() knativeObject { return &servingv1.Revision{} },
	servingv1beta1.SchemeGroupVersion.WithKind("DomainMapping"): func() knativeObject { return &servingv1beta1.DomainMapping{} },

	eventingv1.SchemeGroupVersion.WithKind("Broker"):  func() knativeObject { return &eventingv1.Broker{} },
	eventingv1.SchemeGroupVersion.WithKind("Trigger"): func() knativeObject { return &eventingv1.Trigger{} },

	messagingv1.SchemeGroupVersion.WithKind("Channel"):         func() knativeObject { return &messagingv1.Channel{} },
	messagingv1.SchemeGroupVersion.WithKind("Subscription"):    func() knativeObject { return &messagingv1.Subscription{} },
	messagingv1.SchemeGroupVersion.WithKind("InMemoryChannel"): func() knativeObject { return &messagingv1.InMemoryChannel{} },

	sourcesv1.SchemeGroupVersion.WithKind("PingSource"):      func() knativeObject { return &sourcesv1.PingSource{} },
	sourcesv1beta2.SchemeGroupVersion.WithKind("PingSource"): func() knativeObject { return &sourcesv1beta2.PingSource{} },
	sourcesv1.SchemeGroupVersion.WithKind("ApiServerSource"): func() knativeObject { return &sourcesv1.ApiServerSource{} },
	sourcesv1.SchemeGroupVersion.WithKind("SinkBinding"):     func() knativeObject { return &sourcesv1.SinkBinding{} },
	sourcesv1.SchemeGroupVersion.WithKind("ContainerSource"): func() knativeObject { return &sourcesv1.ContainerSource{} },

	flowsv1.SchemeGroupVersion.WithKind("Sequence"): func() knativeObject { return &flowsv1.Sequence{} },
	flowsv1.SchemeGroupVersion.WithKind("Parallel"): func() knativeObject { return &flowsv1.Parallel{} },
}

// KnownKnativeKinds returns "apiVersion/kind" for every Knative kind the harness admits, sorted.
func KnownKnativeKinds() []string {
	out := make([]string, 0, len(knativeTypes))
	for gvk := range knativeTypes {
		av, k := gvk.ToAPIVersionAndKind()
		out = append(out, av+" "+k)
	}
	sortStrings(out)
	return out
}
