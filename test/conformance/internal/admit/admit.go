// Package admit runs Knative's own defaulting and validation over manifests, the way Knative's
// admission webhooks do on create, without a cluster.
package admit

import (
	"context"
	"encoding/json"
	"fmt"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/kubernetes/scheme"
	"knative.dev/pkg/apis"
	sigsjson "sigs.k8s.io/json"

	"knative.dev/serving/pkg/apis/autoscaling"
	servingv1 "knative.dev/serving/pkg/apis/serving/v1"
)

// Distribution selects which Knative build the manifests target.
type Distribution string

const (
	// Upstream is Knative as released: ACK's extension autoscaler classes are errors.
	Upstream Distribution = "upstream"
	// ACK is Alibaba Cloud ACK's Knative: its extension classes are accepted (see ackClasses).
	ACK Distribution = "ack"
)

// ackClasses are the autoscaler classes ACK's Knative accepts and upstream's validateClass
// (knative/serving pkg/apis/autoscaling/annotation_validation.go) refuses, because they end in
// `.knative.dev` and are neither `kpa.` nor `hpa.`.
var ackClasses = map[string]bool{
	"mpa.autoscaling.knative.dev":  true,
	"ahpa.autoscaling.knative.dev": true,
}

// NeutralClass replaces an ACK class under --distribution ack. It does not end in `.knative.dev`,
// so upstream accepts it without checking the metric, and every other rule is still checked.
const NeutralClass = "ack-extension.autoscaling.kconform"

// DefaultNamespace is the namespace an object without one gets, as with `kubectl apply` and no -n.
const DefaultNamespace = "default"

// Result is Knative's verdict on one object.
type Result struct {
	Source     string   `json:"source,omitempty"`
	ID         string   `json:"id,omitempty"`
	Kind       string   `json:"kind"`
	APIVersion string   `json:"apiVersion"`
	Namespace  string   `json:"namespace"`
	Name       string   `json:"name"`
	OK         bool     `json:"ok"`
	Errors     []string `json:"errors"`
	Warnings   []string `json:"warnings,omitempty"`
	// Checks says what was run: "knative-webhook" (strict decode, SetDefaults, Validate on create),
	// "knative-configmap" (strict decode, Knative's ConfigMap parser), "decode" (strict decode into
	// the k8s.io/api type only).
	Checks  string `json:"checks,omitempty"`
	Skipped string `json:"skipped,omitempty"`
	Note    string `json:"note,omitempty"`
}

type header struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
}

// Identify reads apiVersion, kind, namespace and name without judging the rest.
func Identify(raw []byte) (Result, error) {
	var h header
	if err := json.Unmarshal(raw, &h); err != nil {
		return Result{Errors: []string{}}, err
	}
	return Result{
		Kind: h.Kind, APIVersion: h.APIVersion, Namespace: h.Metadata.Namespace, Name: h.Metadata.Name,
		Errors: []string{},
	}, nil
}

// DecodeStrict decodes like the API server's strict field validation (sigs.k8s.io/json, which
// k8s.io/apimachinery uses): unknown and duplicate fields are errors, field names are
// case-sensitive. The webhooks' own decoding (knative.dev/pkg webhook/json) is never stricter.
func DecodeStrict(raw []byte, into any) []string {
	strictErrs, err := sigsjson.UnmarshalStrict(raw, into, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return []string{"decoding error: " + err.Error()}
	}
	out := make([]string, 0, len(strictErrs))
	for _, e := range strictErrs {
		out = append(out, "strict decoding error: "+e.Error())
	}
	return out
}

// Admit judges one object (JSON) in ctx, which carries the cluster's Knative configuration.
func Admit(ctx context.Context, raw []byte, dist Distribution) Result {
	res, err := Identify(raw)
	if err != nil {
		res.Errors = []string{"decoding error: " + err.Error()}
		return res
	}
	if res.APIVersion == "" || res.Kind == "" {
		res.OK = true
		res.Skipped = "not a Kubernetes object (no apiVersion/kind)"
		return res
	}
	gv, err := schema.ParseGroupVersion(res.APIVersion)
	if err != nil {
		res.Errors = []string{fmt.Sprintf("apiVersion %q: %v", res.APIVersion, err)}
		return res
	}
	gvk := gv.WithKind(res.Kind)

	if newObj, ok := knativeTypes[gvk]; ok {
		return admitKnative(ctx, raw, newObj(), dist, res)
	}
	if obj, err := scheme.Scheme.New(gvk); err == nil {
		res.Checks = "decode"
		res.Errors = DecodeStrict(raw, obj)
		if cm, ok := obj.(*corev1.ConfigMap); ok && len(res.Errors) == 0 && IsKnativeConfigMap(cm.Namespace, cm.Name) {
			res.Checks = "knative-configmap"
			if err := NewCluster().Merge(cm); err != nil {
				res.Errors = append(res.Errors, err.Error())
			}
		}
		res.OK = len(res.Errors) == 0
		return res
	}
	res.OK = true
	res.Skipped = "unknown kind"
	return res
}

