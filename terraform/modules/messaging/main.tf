# The stream queues the bridge writes (FIFO: message group = subject, deduplication id = event id),
# the custom bus the Pipes feed, its archive, and one rule per consumer group with the group's queue
# as target. Every queue has a dead-letter queue, server-side encryption and a TLS-only policy.
data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  queue_arn_prefix = "arn:aws:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
}

resource "aws_sqs_queue" "stream_dlq" {
  for_each = var.stream_queue_names

  name                      = replace(each.value, ".fifo", "-dlq.fifo")
  fifo_queue                = true
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600

  # Built from the name rather than the source queue's ARN, which would be a cycle.
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = ["${local.queue_arn_prefix}:${each.value}"]
  })
}

resource "aws_sqs_queue" "stream" {
  for_each = var.stream_queue_names

  name                        = each.value
  fifo_queue                  = true
  content_based_deduplication = false
  deduplication_scope         = "messageGroup"
  fifo_throughput_limit       = "perMessageGroupId"
  sqs_managed_sse_enabled     = true
  message_retention_seconds   = 345600
  visibility_timeout_seconds  = 60

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.stream_dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_policy" "stream" {
  for_each = var.stream_queue_names

  queue_url = aws_sqs_queue.stream[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ProducersSend"
        Effect    = "Allow"
        Principal = { AWS = var.producer_role_arns }
        Action    = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
        Resource  = aws_sqs_queue.stream[each.key].arn
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.stream[each.key].arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_sqs_queue_policy" "stream_dlq" {
  for_each = var.stream_queue_names

  queue_url = aws_sqs_queue.stream_dlq[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.stream_dlq[each.key].arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_cloudwatch_event_bus" "main" {
  name = var.event_bus_name
}

resource "aws_cloudwatch_event_archive" "main" {
  name             = "${var.name_prefix}-events-archive"
  description      = "Every event on the tourbook bus, for replay."
  event_source_arn = aws_cloudwatch_event_bus.main.arn
  retention_days   = var.archive_retention_days
}

# The queue each consumer group's rule delivers to; a standard queue (consumers deduplicate by the
# envelope's id, which the event's detail carries).
resource "aws_sqs_queue" "group_dlq" {
  for_each = var.consumer_groups

  name                      = "${var.name_prefix}-group-${each.key}-dlq"
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = ["${local.queue_arn_prefix}:${var.name_prefix}-group-${each.key}"]
  })
}

resource "aws_sqs_queue" "group" {
  for_each = var.consumer_groups

  name                       = "${var.name_prefix}-group-${each.key}"
  sqs_managed_sse_enabled    = true
  message_retention_seconds  = 345600
  visibility_timeout_seconds = 60

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.group_dlq[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_cloudwatch_event_rule" "group" {
  for_each = var.consumer_groups

  name           = "${var.name_prefix}-${each.key}"
  description    = "Events consumer group ${each.key} subscribes to (generated from SubscriptionRegistry)."
  event_bus_name = aws_cloudwatch_event_bus.main.name
  event_pattern  = each.value
}

resource "aws_cloudwatch_event_target" "group" {
  for_each = var.consumer_groups

  rule           = aws_cloudwatch_event_rule.group[each.key].name
  event_bus_name = aws_cloudwatch_event_bus.main.name
  target_id      = "group-queue"
  arn            = aws_sqs_queue.group[each.key].arn

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  dead_letter_config {
    arn = aws_sqs_queue.group_dlq[each.key].arn
  }
}

# The rule may deliver to its group's queue, and EventBridge may park what it cannot deliver in the
# group's dead-letter queue; nothing else may send to either.
resource "aws_sqs_queue_policy" "group" {
  for_each = var.consumer_groups

  queue_url = aws_sqs_queue.group[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RuleDelivers"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.group[each.key].arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.group[each.key].arn } }
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.group[each.key].arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_sqs_queue_policy" "group_dlq" {
  for_each = var.consumer_groups

  queue_url = aws_sqs_queue.group_dlq[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RuleParksUndeliverable"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.group_dlq[each.key].arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.group[each.key].arn } }
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.group_dlq[each.key].arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}
