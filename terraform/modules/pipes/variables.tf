variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "streams" {
  type        = map(string)
  description = "Service of each stream, by stream key (iam-accounts = iam, ...)."
}

variable "queue_arns" {
  type        = map(string)
  description = "ARN of each stream's FIFO queue, by stream key: the pipes' sources."
}

variable "event_bus_arn" {
  type        = string
  description = "ARN of the bus the pipes put events on."
}

variable "enricher_jar" {
  type        = string
  description = "Path of the enricher's deployment jar; empty: no enrichment step."
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps pipe and enricher logs."
}
