output "stream_queue_arns" {
  description = "ARN of each stream's FIFO queue, by stream key."
  value       = { for key, queue in aws_sqs_queue.stream : key => queue.arn }
}

output "stream_queue_urls" {
  description = "URL of each stream's FIFO queue, by stream key."
  value       = { for key, queue in aws_sqs_queue.stream : key => queue.id }
}

output "consumer_group_queue_urls" {
  description = "URL of each consumer group's queue."
  value       = { for key, queue in aws_sqs_queue.group : key => queue.id }
}

output "event_bus_arn" {
  description = "ARN of the custom bus."
  value       = aws_cloudwatch_event_bus.main.arn
}

output "event_bus_name" {
  description = "Name of the custom bus."
  value       = aws_cloudwatch_event_bus.main.name
}
