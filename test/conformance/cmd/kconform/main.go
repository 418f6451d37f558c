// Command kconform runs Knative's own defaulting and validation (knative.dev/serving and
// knative.dev/eventing as libraries) over manifests, as the admission webhooks do on create.
//
//	kconform validate [--distribution upstream|ack] [--strict] PATH...   one JSON line per object; exit 1 if any fails
//	                                                                     (with --strict, also if any draws a warning), 2 on unreadable input
//	kconform diff [--distribution upstream|ack] < cases.json   JSON array of {id, ok, errors} answers
//	kconform kinds                                              the Knative kinds it admits
//	kconform version                                            the Knative modules it was built with
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	_ "ack-serving/conformance/internal/sysenv" // must initialise before knative.dev packages

	corev1 "k8s.io/api/core/v1"

	"ack-serving/conformance/internal/admit"
)

const usage = `usage:
  kconform validate [--distribution upstream|ack] [--strict] PATH...
  kconform diff [--distribution upstream|ack] < cases.json
  kconform kinds
  kconform version
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	fset := flag.NewFlagSet("kconform "+args[0], flag.ContinueOnError)
	fset.SetOutput(stderr)
	dist := fset.String("distribution", string(admit.Upstream), "target Knative build: upstream or ack")
	strict := fset.Bool("strict", false, "validate: a warning from Knative's code fails the object's run (exit 1) like an error")
	if err := fset.Parse(args[1:]); err != nil {
		return 2
	}
	d := admit.Distribution(*dist)
	if d != admit.Upstream && d != admit.ACK {
		fmt.Fprintf(stderr, "kconform: --distribution must be 'upstream' or 'ack', got %q\n", *dist)
		return 2
	}
	switch args[0] {
	case "validate":
		return validate(fset.Args(), d, *strict, stdout, stderr)
	case "diff":
		return diff(stdin, d, stdout, stderr)
	case "version":
		return version(stdout)
	case "kinds":
		for _, k := range admit.KnownKnativeKinds() {
			fmt.Fprintln(stdout, k)
		}
		return 0
	default:
		fmt.Fprint(stderr, usage)
		return 2
	}
}

func validate(paths []string, d admit.Distribution, strict bool, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "kconform validate: no paths given")
		return 2
	}
	docs, err := admit.ReadPaths(paths)
	if err != nil {
		fmt.Fprintf(stderr, "kconform validate: %v\n", err)
		return 2
	}
	ctx, err := admit.ClusterFrom(docs).Context(context.Background())
	if err != nil {
		// Cannot happen: ClusterFrom only keeps ConfigMaps Knative accepts.
		fmt.Fprintf(stderr, "kconform validate: %v\n", err)
		return 2
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	code := 0
	for _, doc := range docs {
		res := admit.Admit(ctx, doc.JSON, d)
		res.Source = doc.Source
		// Knative's warnings (apis.WarningLevel) reach the user as kubectl warnings, not rejections;
		// --strict treats them as failures so generated manifests stay warning-free.
		if !res.OK || (strict && len(res.Warnings) > 0) {
			code = 1
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(stderr, "kconform validate: %v\n", err)
			return 2
		}
	}
	return code
}

// Case is one differential question: would Knative admit this object, given these ConfigMaps?
type Case struct {
	ID         string            `json:"id"`
	Object     json.RawMessage   `json:"object"`
	ConfigMaps []json.RawMessage `json:"configMaps,omitempty"`
}

// Answer is Knative's verdict on a case.
type Answer struct {
	ID       string   `json:"id"`
	OK       bool     `json:"ok"`
	Errors   []string `json:"errors"`
	Warnings []string `json:"warnings,omitempty"`
	Skipped  string   `json:"skipped,omitempty"`
	Note     string   `json:"note,omitempty"`
}

func diff(stdin io.Reader, d admit.Distribution, stdout, stderr io.Writer) int {
	var cases []Case
	dec := json.NewDecoder(bufio.NewReader(stdin))
	if err := dec.Decode(&cases); err != nil {
		fmt.Fprintf(stderr, "kconform diff: reading cases: %v\n", err)
		return 2
	}
	contexts := map[string]builtContext{}
	answers := make([]Answer, 0, len(cases))
	for _, c := range cases {
		key := ""
		for _, cm := range c.ConfigMaps {
			key += string(cm) + "\n"
		}
		b, ok := contexts[key]
		if !ok {
			b = buildContext(c.ConfigMaps)
			contexts[key] = b
		}
		a := Answer{ID: c.ID, Errors: []string{}}
		if len(c.Object) == 0 || string(c.Object) == "null" {
			a.Errors = []string{"case has no object"}
		} else {
			res := admit.Admit(b.ctx, c.Object, d)
			a.Errors = append(append(a.Errors, b.errs...), res.Errors...)
			a.Warnings, a.Skipped, a.Note = res.Warnings, res.Skipped, res.Note
		}
		a.OK = len(a.Errors) == 0
		answers = append(answers, a)
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(answers); err != nil {
		fmt.Fprintf(stderr, "kconform diff: %v\n", err)
		return 2
	}
	return 0
}

type builtContext struct {
	ctx  context.Context
	errs []string
}

// buildContext merges a case's ConfigMaps; one Knative rejects is an error of the case.
func buildContext(raws []json.RawMessage) (b builtContext) {
	cluster := admit.NewCluster()
	for i, raw := range raws {
		cm := &corev1.ConfigMap{}
		if errs := admit.DecodeStrict(raw, cm); len(errs) > 0 {
			for _, e := range errs {
				b.errs = append(b.errs, fmt.Sprintf("configMaps[%d]: %s", i, e))
			}
			continue
		}
		if !admit.IsKnativeConfigMap(cm.Namespace, cm.Name) {
			b.errs = append(b.errs, fmt.Sprintf("configMaps[%d]: %s/%s is not a Knative ConfigMap this harness reads", i, cm.Namespace, cm.Name))
			continue
		}
		if err := cluster.Merge(cm); err != nil {
			b.errs = append(b.errs, fmt.Sprintf("configmap %s/%s: %v", cm.Namespace, cm.Name, err))
		}
	}
	ctx, err := cluster.Context(context.Background())
	if err != nil {
		b.errs = append(b.errs, err.Error())
		ctx, _ = admit.NewCluster().Context(context.Background())
	}
	b.ctx = ctx
	return b
}

// version prints the Go toolchain and the knative.dev modules compiled in.
func version(stdout io.Writer) int {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(stdout, "kconform: no build information")
		return 1
	}
	fmt.Fprintf(stdout, "go %s\n", strings.TrimPrefix(info.GoVersion, "go"))
	for _, dep := range info.Deps {
		if strings.HasPrefix(dep.Path, "knative.dev/") || dep.Path == "k8s.io/api" {
			fmt.Fprintf(stdout, "%s %s\n", dep.Path, dep.Version)
		}
	}
	return 0
}
