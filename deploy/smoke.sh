#!/usr/bin/env bash
# Smoke test of deploy/: the production profile, as deployed, on loopback ports. A
# throwaway PostgreSQL database, a Redis server and an SMTP sink of its own; migrate and
# collectstatic; gunicorn from deploy/gunicorn.conf.py; Debian's nginx running
# deploy/nginx/ellw.conf itself (its ports, paths and certificate swapped for local ones, a
# self-signed certificate); a Celery worker per queue. Then, over HTTPS through nginx: the
# home page, the stylesheet and its cache header, /healthz (and over plain HTTP), an e-mail
# from a posted form arriving at the SMTP sink, and a certificate rendered by the documents
# worker whose verification page answers. Everything it started is stopped on the way out;
# it exits non-zero at the first failure.
#
#   deploy/smoke.sh        (after `make install assets`; needs nginx, openssl, psql,
#                           redis-server and curl; SMOKE_POSTGRES_URL names the server)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${SMOKE_BIN:-$ROOT/.venv/bin}
PY=$BIN/python
POSTGRES=${SMOKE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
SITE=ellw.example.nhs.uk
DB="ellw_deploy_smoke_$$"
WORK=$(mktemp -d /tmp/ellw-smoke.XXXXXX)
PIDS=()
DB_MADE=

say() { printf '%s\n' "$*"; }
ok() { printf 'ok    %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*" >&2
  exit 1
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $DB_MADE ]]; then
    psql "$POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if ((status != 0)); then
    local log
    for log in "$WORK"/*.log; do
      [[ -f $log ]] || continue
      printf -- '--- %s (last lines)\n' "$(basename "$log")" >&2
      tail -n 25 "$log" >&2
    done
  fi
  rm -rf "$WORK"
  if ((status == 0)); then say "smoke: all checks passed"; else say "smoke: FAILED" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in nginx openssl psql redis-server curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[[ -x $PY ]] || fail "no virtualenv at $BIN: run make install assets"

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# wait_until SECONDS COMMAND...: true once COMMAND succeeds, false after SECONDS.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}
# django_py CODE: CODE run by manage.py shell under the production profile; its output.
django_py() { "$PY" manage.py shell --verbosity 0 --command "$1"; }
start() { # start NAME COMMAND...: in the background, its output in $WORK/NAME.log
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

REDIS_PORT=$(free_port)
SMTP_PORT=$(free_port)
GUNICORN_PORT=$(free_port)
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)

# --- the production profile, with throwaway services --------------------------------------
export DJANGO_SETTINGS_MODULE=ellw.settings.production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=$SITE
export SITE_URL=https://$SITE
export DATABASE_URL=$POSTGRES/$DB
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export EMAIL_URL=smtp://127.0.0.1:$SMTP_PORT
export DOCUMENTS_ROOT=$WORK/documents
export TRUSTED_PROXY_COUNT=1
export GUNICORN_BIND=127.0.0.1:$GUNICORN_PORT
# Two, not 2 x cores + 1: the machine may be shared.
export GUNICORN_WORKERS=2
export WORKER_HEARTBEAT_SECONDS=2
export PYTHONUNBUFFERED=1
# Whatever a test run or a shell had set would win over REDIS_URL for Celery.
unset CELERY_BROKER_URL TEST_DOCUMENTS_ROOT DJANGO_ALLOW_ASYNC_UNSAFE
mkdir -p "$DOCUMENTS_ROOT" "$WORK/mail" "$WORK/nginx/tmp"

psql "$POSTGRES/postgres" -qc "CREATE DATABASE $DB" >/dev/null || fail "cannot create database $DB"
DB_MADE=1
start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no
start smtp "$PY" deploy/smtp_sink.py "$SMTP_PORT" "$WORK/mail"
wait_until 10 redis-cli -p "$REDIS_PORT" ping || fail "redis-server did not start"
ok "throwaway services: database $DB, Redis :$REDIS_PORT, SMTP sink :$SMTP_PORT"

"$PY" manage.py migrate --noinput >"$WORK/migrate.log" 2>&1 || fail "migrate"
"$PY" manage.py collectstatic --noinput >"$WORK/collectstatic.log" 2>&1 || fail "collectstatic"
STATIC_ROOT=$(django_py 'from django.conf import settings; print(settings.STATIC_ROOT)')
ok "migrate and collectstatic (STATIC_ROOT $STATIC_ROOT)"

# --- nginx, running deploy/nginx/ellw.conf ------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$SITE" \
  -addext "subjectAltName=DNS:$SITE" -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" \
  >"$WORK/openssl.log" 2>&1 || fail "openssl could not make a certificate"
deploy/nginx/site.sh "$WORK/nginx" "$HTTP_PORT" "$HTTPS_PORT" "127.0.0.1:$GUNICORN_PORT" \
  "$STATIC_ROOT" "$WORK/nginx/cert.pem" "$WORK/nginx/key.pem"
nginx -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" \
  >"$WORK/nginx-t.log" 2>&1 || { cat "$WORK/nginx-t.log" >&2; fail "nginx -t"; }
start nginx nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log"

start gunicorn "$BIN/gunicorn" -c deploy/gunicorn.conf.py ellw.wsgi
for queue in email documents celery; do
  start "worker-$queue" "$BIN/celery" -A ellw worker --queues="$queue" --concurrency=1 \
    --hostname="$queue@smoke" --loglevel=INFO
done

CURL=(curl --silent --show-error --insecure --max-time 20
  --resolve "$SITE:$HTTPS_PORT:127.0.0.1" --resolve "$SITE:$HTTP_PORT:127.0.0.1")
HTTPS=https://$SITE:$HTTPS_PORT
HTTP=http://$SITE:$HTTP_PORT
status_of() { "${CURL[@]}" -o /dev/null -w '%{http_code}' "$@"; }
answers() { [[ $(status_of "$1") == "$2" ]]; }

wait_until 60 answers "$HTTPS/" 200 || fail "the home page does not answer 200 through nginx"
ok "home page: 200 over HTTPS through nginx ($HTTPS/)"

# --- a static file, served by nginx from STATIC_ROOT --------------------------------------
"${CURL[@]}" -o "$WORK/home.html" "$HTTPS/"
STYLESHEET=$(grep -oE '/static/[^"]+\.css' "$WORK/home.html" | head -n 1)
[[ $STYLESHEET =~ \.[0-9a-f]{12}\.css$ ]] || fail "no fingerprinted stylesheet on the home page ($STYLESHEET)"
HEADERS=$("${CURL[@]}" -D - -o /dev/null "$HTTPS$STYLESHEET" | tr -d '\r')
grep -q '^HTTP/[0-9.]* 200' <<<"$HEADERS" || fail "stylesheet $STYLESHEET: $HEADERS"
CACHE=$(grep -i '^cache-control:' <<<"$HEADERS" | head -n 1)
[[ $CACHE == *"max-age=31536000"*"immutable"* ]] || fail "stylesheet cache header: $CACHE"
grep -qi '^content-type: text/css' <<<"$HEADERS" || fail "stylesheet content type"
ok "stylesheet $STYLESHEET: 200, $CACHE"

# --- /healthz -------------------------------------------------------------------------------
HEALTH_REQUIRED="$HTTPS/healthz?workers=required"
wait_until 60 answers "$HEALTH_REQUIRED" 200 || fail "/healthz?workers=required: $("${CURL[@]}" "$HEALTH_REQUIRED")"
ok "/healthz over HTTPS: $("${CURL[@]}" "$HTTPS/healthz")"
HEADERS=$("${CURL[@]}" -D - -o /dev/null "$HTTPS/healthz" | tr -d '\r')
grep -qi '^cache-control:.*no-store' <<<"$HEADERS" || fail "/healthz is not sent no-store"
! grep -qi '^set-cookie:' <<<"$HEADERS" || fail "/healthz set a cookie"
ok "/healthz: Cache-Control no-store, no cookie"
# The load balancer's check: plain HTTP, asked by address (the Host is nginx's concern).
PLAIN=$(curl --silent --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/healthz")
[[ $PLAIN == 200 ]] || fail "/healthz over plain HTTP by address answered $PLAIN"
ok "/healthz over plain HTTP by address (a load balancer's check): 200, not redirected"
REDIRECT=$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "$HTTP/accessibility/")
[[ $REDIRECT == "301 https://$SITE/accessibility/" ]] || fail "http → https: $REDIRECT"
ok "plain HTTP elsewhere: $REDIRECT"

# --- an e-mail, end to end ------------------------------------------------------------------
# The password reset form, as a browser posts it (CSRF cookie and token, Referer); an address
# with no account still gets an e-mail saying so (allauth), through the outbox and the
# e-mail worker to the SMTP sink.
ADDRESS=smoke-test@example.nhs.uk
JAR=$WORK/cookies.txt
RESET=/accounts/password/reset/
"${CURL[@]}" -c "$JAR" -b "$JAR" -o "$WORK/reset.html" "$HTTPS$RESET"
TOKEN=$(grep -oE 'name="csrfmiddlewaretoken" value="[^"]+"' "$WORK/reset.html" | head -n 1 | sed 's/.*value="//; s/"$//')
[[ -n $TOKEN ]] || fail "no CSRF token on $RESET"
POSTED=$("${CURL[@]}" -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' \
  -H "Referer: https://$SITE$RESET" --data-urlencode "csrfmiddlewaretoken=$TOKEN" \
  --data-urlencode "email=$ADDRESS" "$HTTPS$RESET")
[[ $POSTED == "302 "*"/accounts/password/reset/done/" ]] || fail "posting $RESET: $POSTED"
mail_arrived() { grep -lq "X-Envelope-To: $ADDRESS" "$WORK"/mail/*.eml; }
wait_until 60 mail_arrived || fail "no e-mail to $ADDRESS reached the SMTP sink"
MESSAGE=$(grep -l "X-Envelope-To: $ADDRESS" "$WORK"/mail/*.eml | head -n 1)
SUBJECT=$(grep -m 1 '^Subject:' "$MESSAGE" | tr -d '\r')
MESSAGE_ID=$(grep -i -m 1 '^Message-ID:' "$MESSAGE" | tr -d '\r' | sed 's/^[^:]*: *//')
# The outbox row the e-mail worker sent it from (found by its Message-ID: once sent, a row
# keeps no body, and some keep no recipient).
SENT=$(django_py "from ellw.mail.models import OutboundEmail; print(OutboundEmail.objects.get(message_id='$MESSAGE_ID').status)")
[[ $SENT == sent ]] || fail "the outbox row of $MESSAGE_ID is $SENT"
ok "e-mail: posted $RESET ($POSTED), arrived at the SMTP sink ($SUBJECT), outbox row sent"

