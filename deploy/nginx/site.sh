#!/usr/bin/env bash
# Writes a runnable nginx configuration around deploy/nginx/ellw.conf, for deploy/smoke.sh
# and `make check-deploy`: the site file itself with only its ports, upstream, STATIC_ROOT,
# certificate and log paths swapped, inside a main nginx.conf that keeps everything under
# DIR (run it with `nginx -p DIR -c DIR/nginx.conf`, as any user).
#
#   deploy/nginx/site.sh DIR HTTP_PORT HTTPS_PORT UPSTREAM STATIC_ROOT CERT KEY
set -euo pipefail
[[ $# == 7 ]] || { echo "usage: $0 DIR HTTP_PORT HTTPS_PORT UPSTREAM STATIC_ROOT CERT KEY" >&2; exit 2; }
dir=$1 http_port=$2 https_port=$3 upstream=$4 static_root=${5%/} cert=$6 key=$7
site=$(dirname "$0")/ellw.conf
mkdir -p "$dir/tmp"
# Loopback only, and no IPv6 listener (a test machine may have none).
sed -e "s|listen 80 default_server;|listen 127.0.0.1:$http_port default_server;|" \
  -e "s|listen 443 ssl http2 default_server;|listen 127.0.0.1:$https_port ssl http2 default_server;|" \
  -e '/listen \[::\]/d' \
  -e "s|server 127.0.0.1:8000;|server $upstream;|" \
  -e "s|/srv/ellw/staticfiles/|$static_root/|" \
  -e "s|/etc/ssl/ellw/fullchain.pem|$cert|" \
  -e "s|/etc/ssl/ellw/privkey.pem|$key|" \
  -e "s|/var/log/nginx/ellw.access.log|$dir/access.log|" \
  "$site" >"$dir/ellw.conf"
for placeholder in "listen 80 " "listen 443 " /srv/ellw /etc/ssl/ellw /var/log/nginx; do
  if grep -v '^[[:space:]]*#' "$dir/ellw.conf" | grep -q -- "$placeholder"; then
    echo "$0: $placeholder is still in the generated site: ellw.conf changed, update me" >&2
    exit 1
  fi
done
# As root, nginx's workers would drop to "nobody", who cannot read DIR.
user=""
[[ $(id -u) == 0 ]] && user="user root;"
cat >"$dir/nginx.conf" <<CONF
$user
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    access_log $dir/access.log;
    include $dir/ellw.conf;
}
CONF
