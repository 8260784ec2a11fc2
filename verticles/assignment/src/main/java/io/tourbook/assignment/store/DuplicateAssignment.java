package io.tourbook.assignment.store;

/** An active assignment already holds the tour or the realtor: the store refused a second one. */
public final class DuplicateAssignment extends RuntimeException {

  /** Which of the two the other active assignment holds. */
  public enum Holder {
    TOUR,
    REALTOR
  }

  private final Holder holder;

  DuplicateAssignment(Holder holder) {
    super(
        "an active assignment already holds this " + holder.name().toLowerCase(),
        null,
        false,
        false);
    this.holder = holder;
  }

  public Holder holder() {
    return holder;
  }
}
