package io.tourbook.platform.testsupport;

import io.tourbook.embedded.BackingSettings;
import io.tourbook.embedded.SentMessages;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.mail.SentMail;
import io.tourbook.platform.node.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node started the way the launcher starts one, with the given services, over the test backing
 * services; plus an HTTP client and tokens for any subject and roles. Every service's HTTP tests
 * start from here.
 */
public final class TestNode {

  public final JsonObject config;
  public final NodeRuntime runtime;
  public final NodeContext node;
  public final Auth auth;
  public final int port;
  public final WebClient client;
  private final HttpClient http;

  private TestNode(JsonObject config, NodeRuntime runtime, Vertx vertx, HttpClient http) {
    this.config = config;
    this.runtime = runtime;
    this.node = runtime.context();
    this.auth = node.auth();
    this.port = runtime.httpPort();
    this.client =
        WebClient.create(vertx, new WebClientOptions(clientOptions()).setDefaultPort(port));
    this.http = http;
  }

  public static Future<TestNode> start(
      Vertx vertx, JsonObject config, List<ServiceModule> services) {
    // Created here, on the caller's context: a client created on a context of the node's
    // verticles would be closed with that verticle.
    HttpClient http = vertx.createHttpClient(clientOptions());
    return NodeRuntime.start(vertx, config, services, sentMail(vertx, config))
        .map(runtime -> new TestNode(config, runtime, vertx, http))
        .onFailure(failure -> http.close());
  }

  /**
   * Options for a test's clients of a node. A pooled connection is retired after 5 s idle, before
   * the node closes it (its header timeout, 10 s by default; the node also advertises half of it).
   */
  public static WebClientOptions clientOptions() {
    return new WebClientOptions().setDefaultHost("localhost").setKeepAliveTimeout(5);
  }

  /**
   * The test backing services' config over clean data, changed by {@code configure}: what a node a
   * test starts next runs on.
   */
  public static JsonObject freshConfig(Consumer<JsonObject> configure) {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    configure.accept(config);
    return config;
  }

  /**
   * A client of one of the services' databases on the test MongoDB of {@code config}, as a test
   * reads or writes it directly, past the service. Shared by name: closing it releases this use.
   */
  public static MongoClient database(Vertx vertx, JsonObject config, String name) {
    return MongoClient.createShared(
        vertx,
        new JsonObject()
            .put("connection_string", config.getJsonObject("mongo").getString("uri"))
            .put("db_name", name),
        "test-" + name);
  }

  /**
   * The test GreenMail's messages when {@code config} sends mail to it, as the development launcher
   * gives them; empty when it names another SMTP server.
   */
  private static Optional<SentMail> sentMail(Vertx vertx, JsonObject config) {
    BackingSettings test = TestBackingServices.get().settings();
    JsonObject smtp = config.getJsonObject("smtp", new JsonObject());
    boolean embedded =
        test.smtpHost().equals(smtp.getString("host"))
            && smtp.getInteger("port", 0) == test.smtpPort();
    return TestBackingServices.get()
        .mail()
        .filter(mail -> embedded)
        .map(mail -> () -> vertx.executeBlocking(() -> SentMessages.list(mail), false));
  }

  /**
   * A valid token for {@code subject} with {@code roles}, signed by the node's key; the subject is
   * recorded as an active account in the test Redis, as iam would.
   */
  public String token(String subject, String... roles) {
    TestBackingServices.get().markAccountsActive(subject);
    return auth.keys()
        .sign(new JsonObject().put("sub", subject).put("roles", new JsonArray(List.of(roles))));
  }

  /** A request to this node, with a bearer token unless {@code token} is null. */
  public HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request;
  }

  public Future<HttpResponse<Buffer>> get(String path, String token) {
    return request(HttpMethod.GET, path, token).send();
  }

  public Future<HttpResponse<Buffer>> delete(String path, String token) {
    return request(HttpMethod.DELETE, path, token).send();
  }

  /** Sends {@code body} as it is, so tests can send malformed JSON too. */
  public Future<HttpResponse<Buffer>> send(
      HttpMethod method, String path, String token, String body) {
    return request(method, path, token)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body));
  }

  /**
   * The status a request answers with, read as soon as the response head arrives: an event stream
   * never ends its response, so its connection is closed then instead of read to the end (and out
   * of the pool before the node stops).
   */
  public Future<Integer> status(HttpMethod method, String path, String token, String body) {
    RequestOptions options =
        new RequestOptions()
            .setPort(port)
            .setMethod(method)
            .setURI(path)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    return http.request(options)
        .compose(
            request ->
                request
                    .send(body)
                    .compose(
                        response -> {
                          String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
                          if (type == null || !type.startsWith("text/event-stream")) {
                            return response.body().map(response.statusCode());
                          }
                          response.exceptionHandler(cutOnPurpose -> {});
                          return request.connection().close().map(response.statusCode());
                        }));
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, String body) {
    return send(HttpMethod.POST, path, token, body);
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    return send(HttpMethod.POST, path, token, body.encode());
  }

  /** Completes the test once {@code result} succeeded and passed {@code assertions}. */
  public static <T> void expect(
      Future<T> result, VertxTestContext testContext, Consumer<T> assertions) {
    result.onComplete(
        testContext.succeeding(
            value ->
                testContext.verify(
                    () -> {
                      assertions.accept(value);
                      testContext.completeNow();
                    })));
  }

  /** Waits until the subscription has handled every change of its stream written so far. */
  public void drained(String subscriptionId) throws Exception {
    Eventually.until(
        subscriptionId + " drained",
        () ->
            Eventually.await(node.events().subscriptions()).stream()
                .map(JsonObject.class::cast)
                .filter(status -> subscriptionId.equals(status.getString("subscription")))
                .anyMatch(status -> Long.valueOf(0).equals(status.getLong("pendingChanges"))));
  }

  public Future<Void> stop() {
    client.close();
    return http.close().eventually(runtime::stop);
  }
}
