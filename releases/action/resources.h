/* resources.h — the objects of a release manifest: splitting Helm's manifest text into
 * objects, ownership metadata, applying them in order, deleting, and waiting for readiness. */
#ifndef CT_ACTION_RESOURCES_H
#define CT_ACTION_RESOURCES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "kube/kube.h"

/* The objects of MANIFEST (Helm's "---\n# Source: ...\n" documents) as a JSON array, in
 * manifest order; each object's namespace defaults to NS when its kind is namespaced
 * (resolved later) — here only objects without metadata.namespace get none set. */
int ct_res_parse(json_t **out, const char *manifest);

/* "Kind/name" keys of objects present in OLD but not in NEW (what an upgrade deletes). */
json_t *ct_res_removed(const json_t *old_objs, const json_t *new_objs);

/* Helm's ownership metadata on OBJ (label app.kubernetes.io/managed-by=Helm, annotations
 * meta.helm.sh/release-name and -namespace). */
void ct_res_set_owner(json_t *obj, const char *release, const char *ns);

/* Checks that each existing live object of OBJS belongs to RELEASE (or is absent). Fails with
 * Helm 3.17's existingResourceConflict text "KIND \"x\" in namespace \"ns\" exists and cannot
 * be imported into the current release: invalid ownership metadata; ..." (callers prefix
 * "Unable to continue with install/update: ") unless TAKE_OWNERSHIP. */
int ct_res_check_owner(ct_kube *k, const json_t *objs, const char *release, const char *ns, bool take_ownership);

/* Server-side applies every object (field manager "chartctl", force: chartctl owns what it
 * renders), after ownership metadata. LOG gets one line per object when non-NULL. */
int ct_res_apply(ct_kube *k, const json_t *objs, const char *release, const char *ns, bool dry_run, FILE *log);

/* Helm's Client.Update for a release's objects: a missing object is created (a failure stops
 * at once: "failed to create resource: ..."); an existing one is server-side applied, or with
 * FORCE replaced whole (PUT with the live resourceVersion, Helm's --force), so nothing outside
 * the manifest survives. Update failures are collected, the other objects still updated, and
 * reported joined by " && " ("cannot patch \"x\" with kind K: ..." / "failed to replace
 * object: ..."). */
int ct_res_update(ct_kube *k, const json_t *objs, const char *release, const char *ns, bool force, FILE *log);

/* Deletes the objects (reverse order), ignoring ones already gone. */
int ct_res_delete(ct_kube *k, const json_t *objs, const char *ns, FILE *log);

/* Polls every object until all are ready, TIMEOUT_S passes, or one fails. On timeout or
 * failure the error names each object not ready and why. WAIT_JOBS also waits for Jobs. */
int ct_res_wait(ct_kube *k, const json_t *objs, const char *ns, double timeout_s, bool wait_jobs);

#endif