func admitKnative(ctx context.Context, raw []byte, obj knativeObject, dist Distribution, res Result) Result {
	res.Checks = "knative-webhook"
	if errs := DecodeStrict(raw, obj); len(errs) > 0 {
		res.Errors = errs
		return res
	}
	if obj.GetNamespace() == "" {
		obj.SetNamespace(DefaultNamespace)
	}
	if errs := apiServerMetadata(obj); len(errs) > 0 {
		res.Errors = errs
		return res
	}
	if dist == ACK {
		res.Note = rewriteACKClasses(obj)
	}

	// knative.dev/pkg webhook/resourcesemantics/defaulting: WithinCreate + WithUserInfo, SetDefaults;
	// then .../validation: WithinCreate + WithUserInfo, Validate on the defaulted object.
	ctx = apis.WithinCreate(ctx)
	ctx = apis.WithUserInfo(ctx, &authenticationv1.UserInfo{Username: "kconform"})
	obj.SetDefaults(ctx)
	if fe := obj.Validate(ctx); fe != nil {
		res.Errors = messages(fe.Filter(apis.ErrorLevel))
		res.Warnings = messages(fe.Filter(apis.WarningLevel))
	}
	res.OK = len(res.Errors) == 0
	if len(res.Warnings) == 0 {
		res.Warnings = nil
	}
	return res
}

// apiServerMetadata is what the API server checks on a custom resource's metadata before any
// webhook runs: a DNS-1123 subdomain name (generated from generateName on create), a namespace,
// valid label and annotation keys and values (k8s.io/apiextensions-apiserver customresource
// strategy, via k8s.io/apimachinery pkg/api/validation ValidateObjectMetaAccessor).
func apiServerMetadata(obj knativeObject) []string {
	meta := obj.DeepCopyObject().(knativeObject)
	if meta.GetName() == "" && meta.GetGenerateName() != "" {
		meta.SetName(meta.GetGenerateName() + "x1y2z")
	}
	out := []string{}
	for _, e := range apivalidation.ValidateObjectMetaAccessor(meta, true, apivalidation.NameIsDNSSubdomain, field.NewPath("metadata")) {
		out = append(out, "API server: "+e.Error())
	}
	return out
}

// messages prints each error the way apis.FieldError.Error() prints it, one string per error.
func messages(fe *apis.FieldError) []string {
	out := []string{}
	if fe == nil {
		return out
	}
	for _, e := range fe.WrappedErrors() {
		out = append(out, e.Error())
	}
	return out
}

// rewriteACKClasses swaps ACK's extension classes for NeutralClass in revision templates and
// says what it did, or returns "".
func rewriteACKClasses(obj knativeObject) string {
	var annotations map[string]string
	switch o := obj.(type) {
	case *servingv1.Service:
		annotations = o.Spec.Template.Annotations
	case *servingv1.Configuration:
		annotations = o.Spec.Template.Annotations
	case *servingv1.Revision:
		annotations = o.Annotations
	default:
		return ""
	}
	class, ok := annotations[autoscaling.ClassAnnotationKey]
	if !ok || !ackClasses[class] {
		return ""
	}
	annotations[autoscaling.ClassAnnotationKey] = NeutralClass
	return fmt.Sprintf("distribution ack: %s %q is an ACK extension class that upstream Knative rejects; validated as %q",
		autoscaling.ClassAnnotationKey, class, NeutralClass)
}

// Document is one object from the input with where it came from.
type Document struct {
	Source string
	JSON   []byte
}

// ClusterFrom merges every Knative ConfigMap among docs, in order. ConfigMaps Knative rejects are
// left out (the webhook would refuse them; their own results say why).
func ClusterFrom(docs []Document) *Cluster {
	c := NewCluster()
	for _, d := range docs {
		h, err := Identify(d.JSON)
		if err != nil || h.APIVersion != "v1" || h.Kind != "ConfigMap" || !IsKnativeConfigMap(h.Namespace, h.Name) {
			continue
		}
		cm := &corev1.ConfigMap{}
		if errs := DecodeStrict(d.JSON, cm); len(errs) > 0 {
			continue
		}
		_ = c.Merge(cm)
	}
	return c
}
