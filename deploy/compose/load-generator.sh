#!/bin/sh
# Serves demo_cpu_utilization for default/Deployment/web on :9100, cycling through low, high and low load
# every three minutes, so the stack scales web up and, after the stabilization window, down again.
set -eu
mkdir -p /www
publish() {
  printf '# TYPE demo_cpu_utilization gauge\ndemo_cpu_utilization{namespace="default",workload="web"} %s\n' "$1" \
    > /www/metrics.tmp
  mv /www/metrics.tmp /www/metrics
}
publish 0.3
httpd -p 9100 -h /www
while true; do
  for value in 0.3 0.5 0.9 0.95 0.9 0.5 0.1 0.1 0.1; do
    publish "$value"
    sleep 20
  done
done
