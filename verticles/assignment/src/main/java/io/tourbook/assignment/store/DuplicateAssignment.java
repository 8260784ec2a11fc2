package io.tourbook.assignment.store;

/**
 * The store refused a new active assignment: the tour or the realtor (or both) already has one.
 * Which, the caller finds out from the store: the server names one index, not every one violated.
 */
public final class DuplicateAssignment extends RuntimeException {

  DuplicateAssignment() {
    super("an active assignment already holds this tour or realtor", null, false, false);
  }
}
