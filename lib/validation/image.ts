import { Issue, show } from './issue';

// github.com/google/go-containerregistry pkg/name (reference.go, repository.go, tag.go, digest.go),
// as Knative parses images: name.ParseReference(image, name.WeakValidation).
const REGISTRY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Splits an image reference into registry, repository, tag and digest, or returns undefined. */
export function parseImageReference(
  image: string,
): { registry?: string; repository: string; tag?: string; digest?: string } | undefined {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  // The first part is a registry when it has a '.', a ':' or is 'localhost' (docker's rule).
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    registry = parts.shift();
    if (!REGISTRY.test(registry as string)) return undefined;
  }
  if (parts.length === 0 || parts.some((p) => !REPO_COMPONENT.test(p))) return undefined;
  const repository = parts.join('/');
  // go-containerregistry checkRepository: at least 2 and at most 255 characters.
  if (repository.length < 2 || repository.length > 255) return undefined;
  return { registry, repository, tag, digest };
}

/** Checks a container image reference the way Knative's webhook parses it. */
export function checkImage(value: unknown, path: string): Issue[] {
  if (typeof value !== 'string' || value === '') {
    return [
      {
        path,
        message: `image is required: a reference such as 'registry.example.com/team/model:1.0.0' or '...@sha256:<64 hex>'`,
      },
    ];
  }
  if (!parseImageReference(value)) {
    return [
      {
        path,
        message: `image ${show(value)} is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'`,
      },
    ];
  }
  return [];
}
