# DocumentDB (change streams on) or an external MongoDB such as Atlas, ElastiCache Redis with TLS and
# AUTH, and the secrets the nodes read: the Mongo URI, the Redis URL and the JWT keys.
locals {
  create_documentdb = var.mongo_uri == ""
  documentdb_user   = "tourbook"

  documentdb_uri = local.create_documentdb ? format(
    "mongodb://%s:%s@%s:27017/?tls=true&replicaSet=rs0&readPreference=primary&retryWrites=false",
    local.documentdb_user,
    random_password.documentdb.result,
    one(aws_docdb_cluster.main[*].endpoint)
  ) : ""

  secret_values = {
    MONGO_URI          = local.create_documentdb ? local.documentdb_uri : var.mongo_uri
    REDIS_URL          = "rediss://:${random_password.redis_auth.result}@${aws_elasticache_replication_group.main.primary_endpoint_address}:6379"
    JWT_PRIVATE_KEY    = tls_private_key.jwt.private_key_pem_pkcs8
    JWT_PUBLIC_KEYS    = tls_private_key.jwt.public_key_pem
    IAM_ADMIN_PASSWORD = random_password.admin.result
  }
}

resource "random_password" "documentdb" {
  length  = 32
  special = false
}

# Meets iam's password rules (length, two kinds of characters).
resource "random_password" "admin" {
  length      = 24
  special     = false
  min_upper   = 2
  min_lower   = 2
  min_numeric = 2
}

resource "random_password" "redis_auth" {
  length  = 48
  special = false
}

resource "aws_docdb_subnet_group" "main" {
  count = local.create_documentdb ? 1 : 0

  name       = "${var.name_prefix}-docdb"
  subnet_ids = var.private_subnet_ids
}

# Change streams need the cluster to keep their log: change_stream_log_retention_duration here, and
# the modifyChangeStreams admin command (output documentdb_enable_change_streams) once per cluster.
resource "aws_docdb_cluster_parameter_group" "main" {
  count = local.create_documentdb ? 1 : 0

  name        = "${var.name_prefix}-docdb5"
  family      = "docdb5.0"
  description = "tourbook: TLS required, change-stream history kept."

  parameter {
    name  = "tls"
    value = "enabled"
  }

  parameter {
    name  = "change_stream_log_retention_duration"
    value = tostring(var.change_stream_retention_seconds)
  }

  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
}

resource "aws_docdb_cluster" "main" {
  count = local.create_documentdb ? 1 : 0

  cluster_identifier              = "${var.name_prefix}-docdb"
  engine                          = "docdb"
  engine_version                  = "5.0.0"
  master_username                 = local.documentdb_user
  master_password                 = random_password.documentdb.result
  db_subnet_group_name            = aws_docdb_subnet_group.main[0].name
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.main[0].name
  vpc_security_group_ids          = [var.docdb_security_group_id]
  storage_encrypted               = true
  backup_retention_period         = 7
  deletion_protection             = true
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${var.name_prefix}-docdb-final"
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}

resource "aws_docdb_cluster_instance" "main" {
  count = local.create_documentdb ? var.documentdb_instance_count : 0

  identifier         = "${var.name_prefix}-docdb-${count.index}"
  cluster_identifier = aws_docdb_cluster.main[0].id
  instance_class     = var.documentdb_instance_class
}

resource "aws_elasticache_subnet_group" "main" {
  name       = "${var.name_prefix}-redis"
  subnet_ids = var.private_subnet_ids
}

# Cluster mode stays disabled (default.redis7 parameter group): availability's claim and release
# Lua scripts touch keys that would hash to different slots.
resource "aws_elasticache_replication_group" "main" {
  replication_group_id       = "${var.name_prefix}-redis"
  description                = "tourbook availability pool and login throttling"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = var.redis_node_type
  port                       = 6379
  parameter_group_name       = "default.redis7"
  num_cache_clusters         = 1 + var.redis_replicas
  automatic_failover_enabled = var.redis_replicas > 0
  multi_az_enabled           = var.redis_replicas > 0
  subnet_group_name          = aws_elasticache_subnet_group.main.name
  security_group_ids         = [var.redis_security_group_id]
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.redis_auth.result
  snapshot_retention_limit   = 3
}

resource "tls_private_key" "jwt" {
  algorithm = "RSA"
  rsa_bits  = 2048
}

# One secret per environment variable of the nodes; ECS injects them, nothing else reads them.
resource "aws_secretsmanager_secret" "node" {
  for_each = toset(["MONGO_URI", "REDIS_URL", "JWT_PRIVATE_KEY", "JWT_PUBLIC_KEYS", "IAM_ADMIN_PASSWORD"])

  name                    = "${var.name_prefix}/${lower(replace(each.key, "_", "-"))}"
  description             = "tourbook ${each.key}"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "node" {
  for_each = aws_secretsmanager_secret.node

  secret_id     = each.value.id
  secret_string = local.secret_values[each.key]
}
