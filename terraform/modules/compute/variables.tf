variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "region" {
  type        = string
  description = "AWS region the nodes call SQS, EventBridge and ECS in."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer's target groups."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Subnets of the load balancer."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Subnets of the tasks."
}

variable "alb_security_group_id" {
  type        = string
  description = "Security group of the load balancer."
}

variable "app_security_group_id" {
  type        = string
  description = "Security group of the tasks."
}

variable "app_image" {
  type        = string
  description = "The tourbook image."
}

variable "node_groups" {
  type = map(object({
    services      = list(string)
    desired_count = number
    cpu           = number
    memory        = number
  }))
  description = "Node groups: the services each runs and its size."
}

variable "default_node_group" {
  type        = string
  description = "Node group that answers paths no service rule matches."
}

variable "service_mounts" {
  type        = map(string)
  description = "HTTP mount (/api/v1/<mount>) of each service."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate of the HTTPS listener; empty: HTTP only."
}

variable "public_url" {
  type        = string
  description = "URL clients reach the API at (the token issuer); empty: the load balancer's DNS name."
  default     = ""
}

variable "stream_queue_arns" {
  type        = map(string)
  description = "Stream queues the bridge sends to."
}

variable "secret_arns" {
  type        = map(string)
  description = "Secrets Manager ARN of each secret environment variable of the nodes."
}

variable "admin_email" {
  type        = string
  description = "E-mail of the first admin (its password is the IAM_ADMIN_PASSWORD secret)."
}

variable "smtp_host" {
  type        = string
  description = "SMTP server for notifications."
}

variable "smtp_port" {
  type        = number
  description = "SMTP port."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the node logs."
}
