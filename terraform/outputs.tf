output "api_url" {
  description = "Base URL of the HTTP API behind the load balancer."
  value       = module.compute.api_url
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer, for a CNAME or alias record."
  value       = module.compute.load_balancer_dns_name
}

output "ecs_cluster_name" {
  description = "ECS cluster of the node groups (and of the Hazelcast members they discover)."
  value       = module.compute.cluster_name
}

output "ecs_service_names" {
  description = "ECS service of each node group."
  value       = module.compute.service_names
}

output "stream_queue_urls" {
  description = "URL of each stream's FIFO queue, by stream key."
  value       = module.messaging.stream_queue_urls
}

output "consumer_group_queue_urls" {
  description = "URL of the queue each consumer group's rule delivers to."
  value       = module.messaging.consumer_group_queue_urls
}

output "event_bus_name" {
  description = "Name of the custom EventBridge bus."
  value       = module.messaging.event_bus_name
}

output "documentdb_endpoint" {
  description = "Writer endpoint of the DocumentDB cluster (empty with an Atlas URI)."
  value       = module.data.documentdb_endpoint
}

output "documentdb_enable_change_streams" {
  description = "The admin command to run once against DocumentDB to turn change streams on for every collection."
  value       = module.data.documentdb_enable_change_streams
}

output "redis_endpoint" {
  description = "Primary endpoint of the ElastiCache replication group."
  value       = module.data.redis_endpoint
}

output "secret_arns" {
  description = "Secrets Manager ARNs of the Mongo URI, the Redis URL, the JWT keys and the first admin's password."
  value       = module.data.secret_arns
}
