variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "stream_queue_names" {
  type        = map(string)
  description = "FIFO queue name of each stream, by stream key (iam-accounts, ...)."

  validation {
    condition     = alltrue([for name in values(var.stream_queue_names) : endswith(name, ".fifo")])
    error_message = "Stream queues are FIFO queues: their names end in .fifo."
  }
}

variable "event_bus_name" {
  type        = string
  description = "Name of the custom EventBridge bus."
}

variable "consumer_groups" {
  type        = map(string)
  description = "Event pattern (JSON) of each consumer group's rule, generated from SubscriptionRegistry."
}

variable "max_receive_count" {
  type        = number
  description = "Receives of a message before it moves to its dead-letter queue."
}

variable "archive_retention_days" {
  type        = number
  description = "Days the bus archive keeps events; 0 keeps them forever."
}

variable "producer_role_arns" {
  type        = list(string)
  description = "IAM roles allowed to send to the stream queues (the nodes' task roles)."
}
