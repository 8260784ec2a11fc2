output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.main.id
}

output "public_subnet_ids" {
  description = "Public subnets (load balancer)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (tasks, DocumentDB, Redis)."
  value       = aws_subnet.private[*].id
}

output "alb_security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "Security group of the nodes."
  value       = aws_security_group.app.id
}

output "docdb_security_group_id" {
  description = "Security group of DocumentDB."
  value       = aws_security_group.docdb.id
}

output "redis_security_group_id" {
  description = "Security group of Redis."
  value       = aws_security_group.redis.id
}
