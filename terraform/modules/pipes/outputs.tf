output "pipe_arns" {
  description = "ARN of each stream's pipe."
  value       = { for key, pipe in aws_pipes_pipe.stream : key => pipe.arn }
}

output "enricher_arn" {
  description = "ARN of the enrichment Lambda, or null when there is none."
  value       = one(aws_lambda_function.enricher[*].arn)
}
