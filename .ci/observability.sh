#!/usr/bin/env bash
# Starts Debian's Prometheus (scraping the console test server the integration test starts on 127.0.0.1:9591)
# and Alertmanager on loopback.
# Writes their pids to $1/pids. Ports are off the defaults so a machine's own services are left alone.
set -euo pipefail
dir="$1"
cat >"$dir/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: ops-console
    static_configs:
      - targets: ['127.0.0.1:9591']
YML
cat >"$dir/alertmanager.yml" <<YML
route:
  receiver: devnull
receivers:
  - name: devnull
YML
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prom-data" \
  --web.listen-address=127.0.0.1:9590 >"$dir/prometheus.log" 2>&1 &
echo -n "$! " >"$dir/pids"
prometheus-alertmanager --config.file="$dir/alertmanager.yml" --storage.path="$dir/am-data" \
  --web.listen-address=127.0.0.1:9593 --cluster.listen-address= >"$dir/alertmanager.log" 2>&1 &
echo -n "$!" >>"$dir/pids"
for _ in $(seq 1 60); do
  if curl -fsS http://127.0.0.1:9590/-/ready >/dev/null 2>&1 && curl -fsS http://127.0.0.1:9593/-/ready >/dev/null 2>&1; then
    echo "Prometheus and Alertmanager are up on 127.0.0.1:9590 and :9593"
    exit 0
  fi
  sleep 0.5
done
echo "Prometheus or Alertmanager did not start:" >&2
tail -n 20 "$dir/prometheus.log" "$dir/alertmanager.log" >&2
exit 1
