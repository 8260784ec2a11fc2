# The AWS shape of tourbook: the bridge writes each stream to a FIFO queue, a Pipe per queue carries
# the events onto the bus, and one rule per consumer group routes them on. The names below are the
# ones config/default.yaml (bridge.streams, bridge.eventbridge.bus-name) and config/aws.yaml use.
locals {
  # One entry per stream of io.tourbook.contracts.events.Streams: the key is the stream's key in
  # config/default.yaml (bridge.streams), the value the service whose events it carries.
  streams = {
    "iam-accounts"           = "iam"
    "listing-listings"       = "listing"
    "payment-payments"       = "payment"
    "tour-tours"             = "tour"
    "assignment-assignments" = "assignment"
    "scheduling-schedules"   = "scheduling"
  }

  stream_queue_names = {
    "iam-accounts"           = "${var.name_prefix}-iam-accounts.fifo"
    "listing-listings"       = "${var.name_prefix}-listing-listings.fifo"
    "payment-payments"       = "${var.name_prefix}-payment-payments.fifo"
    "tour-tours"             = "${var.name_prefix}-tour-tours.fifo"
    "assignment-assignments" = "${var.name_prefix}-assignment-assignments.fifo"
    "scheduling-schedules"   = "${var.name_prefix}-scheduling-schedules.fifo"
  }

  event_bus_name = "${var.name_prefix}-events"

  # The HTTP mount of each service (/api/v1/<mount>); the bridge serves none.
  service_mounts = {
    iam          = "iam"
    listing      = "listings"
    cart         = "carts"
    payment      = "payments"
    tour         = "tours"
    availability = "availability"
    assignment   = "assignments"
    scheduling   = "schedules"
  }
}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

module "network" {
  source = "./modules/network"

  name_prefix             = var.name_prefix
  vpc_cidr                = var.vpc_cidr
  availability_zone_count = var.availability_zone_count
}

module "messaging" {
  source = "./modules/messaging"

  name_prefix            = var.name_prefix
  stream_queue_names     = local.stream_queue_names
  event_bus_name         = local.event_bus_name
  consumer_groups        = local.consumer_groups
  max_receive_count      = var.queue_max_receive_count
  archive_retention_days = var.event_archive_retention_days
  producer_role_arns     = module.compute.task_role_arns
}

module "pipes" {
  source = "./modules/pipes"

  name_prefix        = var.name_prefix
  streams            = local.streams
  queue_arns         = module.messaging.stream_queue_arns
  event_bus_arn      = module.messaging.event_bus_arn
  enricher_jar       = var.enricher_jar
  log_retention_days = var.log_retention_days
}

module "data" {
  source = "./modules/data"

  name_prefix                     = var.name_prefix
  private_subnet_ids              = module.network.private_subnet_ids
  docdb_security_group_id         = module.network.docdb_security_group_id
  redis_security_group_id         = module.network.redis_security_group_id
  mongo_uri                       = var.mongo_uri
  documentdb_instance_class       = var.documentdb_instance_class
  documentdb_instance_count       = var.documentdb_instance_count
  change_stream_retention_seconds = var.change_stream_retention_seconds
  redis_node_type                 = var.redis_node_type
  redis_replicas                  = var.redis_replicas
}

module "compute" {
  source = "./modules/compute"

  name_prefix           = var.name_prefix
  region                = data.aws_region.current.name
  vpc_id                = module.network.vpc_id
  public_subnet_ids     = module.network.public_subnet_ids
  private_subnet_ids    = module.network.private_subnet_ids
  alb_security_group_id = module.network.alb_security_group_id
  app_security_group_id = module.network.app_security_group_id
  app_image             = var.app_image
  node_groups           = var.node_groups
  default_node_group    = var.default_node_group
  service_mounts        = local.service_mounts
  certificate_arn       = var.certificate_arn
  public_url            = var.public_url
  stream_queue_arns     = module.messaging.stream_queue_arns
  secret_arns           = module.data.secret_arns
  admin_email           = var.admin_email
  smtp_host             = var.smtp_host
  smtp_port             = var.smtp_port
  log_retention_days    = var.log_retention_days
}
