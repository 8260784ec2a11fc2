package io.tourbook.lambda.enricher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.tourbook.contracts.events.EventSchemas;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda entry point ({@code io.tourbook.lambda.enricher.PipeEnricherHandler::handleRequest}):
 * reads the pipe's JSON array of records, writes the enriched array. The schemas load once per
 * execution environment, at class initialisation.
 */
public final class PipeEnricherHandler implements RequestStreamHandler {

  private static final PipeEnricher ENRICHER = new PipeEnricher(EventSchemas.load());

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonArray records;
    try {
      records = new JsonArray(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("the pipe's input is not a JSON array of records", e);
    }
    try {
      output.write(ENRICHER.enrich(records).toBuffer().getBytes());
    } catch (InvalidEventsException e) {
      context.getLogger().log(e.getMessage());
      throw e;
    }
  }
}
