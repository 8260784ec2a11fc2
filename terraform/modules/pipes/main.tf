# One EventBridge Pipe per stream: its FIFO queue is the source, a filter lets through only tourbook
# CloudEvents of that stream, the optional enrichment Lambda (lambda/pipe-enricher) validates each
# envelope and adds trace and partition attributes, and the target puts the envelope on the bus
# with Source tourbook.<service> and DetailType the envelope's type.
data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  enrichment_enabled = var.enricher_jar != ""
}

data "aws_iam_policy_document" "pipes_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["pipes.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "pipes" {
  name               = "${var.name_prefix}-pipes"
  assume_role_policy = data.aws_iam_policy_document.pipes_assume.json
}

data "aws_iam_policy_document" "pipes" {
  statement {
    sid       = "ReadStreamQueues"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = values(var.queue_arns)
  }

  statement {
    sid       = "PutOnBus"
    actions   = ["events:PutEvents"]
    resources = [var.event_bus_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.pipes.arn}:*"]
  }

  # Only with the enricher: a statement without resources is not a valid policy.
  dynamic "statement" {
    for_each = aws_lambda_function.enricher[*].arn

    content {
      sid       = "InvokeEnricher"
      actions   = ["lambda:InvokeFunction"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "pipes" {
  name   = "${var.name_prefix}-pipes"
  role   = aws_iam_role.pipes.id
  policy = data.aws_iam_policy_document.pipes.json
}

resource "aws_cloudwatch_log_group" "pipes" {
  name              = "/aws/vendedlogs/pipes/${var.name_prefix}"
  retention_in_days = var.log_retention_days
}

resource "aws_pipes_pipe" "stream" {
  for_each = var.streams

  name          = "${var.name_prefix}-${each.key}"
  description   = "Stream ${each.key}: FIFO queue to the tourbook bus."
  role_arn      = aws_iam_role.pipes.arn
  source        = var.queue_arns[each.key]
  target        = var.event_bus_arn
  enrichment    = one(aws_lambda_function.enricher[*].arn)
  desired_state = "RUNNING"

  source_parameters {
    sqs_queue_parameters {
      batch_size = 10
    }

    filter_criteria {
      filter {
        pattern = jsonencode({
          body = {
            specversion = ["1.0"]
            source      = ["/tourbook/${each.value}"]
            id          = [{ exists = true }]
          }
        })
      }
    }
  }

  # The enricher answers with the SQS records it got, each body replaced by the enriched envelope
  # as a JSON object, so the paths below hold with and without it.
  target_parameters {
    input_template = "<$.body>"

    eventbridge_event_bus_parameters {
      source      = "tourbook.${each.value}"
      detail_type = "$.body.type"
    }
  }

  log_configuration {
    level = "ERROR"

    cloudwatch_logs_log_destination {
      log_group_arn = aws_cloudwatch_log_group.pipes.arn
    }
  }

  depends_on = [aws_iam_role_policy.pipes]
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "enricher" {
  count = local.enrichment_enabled ? 1 : 0

  name               = "${var.name_prefix}-pipe-enricher"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

resource "aws_cloudwatch_log_group" "enricher" {
  count = local.enrichment_enabled ? 1 : 0

  name              = "/aws/lambda/${var.name_prefix}-pipe-enricher"
  retention_in_days = var.log_retention_days
}

# The enricher only writes its own logs.
data "aws_iam_policy_document" "enricher" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name_prefix}-pipe-enricher:*"]
  }
}

resource "aws_iam_role_policy" "enricher" {
  count = local.enrichment_enabled ? 1 : 0

  name   = "${var.name_prefix}-pipe-enricher"
  role   = aws_iam_role.enricher[0].id
  policy = data.aws_iam_policy_document.enricher.json
}

resource "aws_lambda_function" "enricher" {
  count = local.enrichment_enabled ? 1 : 0

  function_name    = "${var.name_prefix}-pipe-enricher"
  description      = "Validates tourbook envelopes and adds trace and partition attributes."
  role             = aws_iam_role.enricher[0].arn
  runtime          = "java17"
  handler          = "io.tourbook.lambda.enricher.PipeEnricherHandler::handleRequest"
  filename         = var.enricher_jar
  source_code_hash = filebase64sha256(var.enricher_jar)
  memory_size      = 512
  timeout          = 30

  depends_on = [aws_cloudwatch_log_group.enricher]
}
