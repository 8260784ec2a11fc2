output "documentdb_endpoint" {
  description = "Writer endpoint of DocumentDB; empty with an external MongoDB."
  value       = local.create_documentdb ? one(aws_docdb_cluster.main[*].endpoint) : ""
}

output "documentdb_enable_change_streams" {
  description = "Run once with mongosh against DocumentDB: turns change streams on for every collection."
  value       = "db.adminCommand({modifyChangeStreams: 1, database: \"\", collection: \"\", enable: true})"
}

output "redis_endpoint" {
  description = "Primary endpoint of the Redis replication group."
  value       = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "secret_arns" {
  description = "Secrets Manager ARN of each node environment variable (MONGO_URI, REDIS_URL, JWT_PRIVATE_KEY, JWT_PUBLIC_KEYS, IAM_ADMIN_PASSWORD)."
  value       = { for name, secret in aws_secretsmanager_secret.node : name => secret.arn }
}