# --- a certificate rendered by the documents worker -----------------------------------------
# seed_demo on this new database (it refuses one with accounts it did not make) issues Cohort
# 1's certificates; each is a generated document the documents worker renders.
"$PY" manage.py seed_demo >"$WORK/seed.log" 2>&1 || fail "seed_demo"
CHECK='
from cohorts.models import Certificate
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
documents = GeneratedDocument.objects.filter(kind=DocumentKind.CERTIFICATE)
ready = documents.filter(status=DocumentStatus.READY)
print(documents.count(), ready.count(), documents.filter(status=DocumentStatus.FAILED).count())
'
certificates_rendered() {
  read -r total ready failed < <(django_py "$CHECK")
  ((failed == 0)) || fail "$failed certificate(s) failed to render"
  ((total > 0 && ready == total))
}
wait_until 300 certificates_rendered || fail "certificates not rendered: $(django_py "$CHECK")"
read -r total _ _ < <(django_py "$CHECK")
CODE=$(django_py "
from cohorts.models import Certificate
from ellw.documents.enums import DocumentStatus
print(Certificate.objects.filter(document__status=DocumentStatus.READY).first().display_code)")
VERIFY=$(status_of "$HTTPS/verify/$CODE/")
[[ $VERIFY == 200 ]] || fail "/verify/$CODE/ answered $VERIFY"
ok "certificates: $total rendered by the documents worker; /verify/$CODE/ 200 through nginx"

grep -q "request_id=[0-9a-f]\{32\}" "$WORK/gunicorn.log" || fail "gunicorn's access log has no request id from nginx"
ok "gunicorn's access log carries nginx's request id"
