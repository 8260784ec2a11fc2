output "api_url" {
  description = "Base URL of the HTTP API."
  value       = format("%s://%s/api/v1", var.certificate_arn != "" ? "https" : "http", aws_lb.main.dns_name)
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.main.dns_name
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.main.name
}

output "service_names" {
  description = "ECS service of each node group."
  value       = { for group, service in aws_ecs_service.node : group => service.name }
}

output "task_role_arns" {
  description = "Task roles allowed to send to the stream queues (the groups running the bridge)."
  value       = [for group, policy in aws_iam_role_policy.bridge : aws_iam_role.task[group].arn]
}
