variable "region" {
  type        = string
  description = "AWS region of every resource."
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name. The queue and bus names in config/default.yaml assume \"tourbook\"."
  default     = "tourbook"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default = {
    Project = "tourbook"
  }
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC; public and private subnets are carved from it."
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "availability_zone_count" {
  type        = number
  description = "Availability zones to spread subnets, DocumentDB instances and tasks over."
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 3
    error_message = "availability_zone_count must be 2 or 3 (the load balancer needs two)."
  }
}

variable "app_image" {
  type        = string
  description = "The tourbook image built from the Dockerfile, e.g. <account>.dkr.ecr.<region>.amazonaws.com/tourbook:0.1.0."

  validation {
    condition     = length(var.app_image) > 0
    error_message = "app_image is required."
  }
}

variable "node_groups" {
  type = map(object({
    services      = list(string)
    desired_count = number
    cpu           = number
    memory        = number
  }))
  description = "ECS services, one per node group: the tourbook services each runs (--services) and its size. Together they must deploy every service and the bridge."
  default = {
    edge = {
      services      = ["iam", "listing", "cart", "payment"]
      desired_count = 2
      cpu           = 1024
      memory        = 2048
    }
    core = {
      services      = ["tour", "availability", "assignment", "scheduling", "bridge"]
      desired_count = 2
      cpu           = 1024
      memory        = 2048
    }
  }

  validation {
    condition = alltrue([
      for group in values(var.node_groups) : alltrue([
        for service in group.services : contains(["iam", "listing", "tour", "availability", "assignment", "scheduling", "cart", "payment", "bridge"], service)
      ])
    ])
    error_message = "node_groups may only name the services iam, listing, tour, availability, assignment, scheduling, cart, payment and bridge."
  }

  validation {
    condition     = anytrue([for group in values(var.node_groups) : contains(group.services, "bridge")])
    error_message = "One node group must run the bridge: it is what writes events to the stream queues."
  }

  validation {
    condition     = length(flatten([for group in values(var.node_groups) : group.services])) == length(distinct(flatten([for group in values(var.node_groups) : group.services])))
    error_message = "A service runs in one node group only (scale it with desired_count): the load balancer routes its path to one group."
  }

  validation {
    condition     = alltrue([for group in values(var.node_groups) : group.desired_count >= 1])
    error_message = "Every node group runs at least one task."
  }
}

variable "default_node_group" {
  type        = string
  description = "Node group that answers what no service path matches: /health, /openapi.json, /api/v1/commands and /api/v1/events (every node serves these)."
  default     = "edge"
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listener. Empty: plain HTTP on port 80 (test environments only)."
  default     = ""

  validation {
    condition     = var.certificate_arn == "" || can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be empty or an ACM certificate ARN."
  }
}

variable "public_url" {
  type        = string
  description = "URL clients reach the API at, e.g. https://api.example.com: the tokens' issuer, whose /.well-known/openid-configuration an API gateway JWT authorizer reads. Empty: the load balancer's DNS name."
  default     = ""

  validation {
    condition     = var.public_url == "" || can(regex("^https?://[^/?#\\s]+$", var.public_url))
    error_message = "public_url must be empty or an http(s) URL with no path."
  }
}

variable "mongo_uri" {
  type        = string
  description = "A MongoDB Atlas (or other replica set) URI to use instead of DocumentDB. Empty: create a DocumentDB cluster."
  default     = ""
  sensitive   = true
}

variable "documentdb_instance_class" {
  type        = string
  description = "Instance class of the DocumentDB instances."
  default     = "db.t4g.medium"
}

variable "documentdb_instance_count" {
  type        = number
  description = "DocumentDB instances (one primary, the rest replicas)."
  default     = 2

  validation {
    condition     = var.documentdb_instance_count >= 1 && var.documentdb_instance_count <= 16
    error_message = "documentdb_instance_count must be between 1 and 16."
  }
}

variable "change_stream_retention_seconds" {
  type        = number
  description = "How long DocumentDB keeps change-stream history; a subscription further behind than this fails loudly."
  default     = 86400

  validation {
    condition     = var.change_stream_retention_seconds >= 3600 && var.change_stream_retention_seconds <= 604800
    error_message = "change_stream_retention_seconds must be between 3600 (1 hour) and 604800 (7 days)."
  }
}

variable "redis_node_type" {
  type        = string
  description = "ElastiCache node type of the availability pool."
  default     = "cache.t4g.small"
}

variable "redis_replicas" {
  type        = number
  description = "Read replicas of the Redis primary (cluster mode stays disabled: availability's Lua scripts touch keys of several slots)."
  default     = 1

  validation {
    condition     = var.redis_replicas >= 0 && var.redis_replicas <= 5
    error_message = "redis_replicas must be between 0 and 5."
  }
}

variable "admin_email" {
  type        = string
  description = "E-mail of the first admin account, created at the first start (iam needs both or neither); its password is generated into Secrets Manager (output secret_arns.IAM_ADMIN_PASSWORD)."

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.admin_email))
    error_message = "admin_email must be an e-mail address."
  }
}

variable "smtp_host" {
  type        = string
  description = "SMTP server for notifications, e.g. email-smtp.us-east-1.amazonaws.com."
  default     = ""
}

variable "smtp_port" {
  type        = number
  description = "SMTP port (587 with STARTTLS)."
  default     = 587
}

variable "queue_max_receive_count" {
  type        = number
  description = "Receives of a message before SQS moves it to its dead-letter queue."
  default     = 5

  validation {
    condition     = var.queue_max_receive_count >= 1 && var.queue_max_receive_count <= 1000
    error_message = "queue_max_receive_count must be between 1 and 1000."
  }
}

variable "event_archive_retention_days" {
  type        = number
  description = "Days the bus archive keeps events for replay; 0 keeps them forever."
  default     = 30

  validation {
    condition     = var.event_archive_retention_days >= 0
    error_message = "event_archive_retention_days must not be negative."
  }
}

variable "enricher_jar" {
  type        = string
  description = "Path of lambda/pipe-enricher/target/pipe-enricher.jar. Empty: the pipes run without the enrichment step."
  default     = ""
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the logs of the nodes and the enricher."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs supports (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}
