{{- define "plaintext/templates/redefined.yaml" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: from-define
{{- end -}}
