variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name."
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC."
}

variable "availability_zone_count" {
  type        = number
  description = "Availability zones to create a public and a private subnet in."
}

variable "app_port" {
  type        = number
  description = "HTTP port of the nodes (http.port)."
  default     = 8080
}

variable "hazelcast_port" {
  type        = number
  description = "First Hazelcast member port (cluster.port); members may take the next seven."
  default     = 5701
}

variable "event_bus_port" {
  type        = number
  description = "Port of the Vert.x clustered event bus (cluster.event-bus-port in config/aws.yaml)."
  default     = 5801
}
