{{/* Names and labels shared by the templates. */}}

{{- define "sandpod.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sandpod.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "sandpod.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sandpod.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "sandpod.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "sandpod.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sandpod
{{- end -}}

{{- define "sandpod.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sandpod.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: set the name of an existing service account when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sandpod.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
What the operator does with the API, in each watched namespace (all when cluster-wide), and no
more: OperatorRbacIT runs the operator, records its requests and compares them with these rules.
Owned objects are created and updated by server-side apply (PATCH, plus create for a new object)
and read from informers (list, watch: no get). Pods and Services are never deleted by the operator
(owner references let Kubernetes collect them); a claim is, when spec.workspace is removed.
*/}}
{{- define "sandpod.sessionRules" -}}
- apiGroups: ["sandpod.dev"]
  resources: ["sandboxsessions"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["sandpod.dev"]
  resources: ["sandboxsessions/status"]
  verbs: ["patch"]
- apiGroups: ["sandpod.dev"]
  # owner references with blockOwnerDeletion on the session's objects
  resources: ["sandboxsessions/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  # the agent's last log lines when it exits
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  # each session's API key
  resources: ["secrets"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: ["networking.k8s.io"]
  # each session's NetworkPolicy; never deleted by the operator (owner references)
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch"]
{{- end -}}

{{/* The leader-election Lease: fabric8 renews it by PATCH; JOSDK checks for get, create, update before electing. */}}
{{- define "sandpod.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end -}}

{{/*
The policy file the operator reads (SANDPOD_POLICY_FILE): the policy values as they are, and the
NetworkPolicy settings with the operator's own pods as the peer allowed to probe the agents.
*/}}
{{- define "sandpod.policyFile" -}}
{{- $namespaces := .Values.networkPolicy.operatorNamespaceSelector -}}
{{- if empty $namespaces -}}
{{- $namespaces = dict "matchLabels" (dict "kubernetes.io/metadata.name" .Release.Namespace) -}}
{{- end -}}
{{- $operator := dict "namespaceSelector" $namespaces "podSelector" (dict "matchLabels" (include "sandpod.selectorLabels" . | fromYaml)) -}}
{{- $network := omit .Values.networkPolicy "operatorNamespaceSelector" -}}
{{- $_ := set $network "operator" $operator -}}
{{- dict "policy" .Values.policy "networkPolicy" $network | toYaml -}}
{{- end -}}
