#!/bin/bash
# LocalStack ready hook: the stream queues and the bus of config/default.yaml (bridge.streams,
# bridge.eventbridge.bus-name). deploy-checks' ComposeTest keeps this list equal to the config.
set -euo pipefail

for queue in \
  tourbook-iam-accounts.fifo \
  tourbook-listing-listings.fifo \
  tourbook-payment-payments.fifo \
  tourbook-tour-tours.fifo \
  tourbook-assignment-assignments.fifo \
  tourbook-scheduling-schedules.fifo; do
  awslocal sqs create-queue --queue-name "$queue" \
    --attributes FifoQueue=true,ContentBasedDeduplication=false
done

awslocal events create-event-bus --name tourbook-events
echo "tourbook queues and bus created"
