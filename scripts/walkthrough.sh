#!/usr/bin/env bash
# The README walkthrough: books two tours with one realtor end to end with curl against a running
# node, the way a provider, a realtor, two customers and an admin would. Start the node with IAM_ADMIN_EMAIL and
# IAM_ADMIN_PASSWORD set (see README). Exits non-zero if any step fails.
set -euo pipefail

API="${TOURBOOK_URL:-http://localhost:8080}/api/v1"
ADMIN_EMAIL="${IAM_ADMIN_EMAIL:?set IAM_ADMIN_EMAIL as for the node}"
ADMIN_PASSWORD="${IAM_ADMIN_PASSWORD:?set IAM_ADMIN_PASSWORD as for the node}"
PASSWORD='Correct-Horse-9'
RUN="$(date +%s)$$"

# The first string value of a JSON field in the body on stdin.
field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -1 | cut -d'"' -f4; }
call() { # METHOD PATH [TOKEN] [BODY]
  curl -sS --fail-with-body -X "$1" "$API$2" -H 'Content-Type: application/json' \
    ${3:+-H "Authorization: Bearer $3"} ${4:+-d "$4"}
}
register() { call POST /iam/register "" "{\"email\":\"$1\",\"password\":\"$PASSWORD\",\"name\":\"$2 $RUN\",\"role\":\"$2\"${3:-}}" | field id; }
login() { call POST /iam/login "" "{\"email\":\"$1\",\"password\":\"$2\"}" | field accessToken; }
step() { echo "== $*" >&2; }

step "admin logs in"
ADMIN=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD")

step "a provider registers and the admin verifies them"
PROVIDER_ID=$(register "provider-$RUN@example.com" provider)
call POST "/iam/accounts/$PROVIDER_ID/verify" "$ADMIN" >/dev/null
PROVIDER=$(login "provider-$RUN@example.com" "$PASSWORD")

step "the provider lists two flats (retrying until the listing service has seen the verification)"
listing() {
  echo "{\"title\":\"$1\",\"description\":\"Bright, near the park\",\"type\":\"apartment\",\"offer\":\"rent\",
    \"price\":{\"amount\":1500,\"currency\":\"USD\"},\"tourFee\":{\"amount\":25,\"currency\":\"USD\"},
    \"location\":{\"lat\":$2,\"lon\":$3,\"address\":{\"street\":\"1 Main St\",\"city\":\"Lagos\",\"state\":\"Lagos\",\"country\":\"NG\",\"postcode\":\"100001\"}}}"
}
create_listing() {
  for _ in $(seq 1 50); do
    if id=$(call POST /listings "$PROVIDER" "$(listing "$@")" 2>/dev/null | field id) && [ -n "$id" ]; then echo "$id"; return; fi
    sleep 0.2
  done
  return 1
}
L1=$(create_listing "Flat A" 6.4500 3.3900)
L2=$(create_listing "Flat B" 6.4540 3.3930)

step "a realtor nearby registers, is verified and says they are available"
REALTOR_ID=$(register "realtor-$RUN@example.com" realtor ',"location":{"lat":6.452,"lon":3.392}')
call POST "/iam/accounts/$REALTOR_ID/verify" "$ADMIN" >/dev/null
REALTOR=$(login "realtor-$RUN@example.com" "$PASSWORD")
call PUT /iam/me/availability "$REALTOR" '{"status":"available","location":{"lat":6.452,"lon":3.392}}' >/dev/null

step "a customer finds the flats near them and puts both in the cart"
register "customer-$RUN@example.com" customer >/dev/null
CUSTOMER=$(login "customer-$RUN@example.com" "$PASSWORD")
call GET "/listings?near=6.45,3.39&radiusKm=5" "$CUSTOMER" | grep -q "$L1"
call POST /carts/me/items "$CUSTOMER" "{\"listingId\":\"$L1\"}" >/dev/null
call POST /carts/me/items "$CUSTOMER" "{\"listingId\":\"$L2\"}" >/dev/null

step "the cart shows the flats' current fees: 50 USD in all"
call GET /carts/me "$CUSTOMER" | grep -q '"total":{"amount":50.0,"currency":"USD"}'

step "the customer checks out the 50 USD they saw with a test card, for 10:00 UTC on the next weekday after tomorrow"
DAY=2; while [ "$(date -u -d "+$DAY day" +%u)" -gt 5 ]; do DAY=$((DAY + 1)); done
WHEN="$(date -u -d "+$DAY day" +%Y-%m-%d)T10:00:00Z"
curl -sS --fail-with-body -X POST "$API/carts/me/checkout" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $CUSTOMER" -H "Idempotency-Key: walkthrough-$RUN" \
  -d "{\"paymentToken\":\"tok_visa\",\"expectedTotal\":{\"amount\":50,\"currency\":\"USD\"},\"preferredTimes\":[{\"start\":\"$WHEN\"}]}" | grep -q succeeded

scheduled_tours() { # TOKEN: waits until the caller's tours are scheduled, prints them
  local tours
  for _ in $(seq 1 100); do
    tours=$(call GET /tours "$1")
    if echo "$tours" | grep -q '"status":"SCHEDULED"'; then break; fi
    sleep 0.3
  done
  echo "$tours" | grep -q '"status":"SCHEDULED"'
  echo "$tours"
}

step "the tour is paid, assigned to the realtor and scheduled at 10:00"
TOURS=$(scheduled_tours "$CUSTOMER")
echo "$TOURS" | grep -q "$REALTOR_ID"
echo "$TOURS" | grep -q "\"start\":\"${WHEN%Z}"
echo "$TOURS"
step "booked: tour $(echo "$TOURS" | field id) with realtor $REALTOR_ID"

step "a second customer books Flat B with the same realtor, for 14:00 the same day"
register "customer2-$RUN@example.com" customer >/dev/null
CUSTOMER2=$(login "customer2-$RUN@example.com" "$PASSWORD")
call POST /carts/me/items "$CUSTOMER2" "{\"listingId\":\"$L2\"}" >/dev/null
WHEN2="${WHEN%T*}T14:00:00Z"
curl -sS --fail-with-body -X POST "$API/carts/me/checkout" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $CUSTOMER2" -H "Idempotency-Key: walkthrough-2-$RUN" \
  -d "{\"paymentToken\":\"tok_visa\",\"preferredTimes\":[{\"start\":\"$WHEN2\"}]}" | grep -q succeeded
TOURS2=$(scheduled_tours "$CUSTOMER2")
echo "$TOURS2" | grep -q "$REALTOR_ID"
echo "$TOURS2" | grep -q "\"start\":\"${WHEN2%Z}"
step "booked: tour $(echo "$TOURS2" | field id) with the same realtor at 14:00"

step "the realtor sees both tours"
test "$(call GET /tours "$REALTOR" | grep -o '"status":"SCHEDULED"' | wc -l)" -eq 2

TOUR_ID=$(echo "$TOURS" | field id)
step "the customer cancels more than 24 hours ahead, and gets the 50 USD back"
call POST "/tours/$TOUR_ID/cancel" "$CUSTOMER" | grep -q '"cancelledBy":"customer"'
for _ in $(seq 1 100); do
  PAYMENTS=$(call GET /payments "$CUSTOMER")
  if echo "$PAYMENTS" | grep -q '"status":"refunded"'; then break; fi
  sleep 0.3
done
echo "$PAYMENTS" | grep -q '"status":"refunded"'
step "refunded: payment $(echo "$PAYMENTS" | field id) of tour $TOUR_ID"
