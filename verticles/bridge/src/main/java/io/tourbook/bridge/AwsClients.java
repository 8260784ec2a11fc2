package io.tourbook.bridge;

import io.tourbook.bridge.BridgeSettings.Endpoint;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The bridge's AWS SDK v2 async clients, sharing one Netty HTTP client. The SDK's own retries are
 * off: the sinks retry per entry, which the SDK cannot do for a batch's partial failures, and one
 * retry policy is easier to reason about than two stacked.
 */
final class AwsClients implements AutoCloseable {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final int HTTP_THREADS = 2;
  private static final int MAX_CONNECTIONS = 64;

  private final SdkAsyncHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final BridgeSettings settings;

  AwsClients(BridgeSettings settings) {
    this.settings = settings;
    this.http =
        NettyNioAsyncHttpClient.builder()
            .maxConcurrency(MAX_CONNECTIONS)
            .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(HTTP_THREADS))
            .build();
    this.credentials = credentials(settings);
  }

  SqsAsyncClient sqs() {
    return configure(SqsAsyncClient.builder(), settings.sqs()).build();
  }

  EventBridgeAsyncClient eventBridge() {
    return configure(EventBridgeAsyncClient.builder(), settings.eventBridge()).build();
  }

  @Override
  public void close() {
    http.close();
  }

  private <B extends AwsAsyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(
      B builder, Endpoint endpoint) {
    builder
        .httpClient(http)
        .region(Region.of(endpoint.region()))
        .credentialsProvider(credentials)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(CALL_TIMEOUT)
                .build());
    endpoint.override().ifPresent(builder::endpointOverride);
    return builder;
  }

  /**
   * Static credentials when configured; otherwise the default chain (environment, ECS task role),
   * falling back to unsigned requests, which emulators such as ElasticMQ accept and AWS refuses
   * with a clear error.
   */
  private static AwsCredentialsProvider credentials(BridgeSettings settings) {
    if (!settings.accessKeyId().isEmpty()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }
    return AwsCredentialsProviderChain.builder()
        .credentialsProviders(
            DefaultCredentialsProvider.builder().build(), AnonymousCredentialsProvider.create())
        .build();
  }
}
