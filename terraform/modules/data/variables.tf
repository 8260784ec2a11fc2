variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets of DocumentDB and Redis."
}

variable "docdb_security_group_id" {
  type        = string
  description = "Security group of DocumentDB (27017 from the nodes)."
}

variable "redis_security_group_id" {
  type        = string
  description = "Security group of Redis (6379 from the nodes)."
}

variable "mongo_uri" {
  type        = string
  description = "External MongoDB URI (Atlas); empty creates DocumentDB."
  sensitive   = true
}

variable "documentdb_instance_class" {
  type        = string
  description = "Instance class of the DocumentDB instances."
}

variable "documentdb_instance_count" {
  type        = number
  description = "DocumentDB instances."
}

variable "change_stream_retention_seconds" {
  type        = number
  description = "Seconds of change-stream history DocumentDB keeps."
}

variable "redis_node_type" {
  type        = string
  description = "ElastiCache node type."
}

variable "redis_replicas" {
  type        = number
  description = "Read replicas of the Redis primary."
}
