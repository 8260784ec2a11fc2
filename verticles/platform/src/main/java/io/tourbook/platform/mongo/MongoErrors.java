package io.tourbook.platform.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;

/** What a MongoDB failure means, the same for the Vert.x client and the Reactive Streams driver. */
public final class MongoErrors {

  private MongoErrors() {}

  /** A unique index refused the write: the natural way to make a write happen at most once. */
  public static boolean isDuplicateKey(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof MongoBulkWriteException bulk
          && bulk.getWriteErrors().stream()
              .anyMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
        return true;
      }
      if (cause instanceof MongoServerException server
          && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return true;
      }
    }
    return false;
  }
}
