# An ECS Fargate service per node group, each task running the app image clustered (--cluster,
# profile aws: Hazelcast finds the other tasks of this ECS cluster), behind one load balancer that
# routes /api/v1/<mount> to the group running the service.
locals {
  container_name = "tourbook"
  app_port       = 8080
  api_listener   = var.certificate_arn != "" ? one(aws_lb_listener.https[*].arn) : aws_lb_listener.http.arn

  # Settings every node takes from its environment; each name is a config key by the rule of
  # config/default.yaml's header (deploy-checks verifies that).
  node_environment = {
    SQS_REGION                      = var.region
    EVENTBRIDGE_REGION              = var.region
    SMTP_HOST                       = var.smtp_host
    SMTP_PORT                       = tostring(var.smtp_port)
    SMTP_STARTTLS                   = "REQUIRED"
    CLUSTER_NAME                    = var.name_prefix
    CLUSTER_AWS_REGION              = var.region
    CLUSTER_AWS_ECS_CLUSTER         = aws_ecs_cluster.main.name
    IAM_LOGIN_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    IAM_ADMIN_EMAIL                 = var.admin_email
    # The token issuer (jwt.issuer) and its OIDC discovery URLs derive from it.
    HTTP_PUBLIC_URL = var.public_url != "" ? var.public_url : format(
      "%s://%s", var.certificate_arn != "" ? "https" : "http", aws_lb.main.dns_name
    )
  }

  routes = flatten([
    for group, settings in var.node_groups : [
      for service in settings.services : { group = group, mount = var.service_mounts[service] } if contains(keys(var.service_mounts), service)
    ]
  ])
}

resource "aws_ecs_cluster" "main" {
  name = "${var.name_prefix}-nodes"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "nodes" {
  name              = "/ecs/${var.name_prefix}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# The execution role pulls the image, writes the logs and reads the node secrets.
resource "aws_iam_role" "execution" {
  name               = "${var.name_prefix}-task-execution"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = values(var.secret_arns)
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "${var.name_prefix}-read-node-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

# Task roles: every node may list the tasks of its own ECS cluster (Hazelcast discovery); only a
# group running the bridge may send to the stream queues.
resource "aws_iam_role" "task" {
  for_each = var.node_groups

  name               = "${var.name_prefix}-${each.key}-task"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json
}

data "aws_iam_policy_document" "discovery" {
  statement {
    sid       = "ListClusterTasks"
    actions   = ["ecs:ListTasks"]
    resources = ["*"]

    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.main.arn]
    }
  }

  statement {
    sid       = "DescribeClusterTasks"
    actions   = ["ecs:DescribeTasks"]
    resources = ["*"]

    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.main.arn]
    }
  }

  statement {
    sid       = "DescribeTaskInterfaces"
    actions   = ["ec2:DescribeNetworkInterfaces"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "discovery" {
  for_each = var.node_groups

  name   = "${var.name_prefix}-${each.key}-discovery"
  role   = aws_iam_role.task[each.key].id
  policy = data.aws_iam_policy_document.discovery.json
}

data "aws_iam_policy_document" "bridge" {
  statement {
    sid       = "SendToStreamQueues"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = values(var.stream_queue_arns)
  }
}

resource "aws_iam_role_policy" "bridge" {
  for_each = { for group, settings in var.node_groups : group => settings if contains(settings.services, "bridge") }

  name   = "${var.name_prefix}-${each.key}-bridge"
  role   = aws_iam_role.task[each.key].id
  policy = data.aws_iam_policy_document.bridge.json
}

resource "aws_ecs_task_definition" "node" {
  for_each = var.node_groups

  family                   = "${var.name_prefix}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name        = local.container_name
      image       = var.app_image
      essential   = true
      command     = ["--cluster", "--profile", "aws", "--services", join(",", each.value.services)]
      stopTimeout = 60
      portMappings = [
        { containerPort = local.app_port, protocol = "tcp" },
        { containerPort = 5701, protocol = "tcp" },
        { containerPort = 5801, protocol = "tcp" }
      ]
      environment = [for name, value in local.node_environment : { name = name, value = value }]
      secrets     = [for name, arn in var.secret_arns : { name = name, valueFrom = arn }]
      # Liveness: ECS replaces a task whose process or event loops stopped answering, never one
      # whose dependencies are down (the load balancer's readiness check takes it out of service).
      healthCheck = {
        command     = ["CMD-SHELL", "curl -fsS http://localhost:8080/health/live || exit 1"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 90
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.nodes.name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = each.key
        }
      }
    }
  ])
}

resource "aws_lb" "main" {
  name                       = "${var.name_prefix}-api"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [var.alb_security_group_id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "node" {
  for_each = var.node_groups

  name                 = "${var.name_prefix}-${each.key}"
  port                 = local.app_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  # Readiness: traffic goes to a node only while its dependencies and subscriptions are up.
  health_check {
    path                = "/health/ready"
    matcher             = "200"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "https" {
  count = var.certificate_arn != "" ? 1 : 0

  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.node[var.default_node_group].arn
  }
}

# With a certificate, port 80 only redirects to HTTPS; without one it serves the API itself.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = var.certificate_arn != "" ? "redirect" : "forward"
    target_group_arn = var.certificate_arn != "" ? null : aws_lb_target_group.node[var.default_node_group].arn

    dynamic "redirect" {
      for_each = var.certificate_arn != "" ? ["https"] : []

      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener_rule" "service" {
  for_each = { for index, route in local.routes : route.mount => merge(route, { priority = 100 + index }) }

  listener_arn = local.api_listener
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.node[each.value.group].arn
  }

  condition {
    path_pattern {
      values = ["/api/v1/${each.key}", "/api/v1/${each.key}/*"]
    }
  }
}

resource "aws_ecs_service" "node" {
  for_each = var.node_groups

  name                               = "${var.name_prefix}-${each.key}"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.node[each.key].arn
  desired_count                      = each.value.desired_count
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 120
  propagate_tags                     = "SERVICE"

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.app_security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.node[each.key].arn
    container_name   = local.container_name
    container_port   = local.app_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # A target group must be behind the load balancer before a service registers in it.
  depends_on = [aws_lb_listener.http, aws_lb_listener.https, aws_lb_listener_rule.service]
}
